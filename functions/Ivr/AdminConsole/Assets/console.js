// The Ivr admin console. Plain JavaScript, no build step, no library: it draws the console's views into <main> and
// does everything through the admin API (/api/admin), signed in by the console's cookie and sending the page's
// antiforgery token with every change. So the API's validation, versioning and If-Match apply to the console as they
// do to curl. The views: lines, a line's rules (one form), who rings when (a week), a call tester, history, people now.
// Each view is a module of its own; this one picks the view the address names (#/, #/new, #/line/<number>/<view>).
import { h, show, sayCarried } from './dom.js';
import { listView } from './lines.js';
import { editView } from './rules-view.js';
import { weekView } from './week.js';
import { testView } from './tester.js';
import { historyView } from './history.js';
import { peopleView } from './people.js';

async function route() {
  const hash = location.hash || '#/';
  const match = hash.match(/^#\/line\/([^/]+)(?:\/(week|test|history|people))?$/);
  sayCarried();
  try {
    if (hash === '#/new') await editView(null);
    else if (match) {
      const number = decodeURIComponent(match[1]);
      const view = match[2];
      if (view === 'week') await weekView(number);
      else if (view === 'test') await testView(number);
      else if (view === 'history') await historyView(number);
      else if (view === 'people') await peopleView(number);
      else await editView(number);
    } else await listView();
  } catch (error) {
    show('Error', h('h1', null, 'Something went wrong'), h('p', { role: 'alert', class: 'error' }, error.message));
  }
}

window.addEventListener('hashchange', route);
route();
