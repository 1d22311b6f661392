// Every line: number, name, open now or not, its people, its last change. One request, however many lines there are
// (/api/admin/lines-overview), so a long list never uses up the admin key's rate limit.
import { h, show, lineHash, when } from './dom.js';
import { apiOk } from './api.js';

const ROUTES = { open: 'Open', closed: 'Closed', fallback: 'No usable rules (fallback number)' };

export async function listView() {
  const { json: lines } = await apiOk('GET', '/lines-overview');
  const rows = lines.map((line) => h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: lineHash(line.number) }, line.number)),
    h('td', null, line.name),
    h('td', { class: line.route === 'open' ? 'open' : 'closed' }, ROUTES[line.route] ?? line.route),
    h('td', null, `${line.free} free, ${line.busy} busy, ${line.away} away${line.waiting ? `, ${line.waiting} waiting` : ''}`),
    h('td', null, `version ${line.version}, ${when(line.changedAt)} by ${line.changedBy}`)));
  show('Lines',
    h('h1', null, 'Lines'),
    h('p', null, h('a', { class: 'button', href: '#/new' }, 'New line')),
    lines.length === 0
      ? h('p', null, 'No lines yet. Create the first one with "New line".')
      : h('div', { class: 'scroll', role: 'region', 'aria-label': 'Lines', tabindex: 0 },
        h('table', { class: 'lines' },
          h('caption', null, 'Every line with rules'),
          h('thead', null, h('tr', null, ['Number', 'Name', 'Open now', 'People', 'Last change'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', null, rows))));
}
