// Every line: number, name, open now or not, its people, its last change.
import { h, show, lineHash, when } from './dom.js';
import { api, apiOk, linePath } from './api.js';

export async function listView() {
  const { json: lines } = await apiOk('GET', '/lines');
  const rows = lines.map((line) => {
    const open = h('td', { class: 'muted' }, '…');
    const people = h('td', { class: 'muted' }, '…');
    fillOpenNow(line.number, open);
    fillPeople(line.number, people);
    return h('tr', null,
      h('th', { scope: 'row' }, h('a', { href: lineHash(line.number) }, line.number)),
      h('td', null, line.name),
      open,
      people,
      h('td', null, `version ${line.version}, ${when(line.changedAt)} by ${line.changedBy}`));
  });
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

export async function fillOpenNow(number, cell) {
  const answer = await api('POST', `${linePath(number)}/dry-run`, {});
  cell.className = answer.json?.route === 'open' ? 'open' : 'closed';
  cell.textContent = answer.status !== 200 ? 'unknown' : answer.json.route === 'open' ? 'Open' : answer.json.route === 'closed' ? 'Closed' : 'Fallback';
}

export async function fillPeople(number, cell) {
  const answer = await api('GET', `${linePath(number)}/people`);
  if (answer.status !== 200) { cell.textContent = 'unknown'; return; }
  const count = (state) => answer.json.people.filter((p) => p.state === state).length;
  const waiting = answer.json.waitingSince?.length ?? 0;
  cell.className = '';
  cell.textContent = `${count('available')} free, ${count('busy') + count('wrap-up') + count('offered')} busy, ${count('away')} away${waiting ? `, ${waiting} waiting` : ''}`;
}
