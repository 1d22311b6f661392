// A line's versions: who changed it and when, the differences between any two, and restoring one.
import { h, show, say, lineNav, button, when } from './dom.js';
import { api, apiOk, ApiError, linePath } from './api.js';
import { differences, diffTable } from './rules-diff.js';
import { drafts } from './drafts.js';

export async function historyView(number) {
  const { json: versions } = await apiOk('GET', `${linePath(number)}/versions`);
  const diff = h('div', { id: 'diff', 'aria-live': 'polite' });
  const options = versions.map((v) => h('option', { value: v.version }, `Version ${v.version}: ${v.change}`));
  const fromSelect = h('select', { id: 'diff-from' }, options.map((o) => o.cloneNode(true)));
  const toSelect = h('select', { id: 'diff-to' }, options);
  if (versions.length > 1) fromSelect.value = String(versions[1].version);
  const compare = async () => {
    const [a, b] = await Promise.all([fromSelect.value, toSelect.value].map((v) => apiOk('GET', `${linePath(number)}/versions/${v}`)));
    diff.replaceChildren(diffTable(`From version ${fromSelect.value} to version ${toSelect.value}`, differences(a.json.rules ?? {}, b.json.rules ?? {}),
      `Version ${fromSelect.value}`, `Version ${toSelect.value}`));
  };
  const restore = async (version) => {
    const current = await api('GET', linePath(number));
    const headers = current.status === 200 ? { 'If-Match': current.etag } : {};
    const answer = await api('POST', `${linePath(number)}/versions/${version}/restore`, undefined, headers);
    if (answer.status === 200) {
      drafts.delete(number);
      await historyView(number);
      say(`Restored version ${version}; it is now version ${answer.etag?.replaceAll('"', '')}.`, 'ok');
    } else say(new ApiError(answer).message, 'error');
  };
  show(`History — ${number}`,
    h('h1', null, `History of ${number}`),
    lineNav(number, 'history'),
    h('div', { class: 'scroll', role: 'region', 'aria-label': 'Versions', tabindex: 0 },
      h('table', { class: 'versions' },
        h('caption', null, 'Every version, newest first'),
        h('thead', null, h('tr', null, ['Version', 'When', 'Who', 'What', ''].map((c, i) => h('th', { scope: 'col' }, c || h('span', { class: 'sr' }, 'Actions'))))),
        h('tbody', null, versions.map((v, i) => h('tr', null,
          h('th', { scope: 'row' }, String(v.version)),
          h('td', null, when(v.changedAt)),
          h('td', null, v.changedBy),
          h('td', null, v.change),
          h('td', null, i === 0 || v.change === 'deleted' ? '' : button(`Restore version ${v.version}`, () => restore(v.version), { class: 'restore' }))))))),
    h('section', { 'aria-labelledby': 'compare-heading' },
      h('h2', { id: 'compare-heading' }, 'Compare two versions'),
      h('div', { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'diff-from' }, 'From'), fromSelect),
        h('div', { class: 'field' }, h('label', { for: 'diff-to' }, 'To'), toSelect),
        button('Show differences', compare, { id: 'compare' })),
      diff));
}
