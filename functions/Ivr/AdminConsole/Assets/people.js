// A line's people now: free, busy or away (and marking them so), callers waiting, and callbacks pending.
import { h, show, say, lineNav, button, capital } from './dom.js';
import { api, apiOk, ApiError, linePath } from './api.js';

export const STATES = {
  available: 'free', busy: 'busy on a call', 'wrap-up': 'wrapping up', offered: 'being offered a waiting caller', away: 'away',
};

export async function peopleView(number) {
  const { json } = await apiOk('GET', `${linePath(number)}/people`);
  const now = Date.now();
  const minutes = (iso) => Math.max(0, Math.round((now - new Date(iso).getTime()) / 60000));
  const setPresence = async (person, presence) => {
    const answer = await api('PUT', `${linePath(number)}/people/${encodeURIComponent(person)}`, { presence });
    if (answer.status === 200) { await peopleView(number); say(`${person} is now ${STATES[answer.json.state] ?? answer.json.state}.`, 'ok'); }
    else say(new ApiError(answer).message, 'error');
  };
  const callbacks = Array.isArray(json.callbacks) ? json.callbacks : null;
  show(`People now — ${number}`,
    h('h1', null, `People now on ${number}`),
    lineNav(number, 'people'),
    h('div', { class: 'scroll', role: 'region', 'aria-label': 'People', tabindex: 0 },
      h('table', { class: 'people' },
        h('caption', null, 'Everyone in the line\'s ring groups'),
        h('thead', null, h('tr', null, ['Person', 'Groups', 'Now', ''].map((c) => h('th', { scope: 'col' }, c || h('span', { class: 'sr' }, 'Actions'))))),
        h('tbody', null, json.people.map((p) => h('tr', null,
          h('th', { scope: 'row' }, p.person),
          h('td', null, p.groups.join(', ')),
          h('td', { class: `state ${p.state}` }, capital(STATES[p.state] ?? p.state),
            p.busySince ? ` for ${minutes(p.busySince)} min` : '', p.freeFrom ? `, free at ${new Date(p.freeFrom).toLocaleTimeString()}` : ''),
          h('td', null, p.state === 'away'
            ? button('Mark available', () => setPresence(p.person, 'available'), { 'aria-label': `Mark available: ${p.person}` })
            : button('Mark away', () => setPresence(p.person, 'away'), { 'aria-label': `Mark away: ${p.person}` }))))))),
    h('h2', null, 'Callers waiting'),
    json.waitingSince.length === 0 ? h('p', null, 'Nobody is waiting.')
      : h('ol', null, json.waitingSince.map((t) => h('li', null, `Waiting for ${minutes(t)} min (since ${new Date(t).toLocaleTimeString()})`))),
    callbacks && h('h2', null, 'Callbacks pending'),
    callbacks && (callbacks.length === 0 ? h('p', null, 'No callbacks pending.')
      : h('ol', null, callbacks.map((c) => h('li', null, callbackText(c, minutes))))),
    h('p', null, button('Refresh', () => { say(''); peopleView(number); })));
}

/** A pending callback in words: when it was asked for, its place, its attempts and what happens next. Never a number. */
function callbackText(c, minutes) {
  const time = (iso) => new Date(iso).toLocaleTimeString();
  const parts = [`Asked ${minutes(c.requestedAt)} min ago (${time(c.requestedAt)})`];
  if (c.waitingSince) parts.push(`in line since ${time(c.waitingSince)}`);
  if (c.attempts) parts.push(`${c.attempts} attempt${c.attempts === 1 ? '' : 's'} so far`);
  if (c.inProgress) parts.push('being called now');
  else if (c.nextAttemptAt && new Date(c.nextAttemptAt) > new Date()) parts.push(`next try at ${time(c.nextAttemptAt)}`);
  return parts.join(', ');
}
