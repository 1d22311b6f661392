// "Who rings when": a week of the saved rules or the draft, hour by hour, and the next closures and holidays.
import { h, show, lineNav, button, capital, weekday } from './dom.js';
import { api, ApiError, linePath } from './api.js';
import { describePath } from './rules-diff.js';
import { drafts, cleaned, rulesChoice } from './drafts.js';

export async function weekView(number) {
  const result = h('div', { id: 'week-result' });
  let weekOf = null;
  const choice = rulesChoice(number, () => draw());
  async function draw() {
    const useDraft = choice.useDraft();
    const answer = await api('POST', `${linePath(number)}/week`, { ...(weekOf ? { weekOf } : {}), ...(useDraft ? { rules: cleaned(drafts.get(number).draft) } : {}) });
    if (answer.status === 400) {
      result.replaceChildren(h('div', { class: 'error-summary', role: 'alert' }, h('h2', null, 'The draft has errors; fix them on the Rules tab:'),
        h('ul', null, Object.entries(answer.json.errors).map(([p, m]) => h('li', null, `${capital(describePath(p))}: ${m.join(' ')}`)))));
      return;
    }
    if (answer.status !== 200) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, new ApiError(answer).message));
      return;
    }
    // The week plans as if everyone were free; a call placed now skips whoever is marked away.
    const people = await api('GET', `${linePath(number)}/people`);
    const away = people.status === 200 ? people.json.people.filter((p) => p.state === 'away').map((p) => p.person) : [];
    result.replaceChildren(weekTable(answer.json, useDraft, away), daysOff(answer.json));
  }
  const shift = (days) => {
    const base = new Date(`${weekOf ?? result.querySelector('table')?.dataset.week ?? new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    base.setUTCDate(base.getUTCDate() + days);
    weekOf = base.toISOString().slice(0, 10);
    draw();
  };
  show(`Who rings when — ${number}`,
    h('h1', null, `Who rings when: ${number}`),
    lineNav(number, 'week'),
    h('p', null, 'Each hour of the week, for a caller the line does not know, with everyone free: open or closed, and who rings first. Planned by the same code that answers calls. People marked away are left out when the call comes.'),
    choice.element,
    h('div', { class: 'row' },
      button('Previous week', () => shift(-7)),
      h('div', { class: 'field' }, h('label', { for: 'week-of' }, 'Week of (any day)'),
        h('input', { id: 'week-of', type: 'date', onchange: (e) => { weekOf = e.target.value || null; draw(); } })),
      button('Next week', () => shift(7))),
    result);
  await draw();
}

export const shortStep = (hour) => {
  if (!hour.firstStep) return '';
  const group = hour.firstStep.match(/^'([^']+)'/);
  return group ? group[1] : hour.firstStep;
};

/** Today's date (yyyy-MM-dd) and hour in the line's time zone, to mark the hour a call placed now falls in. */
export function nowIn(timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), time: `${parts.hour}:${parts.minute}` };
}

export function weekTable(week, draft, away = []) {
  const now = nowIn(week.timeZone);
  const today = week.days.find((day) => day.date === now.date);
  const current = today?.hours[now.hour];
  const rows = [];
  for (let hour = 0; hour < 24; hour++) {
    rows.push(h('tr', null,
      h('th', { scope: 'row' }, `${String(hour).padStart(2, '0')}:00`),
      week.days.map((day) => {
        const cell = day.hours[hour];
        const who = shortStep(cell);
        const words = cell.route === 'open' ? who : cell.route === 'partly' ? `part: ${who}` : cell.route === 'skipped' ? 'skipped' : 'closed';
        const isNow = day.date === now.date && hour === now.hour;
        return h('td', { class: `hour ${cell.route}${isNow ? ' now' : ''}`, 'aria-current': isNow ? 'time' : undefined, title: `${cell.why.join(' ')}${cell.firstStep ? ` First rings: ${cell.firstStep}.` : ''}`, 'data-route': cell.route },
          words, cell.route !== 'open' && cell.firstStep ? h('span', { class: 'sr' }, `, rings ${cell.firstStep}`) : null,
          isNow ? h('span', { class: 'now-mark' }, ' (now)') : null);
      })));
  }
  const firstSteps = new Map();
  for (const day of week.days) for (const cell of day.hours) if (cell.firstStep) firstSteps.set(cell.firstStep, cell.ringsFirst);
  return h('div', null,
    current && h('p', { class: 'now-line' }, `Now (${weekday(now.date)} ${now.time} in ${week.timeZone}) the line is ${current.route === 'partly' ? 'partly open this hour' : current.route}`,
      current.firstStep ? `; a call now first rings ${current.firstStep}: ${current.ringsFirst.join(', ')}.` : '.',
      away.length > 0 ? ` Marked away now, so left out of every ring: ${away.join(', ')} (see People now).` : ''),
    h('div', { class: 'scroll', role: 'region', 'aria-label': 'Week view', tabindex: 0 },
      h('table', { class: 'week', 'data-week': week.weekOf },
        h('caption', null, `Week of ${week.weekOf} in ${week.timeZone}${draft ? ' (your draft)' : ' (saved rules)'}`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Hour'), week.days.map((day) => h('th', { scope: 'col' }, `${day.weekday.slice(0, 3)} ${day.date.slice(5)}`)))),
        h('tbody', null, rows))),
    h('h2', null, 'Who rings first'),
    h('ul', { class: 'legend' }, [...firstSteps].map(([step, targets]) => h('li', null, `${step}: ${targets.join(', ')}`))));
}

export function daysOff(week) {
  return h('section', { 'aria-labelledby': 'days-off' },
    h('h2', { id: 'days-off' }, 'Next closures and holidays'),
    week.daysOff.length === 0
      ? h('p', null, 'None in the next four months.')
      : h('ul', { class: 'days-off' }, week.daysOff.map((d) => h('li', null, `${weekday(d.date)} ${d.date}: ${d.name}${d.kind === 'closure' ? ' (closure)' : ''}`))));
}
