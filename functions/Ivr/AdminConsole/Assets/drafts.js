// Unsaved changes to lines: kept per line while the admin moves between its views, so the week view and the tester
// can try them before they are saved.
import { h, clone, uniqueId } from './dom.js';
import { apiOk, linePath } from './api.js';

export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

// Unsaved work per line (and for a new line, under ''), kept while the admin moves between the line's views.
export const drafts = new Map();

export const NEW_LINE = () => ({
  name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Amsterdam',
  openingHours: { monday: ['09:00-17:00'], tuesday: ['09:00-17:00'], wednesday: ['09:00-17:00'], thursday: ['09:00-17:00'], friday: ['09:00-17:00'] },
  ringGroups: [{ name: 'Desk', members: [''], strategy: 'simultaneous', ringTimeoutSeconds: 20 }],
});

/** The line's draft: kept from earlier in this tab, or read from the API. */
export async function loadDraft(number) {
  const key = number ?? '';
  if (drafts.has(key)) return drafts.get(key);
  if (number === null) {
    const fresh = { number: '', etag: null, base: null, draft: NEW_LINE() };
    drafts.set(key, fresh);
    return fresh;
  }
  const answer = await apiOk('GET', linePath(number));
  const base = answer.json;
  delete base.number;
  const state = { number, etag: answer.etag, base, draft: clone(base) };
  drafts.set(key, state);
  return state;
}

/** What is sent: empty lists, blank list items and switched-off parts left out. */
export function cleaned(draft) {
  const doc = clone(draft);
  if (doc.openingHours) {
    for (const day of DAYS) {
      const list = (doc.openingHours[day] ?? []).filter((i) => i && i.trim() !== '-');
      if (list.length === 0) delete doc.openingHours[day];
      else doc.openingHours[day] = list;
    }
  }
  for (const key of ['closures', 'publicHolidays', 'vipCallers']) if (Array.isArray(doc[key]) && doc[key].length === 0) delete doc[key];
  if (doc.texts && Object.keys(doc.texts).length === 0) delete doc.texts;
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  return doc;
}

// Form controls bound to a path of the draft.

export function rulesChoice(number, onChange) {
  const state = drafts.get(number);
  const hasDraft = state && JSON.stringify(state.base) !== JSON.stringify(state.draft);
  if (!hasDraft) return { element: h('p', { class: 'muted' }, 'Showing the saved rules.'), useDraft: () => false };
  const id = uniqueId('use-draft');
  const box = h('input', { type: 'checkbox', id, checked: true, onchange: onChange });
  return {
    element: h('div', { class: 'field check' }, box, h('label', { for: id }, 'Use my unsaved changes (the draft)')),
    useDraft: () => box.checked,
  };
}
