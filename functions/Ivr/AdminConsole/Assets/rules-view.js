// A line's rules in one form: create, change, discard, delete; saved with If-Match, and a conflict shown, not lost.
import { h, clone, show, say, carry, lineHash, lineNav } from './dom.js';
import { api, ApiError, linePath } from './api.js';
import { differences, diffTable, setPath } from './rules-diff.js';
import { drafts, loadDraft, cleaned } from './drafts.js';
import { ruleSections } from './rules-fields.js';
import { clearErrors, showErrors } from './field-errors.js';

export async function editView(number) {
  const state = await loadDraft(number);
  const title = number ? `${state.draft.name || number}` : 'New line';
  const form = h('form', { class: 'rules', novalidate: true, 'aria-labelledby': 'rules-heading' });
  const summary = h('div', { id: 'error-summary' });
  const conflict = h('div', { id: 'conflict' });
  const changed = () => JSON.stringify(state.base) !== JSON.stringify(state.draft);

  function render(focusId) {
    form.replaceChildren(...ruleSections(state, number === null, render),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, number ? 'Save changes' : 'Create line'),
        number && h('button', { type: 'button', onclick: discard }, 'Discard changes'),
        number && h('button', { type: 'button', class: 'danger', onclick: askDelete }, 'Delete line…')));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function discard() {
    state.draft = clone(state.base);
    clearErrors(form, summary);
    render();
    say('Changes discarded.');
  }

  function askDelete(event) {
    const confirmBox = h('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'confirm-text' },
      h('p', { id: 'confirm-text' }, `Delete line ${number}? Calls to it then get the fallback number. Its history stays, and a version can be restored.`),
      h('button', { type: 'button', class: 'danger', id: 'confirm-delete', onclick: deleteLine }, `Yes, delete ${number}`),
      h('button', { type: 'button', onclick: () => { confirmBox.remove(); event.target.focus(); } }, 'Keep it'));
    event.target.after(confirmBox);
    document.getElementById('confirm-delete').focus();
  }

  async function deleteLine() {
    const answer = await api('DELETE', linePath(number), undefined, { 'If-Match': state.etag });
    if (answer.status === 204) {
      drafts.delete(number);
      carry(`Line ${number} deleted.`, 'ok');
      location.hash = '#/';
    } else if (answer.status === 412) {
      await showConflict();
    } else say(new ApiError(answer).message, 'error');
  }

  async function save(overwrite) {
    clearErrors(form, summary);
    const target = number ?? (state.number || '').trim();
    if (!target) {
      showErrors(form, summary, { number: ['Give the line\'s number in E.164 form, such as +31201234567.'] });
      return;
    }
    const headers = number ? { 'If-Match': overwrite ?? state.etag } : { 'If-None-Match': '*' };
    const body = cleaned(state.draft);
    const answer = await api('PUT', linePath(target), body, headers);
    if (answer.status === 200 || answer.status === 201) {
      const saved = answer.json;
      delete saved.number;
      const next = { number: target, etag: answer.etag, base: saved, draft: clone(saved) };
      drafts.delete(number ?? '');
      drafts.set(target, next);
      conflict.replaceChildren();
      const message = `Saved ${target}: now version ${answer.etag?.replaceAll('"', '')}.`;
      say(message, 'ok');
      if (!number) { carry(message, 'ok'); location.hash = lineHash(target); }
      else { Object.assign(state, next); render(); }
    } else if (answer.status === 400) {
      showErrors(form, summary, answer.json.errors ?? { body: [answer.json.title] });
    } else if (answer.status === 412) {
      if (number) await showConflict();
      else showErrors(form, summary, { number: [`Line ${target} already exists. Open it from the list to change it.`] });
    } else say(new ApiError(answer).message, 'error');
  }

  /** Someone saved the line since it was read: show what they changed, and let the admin choose, knowingly. */
  async function showConflict() {
    const current = await api('GET', linePath(number));
    const theirs = current.status === 200 ? current.json : null;
    if (theirs) delete theirs.number;
    conflict.replaceChildren(h('section', { class: 'conflict', 'aria-labelledby': 'conflict-heading' },
      h('h2', { id: 'conflict-heading', role: 'alert' }, 'Someone else changed this line since you opened it'),
      h('p', null, theirs
        ? `It is now at version ${current.etag?.replaceAll('"', '')}. Nothing of yours was saved yet. What they changed:`
        : 'It was deleted meanwhile. Nothing of yours was saved.'),
      theirs && diffTable('Changed meanwhile', differences(state.base, theirs), 'When you opened it', 'Now'),
      diffTable('Your unsaved changes', differences(state.base, state.draft), 'When you opened it', 'Yours'),
      h('div', { class: 'actions' },
        theirs && h('button', { type: 'button', id: 'conflict-reload', onclick: () => {
          Object.assign(state, { etag: current.etag, base: theirs, draft: clone(theirs) });
          conflict.replaceChildren();
          render();
          say('Loaded their version; your changes were dropped.');
        } }, 'Load their version (drop mine)'),
        theirs && h('button', { type: 'button', class: 'danger', id: 'conflict-overwrite', onclick: () => save(current.etag) }, 'Save mine over theirs'))));
    conflict.querySelector('h2').setAttribute('tabindex', '-1');
    conflict.querySelector('h2').focus();
  }

  form.addEventListener('input', (event) => bindInput(state, event.target));
  form.addEventListener('change', (event) => {
    if (toggleSection(state.draft, event.target)) render(event.target.id);
    else bindInput(state, event.target);
  });
  form.addEventListener('submit', (event) => { event.preventDefault(); save(); });
  render();
  show(title,
    h('h1', { id: 'rules-heading' }, number ? `Line ${number}` : 'New line'),
    number && lineNav(number, ''),
    h('p', { class: 'muted' }, number
      ? `Version ${state.etag?.replaceAll('"', '')}. Changes are kept in this tab until you save or discard them; "Who rings when" and "Test a call" can try them first.`
      : 'Fill in what you need; everything but the time zone and one ring group is optional.'),
    conflict, summary, form);
  if (number && changed()) say('You have unsaved changes on this line.');
}

/** The switches that add or drop a whole part of the rules; true when the form must be drawn again. */
export function toggleSection(d, input) {
  const path = input.dataset.path;
  if (!['$alwaysOpen', '$menu', '$sticky'].includes(path)) return false;
  const on = input.checked;
  if (path === '$alwaysOpen') d.openingHours = on ? undefined : { monday: ['09:00-17:00'], tuesday: ['09:00-17:00'], wednesday: ['09:00-17:00'], thursday: ['09:00-17:00'], friday: ['09:00-17:00'] };
  if (path === '$menu') d.menu = on ? { prompt: '', timeoutSeconds: 3, options: {} } : undefined;
  if (path === '$sticky') d.sticky = on ? { withinDays: 30, ringTimeoutSeconds: 15 } : undefined;
  for (const key of ['openingHours', 'menu', 'sticky']) if (d[key] === undefined) delete d[key];
  return true;
}

/** Types a form control's value into the draft at its data-path. */
export function bindInput(state, input) {
  const path = input.dataset.path;
  if (!path || (path.startsWith('$') && path !== '$number')) return;
  let value;
  if (input.type === 'checkbox') value = input.checked;
  else if (input.dataset.kind === 'number') value = input.value.trim() === '' ? undefined : (/^-?\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : input.value.trim());
  else value = input.value === '' ? undefined : input.value;
  if (path === '$number') state.number = input.value;
  else setPath(state.draft, path, value);
}
