// The Ivr admin console. Plain JavaScript, no build step, no library: it draws the console's views into <main> and
// does everything through the admin API (/api/admin), signed in by the console's cookie and sending the page's
// antiforgery token with every change. So the API's validation, versioning and If-Match apply to the console as they
// do to curl. The views: lines, a line's rules (one form), who rings when (a week), a call tester, history, people now.
'use strict';

const antiforgery = document.querySelector('meta[name="ivr-antiforgery"]')?.content ?? '';
const main = document.getElementById('main');
const statusLine = document.getElementById('status');

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const HOLIDAY_SETS = [['NL', 'Netherlands (New Year, Easter, King\'s Day, Liberation Day in lustrum years, Ascension, Whitsun, Christmas)'], ['DE', 'Germany (the nine nationwide holidays)']];
const LANGUAGES = ['nl-NL', 'de-DE', 'en-GB', 'en-US', 'fr-FR', 'es-ES'];
const VOICES = ['man', 'woman', 'alice', 'Polly.Lotte', 'Polly.Ruben', 'Polly.Vicki', 'Polly.Marlene', 'Polly.Vicki-Neural', 'Google.nl-NL-Standard-A', 'Google.de-DE-Neural2-B'];
const TEXTS = [
  ['leaveAMessage', 'Before a voicemail'],
  ['goodbye', 'When nobody answered (goodbye)'],
  ['thanksForTheMessage', 'After a voicemail'],
  ['closed', 'After hours, with the "message" choice and no words of its own'],
  ['screening', 'Heard by the person who picks up a screened call (must contain {line})'],
];
const STATES = {
  available: 'free', busy: 'busy on a call', 'wrap-up': 'wrapping up', offered: 'being offered a waiting caller', away: 'away',
};

// Unsaved work per line (and for a new line, under ''), kept while the admin moves between the line's views.
const drafts = new Map();

// ---------- small helpers

/** Makes an element: h('p', { class: 'x', onclick: f }, 'text', child). */
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'checked' || name === 'value' || name === 'selected') node[name] = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const lineHash = (number, view) => `#/line/${encodeURIComponent(number)}${view ? `/${view}` : ''}`;
const idOf = (path) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
let idCounter = 0;
const uniqueId = (prefix) => `${prefix}-${++idCounter}`;

// A message to show once the next view is drawn (drawing a view clears the last one).
let carried = null;

function say(message, kind = 'info') {
  statusLine.textContent = message;
  statusLine.className = `status ${kind}`;
}

/** Shows a view: its title, its content in <main>, focus on its heading so screen readers announce it. */
function show(title, ...content) {
  document.title = `${title} — Ivr admin`;
  main.replaceChildren(...content.filter((part) => part !== null && part !== undefined && part !== false));
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

// ---------- the admin API

class ApiError extends Error {
  constructor(answer) {
    super(answer.json?.detail || answer.json?.title || `The server answered ${answer.status}.`);
    this.answer = answer;
  }
}

/** Calls the admin API; answers { status, etag, json }. A lapsed session sends the admin back to the sign-in. */
async function api(method, path, body, headers = {}) {
  const response = await fetch(`/api/admin${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'X-Ivr-Antiforgery': antiforgery }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await response.json() : null;
  const answer = { status: response.status, etag: response.headers.get('etag'), json };
  if (response.status === 401) {
    say('Your sign-in has ended. Reload the page to sign in again; your unsaved changes are still in this tab.', 'error');
  }
  return answer;
}

async function apiOk(method, path, body, headers) {
  const answer = await api(method, path, body, headers);
  if (answer.status >= 400) throw new ApiError(answer);
  return answer;
}

const linePath = (number) => `/lines/${encodeURIComponent(number)}`;

// ---------- paths in the rules document ("ringGroups[0].members[1]")

function tokens(path) {
  return [...path.matchAll(/[^.[\]]+/g)].map((m) => (/^\d+$/.test(m[0]) ? Number(m[0]) : m[0]));
}

function getPath(object, path) {
  return tokens(path).reduce((node, key) => (node == null ? undefined : node[key]), object);
}

function setPath(object, path, value) {
  const keys = tokens(path);
  let node = object;
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] == null) node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
  const last = keys[keys.length - 1];
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
}

const FIELD_NAMES = {
  name: 'name', timeZone: 'time zone', language: 'language', voice: 'voice', texts: 'own words', openingHours: 'opening hours',
  closures: 'closure', publicHolidays: 'public holidays', ringGroups: 'ring group', members: 'member', strategy: 'strategy',
  ringTimeoutSeconds: 'ring time (s)', whenNobodyAnswers: 'when nobody answers', afterHours: 'after hours', action: 'action',
  forwardTo: 'forward to', message: 'message', greeting: 'greeting', menu: 'menu', prompt: 'prompt', timeoutSeconds: 'wait for a key (s)',
  options: 'option', vipCallers: 'VIP caller', number: 'number', ringGroup: 'ring group', sticky: 'returning callers',
  withinDays: 'within days', screening: 'screening', callerId: 'caller ID', wrapUpSeconds: 'wrap-up (s)', queue: 'queue',
  enabled: 'on', maxWaitSeconds: 'longest wait (s)', announcePosition: 'announce the place in line', music: 'hold music',
  from: 'from', to: 'to', yearly: 'every year', rules: 'rules', body: 'the request',
};

/** "ringGroups[0].members[1]" in words: "ring group 1 › member 2". */
function describePath(path) {
  const words = [];
  for (const key of tokens(path.replace(/^rules\./, ''))) {
    if (typeof key === 'number') words[words.length - 1] = `${words[words.length - 1] ?? 'item'} ${key + 1}`;
    else words.push(FIELD_NAMES[key] ?? key);
  }
  return words.join(' › ');
}

/** Every leaf of a document with its path, for a readable diff. */
function flatten(value, path = '', into = new Map()) {
  if (Array.isArray(value) && value.length > 0) value.forEach((item, i) => flatten(item, `${path}[${i}]`, into));
  else if (value && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) flatten(item, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined && value !== null && path) into.set(path, JSON.stringify(value));
  return into;
}

/** The fields that differ between two versions of the rules: [{ path, before, after }]. */
function differences(before, after) {
  const a = flatten(before ?? {});
  const b = flatten(after ?? {});
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => p !== 'number' && a.get(p) !== b.get(p));
  return paths.map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

function diffTable(caption, rows, beforeLabel = 'Before', afterLabel = 'After') {
  if (rows.length === 0) return h('p', { class: 'muted' }, `${caption}: no differences.`);
  return h('div', { class: 'scroll', role: 'region', 'aria-label': caption, tabindex: 0 },
    h('table', { class: 'diff' },
      h('caption', null, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, beforeLabel), h('th', { scope: 'col' }, afterLabel))),
      h('tbody', null, rows.map((row) => h('tr', null,
        h('th', { scope: 'row' }, describePath(row.path)),
        h('td', { class: 'before' }, row.before === undefined ? '(not set)' : pretty(row.before)),
        h('td', { class: 'after' }, row.after === undefined ? '(not set)' : pretty(row.after)))))));
}

const pretty = (json) => { const v = JSON.parse(json); return typeof v === 'string' ? v : String(v); };

// ---------- routing between views

async function route() {
  const hash = location.hash || '#/';
  const match = hash.match(/^#\/line\/([^/]+)(?:\/(week|test|history|people))?$/);
  say(carried?.message ?? '', carried?.kind);
  carried = null;
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

function lineNav(number, current) {
  const views = [['', 'Rules'], ['week', 'Who rings when'], ['test', 'Test a call'], ['history', 'History'], ['people', 'People now']];
  return h('nav', { class: 'tabs', 'aria-label': `Line ${number}` },
    views.map(([view, label]) => h('a', { href: lineHash(number, view), 'aria-current': view === current ? 'page' : undefined }, label)));
}

// ---------- lines

async function listView() {
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

async function fillOpenNow(number, cell) {
  const answer = await api('POST', `${linePath(number)}/dry-run`, {});
  cell.className = answer.json?.route === 'open' ? 'open' : 'closed';
  cell.textContent = answer.status !== 200 ? 'unknown' : answer.json.route === 'open' ? 'Open' : answer.json.route === 'closed' ? 'Closed' : 'Fallback';
}

async function fillPeople(number, cell) {
  const answer = await api('GET', `${linePath(number)}/people`);
  if (answer.status !== 200) { cell.textContent = 'unknown'; return; }
  const count = (state) => answer.json.people.filter((p) => p.state === state).length;
  const waiting = answer.json.waitingSince?.length ?? 0;
  cell.className = '';
  cell.textContent = `${count('available')} free, ${count('busy') + count('wrap-up') + count('offered')} busy, ${count('away')} away${waiting ? `, ${waiting} waiting` : ''}`;
}

const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

// ---------- the rules form

const NEW_LINE = () => ({
  name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Amsterdam',
  openingHours: { monday: ['09:00-17:00'], tuesday: ['09:00-17:00'], wednesday: ['09:00-17:00'], thursday: ['09:00-17:00'], friday: ['09:00-17:00'] },
  ringGroups: [{ name: 'Desk', members: [''], strategy: 'simultaneous', ringTimeoutSeconds: 20 }],
});

/** The line's draft: kept from earlier in this tab, or read from the API. */
async function loadDraft(number) {
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

async function editView(number) {
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
      carried = { message: `Line ${number} deleted.`, kind: 'ok' };
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
      if (!number) { carried = { message, kind: 'ok' }; location.hash = lineHash(target); }
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
function toggleSection(d, input) {
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
function bindInput(state, input) {
  const path = input.dataset.path;
  if (!path || (path.startsWith('$') && path !== '$number')) return;
  let value;
  if (input.type === 'checkbox') value = input.checked;
  else if (input.dataset.kind === 'number') value = input.value.trim() === '' ? undefined : (/^-?\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : input.value.trim());
  else value = input.value === '' ? undefined : input.value;
  if (path === '$number') state.number = input.value;
  else setPath(state.draft, path, value);
}

/** What is sent: empty lists, blank list items and switched-off parts left out. */
function cleaned(draft) {
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

function field(label, path, value, { type = 'text', kind, hint, list, options, placeholder, rows, autocomplete } = {}) {
  const id = idOf(path);
  const hintId = hint ? `${id}-hint` : undefined;
  let control;
  if (options) {
    control = h('select', { id, 'data-path': path, 'aria-describedby': hintId },
      options.map(([optionValue, text]) => h('option', { value: optionValue, selected: (value ?? '') === optionValue }, text)));
  } else if (rows) {
    control = h('textarea', { id, 'data-path': path, rows, 'aria-describedby': hintId, value: value ?? '' });
  } else {
    control = h('input', {
      id, type, 'data-path': path, 'data-kind': kind, list, placeholder, autocomplete: autocomplete ?? 'off',
      inputmode: kind === 'number' ? 'numeric' : undefined, 'aria-describedby': hintId, value: value ?? '',
    });
  }
  return h('div', { class: 'field', 'data-for': path },
    h('label', { for: id }, label),
    control,
    hint && h('p', { class: 'hint', id: hintId }, hint));
}

function checkbox(label, path, checked, hint) {
  const id = idOf(path);
  return h('div', { class: 'field check', 'data-for': path },
    h('input', { id, type: 'checkbox', 'data-path': path, checked: Boolean(checked), 'aria-describedby': hint ? `${id}-hint` : undefined }),
    h('label', { for: id }, label),
    hint && h('p', { class: 'hint', id: `${id}-hint` }, hint));
}

function section(title, path, ...content) {
  const legendId = uniqueId('legend');
  return h('fieldset', { class: 'section', 'data-for': path, 'aria-labelledby': legendId }, h('legend', { id: legendId }, title), ...content);
}

function button(label, onclick, attrs = {}) {
  return h('button', { type: 'button', onclick, ...attrs }, label);
}

/** Moves item i of list by step (-1 up, +1 down). */
function move(list, i, step) {
  const j = i + step;
  if (j < 0 || j >= list.length) return;
  [list[i], list[j]] = [list[j], list[i]];
}

function ruleSections(state, isNew, render) {
  const d = state.draft;
  const groupNames = (d.ringGroups ?? []).map((g) => g.name).filter(Boolean);
  const groupOptions = [['', '(choose a group)'], ...groupNames.map((n) => [n, n])];
  const sections = [];

  sections.push(section('The line', '',
    isNew && field('Number (E.164)', '$number', state.number, { type: 'tel', placeholder: '+31201234567', hint: 'The business number callers dial, as +<country><number>.' }),
    field('Name', 'name', d.name, { hint: 'Shown in lists and said to screened people. Default: the number.' }),
    field('Time zone', 'timeZone', d.timeZone, { list: 'zones', hint: 'Type to search, e.g. Amsterdam or New_York. Hours, closures and holidays are read in it.' }),
    field('Language', 'language', d.language, { list: 'languages', hint: 'Of everything spoken: nl-NL, de-DE, en-GB… Twilio\'s default when empty.' }),
    field('Voice', 'voice', d.voice, { list: 'voices', hint: 'Optional Twilio voice, e.g. Polly.Lotte for Dutch.' }),
    h('datalist', { id: 'zones' }, (Intl.supportedValuesOf?.('timeZone') ?? ['Europe/Amsterdam']).map((z) => h('option', { value: z }))),
    h('datalist', { id: 'languages' }, LANGUAGES.map((l) => h('option', { value: l }))),
    h('datalist', { id: 'voices' }, VOICES.map((v) => h('option', { value: v })))));

  // Opening hours: a week grid, intervals per day.
  const alwaysOpen = !d.openingHours;
  sections.push(section('Opening hours', 'openingHours',
    checkbox('Always open (no opening hours)', '$alwaysOpen', alwaysOpen),
    !alwaysOpen && h('p', { class: 'hint' }, 'Intervals as HH:mm, e.g. 09:00 to 17:30. An end at or before the start runs past midnight (22:00 to 02:00); 24:00 is midnight. A day without intervals is closed.'),
    !alwaysOpen && h('div', { class: 'week-grid' }, DAYS.map((day) => {
      const list = d.openingHours[day] ?? [];
      return h('div', { class: 'day', role: 'group', 'aria-label': capital(day), 'data-for': `openingHours.${day}` },
        h('p', { class: 'day-name' }, capital(day)),
        list.length === 0 && h('p', { class: 'muted' }, 'Closed'),
        list.map((interval, i) => {
          const [from = '', to = ''] = interval.split('-');
          const path = `openingHours.${day}[${i}]`;
          const update = () => {
            const f = document.getElementById(`${idOf(path)}-from`).value.trim();
            const t = document.getElementById(`${idOf(path)}-to`).value.trim();
            d.openingHours[day][i] = `${f}-${t}`;
          };
          return h('div', { class: 'interval', 'data-for': path, id: idOf(path) },
            h('label', { for: `${idOf(path)}-from` }, h('span', { class: 'sr' }, `${capital(day)} interval ${i + 1} `), 'from'),
            h('input', { id: `${idOf(path)}-from`, class: 'time', value: from, placeholder: '09:00', inputmode: 'numeric', oninput: update }),
            h('label', { for: `${idOf(path)}-to` }, h('span', { class: 'sr' }, `${capital(day)} interval ${i + 1} `), 'to'),
            h('input', { id: `${idOf(path)}-to`, class: 'time', value: to, placeholder: '17:00', inputmode: 'numeric', oninput: update }),
            button('Remove', () => { list.splice(i, 1); render(`add-${day}`); }, { 'aria-label': `Remove: ${capital(day)} interval ${i + 1}` }));
        }),
        button('Add interval', () => { d.openingHours[day] = [...list, '-']; render(`${idOf(`openingHours.${day}[${list.length}]`)}-from`); },
          { id: `add-${day}`, 'aria-label': `Add interval: ${capital(day)}` }));
    }))));

  sections.push(section('Closed days', 'closures',
    h('p', { class: 'hint' }, 'Whole days closed: one date or a range (both included). "Every year" repeats on the same month and day.'),
    (d.closures ?? []).map((c, i) => h('div', { class: 'row', role: 'group', 'aria-label': `Closure ${i + 1}`, 'data-for': `closures[${i}]` },
      field('From', `closures[${i}].from`, c.from, { type: 'date' }),
      field('To (optional)', `closures[${i}].to`, c.to, { type: 'date' }),
      field('Name', `closures[${i}].name`, c.name, { placeholder: 'Christmas' }),
      checkbox('Every year', `closures[${i}].yearly`, c.yearly),
      button('Remove', () => { d.closures.splice(i, 1); render('add-closure'); }, { 'aria-label': `Remove: closure ${i + 1}` }))),
    button('Add closed days', () => { d.closures = [...(d.closures ?? []), {}]; render(idOf(`closures[${d.closures.length - 1}].from`)); }, { id: 'add-closure' }),
    h('fieldset', { class: 'inner', 'data-for': 'publicHolidays' }, h('legend', null, 'Public holidays (closed all day)'),
      HOLIDAY_SETS.map(([code, label]) => {
        const id = `holiday-${code}`;
        return h('div', { class: 'field check' },
          h('input', { id, type: 'checkbox', checked: (d.publicHolidays ?? []).includes(code), onchange: (e) => {
            const set = new Set(d.publicHolidays ?? []);
            if (e.target.checked) set.add(code); else set.delete(code);
            d.publicHolidays = [...set];
          } }),
          h('label', { for: id }, `${code}: ${label}`));
      }))));

  sections.push(section('Who rings: ring groups, in order', 'ringGroups',
    h('p', { class: 'hint' }, 'The first group rings first; when nobody in it answers, the next one rings. Members: phone numbers (+31612345678), client:name or sip: addresses.'),
    (d.ringGroups ?? []).map((g, gi) => h('fieldset', { class: 'group', 'data-for': `ringGroups[${gi}]`, id: idOf(`ringGroups[${gi}]`) },
      h('legend', null, `Group ${gi + 1}${g.name ? `: ${g.name}` : ''}`),
      field('Group name', `ringGroups[${gi}].name`, g.name),
      field('How they ring', `ringGroups[${gi}].strategy`, g.strategy ?? 'simultaneous', { options: [['simultaneous', 'All at once (first to pick up gets the caller)'], ['sequential', 'One after another']] }),
      field('Ring time (seconds)', `ringGroups[${gi}].ringTimeoutSeconds`, g.ringTimeoutSeconds, { kind: 'number', hint: '5 to 600, default 20; per member when one after another.' }),
      h('div', { class: 'members', role: 'group', 'aria-label': `Members of group ${gi + 1}`, 'data-for': `ringGroups[${gi}].members` },
        (g.members ?? []).map((m, mi) => h('div', { class: 'member' },
          field(`Member ${mi + 1}`, `ringGroups[${gi}].members[${mi}]`, m, { type: 'text', placeholder: '+31612345678' }),
          button('↑', () => { move(g.members, mi, -1); render(`up-${gi}-${mi - 1}`); }, { id: `up-${gi}-${mi}`, 'aria-label': `Move member ${mi + 1} of group ${gi + 1} up`, disabled: mi === 0 }),
          button('↓', () => { move(g.members, mi, 1); render(`down-${gi}-${mi + 1}`); }, { id: `down-${gi}-${mi}`, 'aria-label': `Move member ${mi + 1} of group ${gi + 1} down`, disabled: mi === g.members.length - 1 }),
          button('Remove', () => { g.members.splice(mi, 1); render(`add-member-${gi}`); }, { 'aria-label': `Remove: member ${mi + 1} of group ${gi + 1}` }))),
        button('Add member', () => { g.members = [...(g.members ?? []), '']; render(idOf(`ringGroups[${gi}].members[${g.members.length - 1}]`)); }, { id: `add-member-${gi}`, 'aria-label': `Add member: group ${gi + 1}` })),
      h('div', { class: 'actions' },
        button('Move group up', () => { move(d.ringGroups, gi, -1); render(); }, { disabled: gi === 0, 'aria-label': `Move group up: group ${gi + 1}` }),
        button('Move group down', () => { move(d.ringGroups, gi, 1); render(); }, { disabled: gi === d.ringGroups.length - 1, 'aria-label': `Move group down: group ${gi + 1}` }),
        button('Remove group', () => { d.ringGroups.splice(gi, 1); render('add-group'); }, { class: 'danger', 'aria-label': `Remove group: group ${gi + 1}` })))),
    button('Add ring group', () => {
      d.ringGroups = [...(d.ringGroups ?? []), { name: `Group ${(d.ringGroups?.length ?? 0) + 1}`, members: [''], strategy: 'simultaneous', ringTimeoutSeconds: 20 }];
      render(idOf(`ringGroups[${d.ringGroups.length - 1}].name`));
    }, { id: 'add-group' })));

  sections.push(section('When nobody answers', 'whenNobodyAnswers',
    field('Then', 'whenNobodyAnswers.action', d.whenNobodyAnswers?.action ?? 'voicemail', { options: [['voicemail', 'Take a voicemail'], ['goodbye', 'Say goodbye']] }),
    field('Own words first (optional)', 'whenNobodyAnswers.message', d.whenNobodyAnswers?.message, { rows: 2 })));

  const after = d.afterHours ?? {};
  sections.push(section('After hours, closed days and holidays', 'afterHours',
    field('Then', 'afterHours.action', after.action ?? 'voicemail', { options: [['voicemail', 'Take a voicemail'], ['forward', 'Forward to an on-call number'], ['message', 'Say a message, then goodbye']] }),
    field('Forward to', 'afterHours.forwardTo', after.forwardTo, { type: 'tel', placeholder: '+31611112222', hint: 'Only for "forward".' }),
    field('Forward rings for (seconds)', 'afterHours.ringTimeoutSeconds', after.ringTimeoutSeconds, { kind: 'number', hint: '5 to 600, default 20.' }),
    field('Message', 'afterHours.message', after.message, { rows: 2 })));

  const menuOn = Boolean(d.menu);
  sections.push(section('Greeting and menu', 'menu',
    field('Greeting (optional)', 'greeting', d.greeting, { rows: 2, hint: 'Spoken before ringing; every second of it delays the person.' }),
    checkbox('Offer a one-key menu', '$menu', menuOn),
    menuOn && field('Menu prompt', 'menu.prompt', d.menu.prompt, { rows: 2, placeholder: 'For sales press 1, or stay on the line.' }),
    menuOn && field('Wait for a key (seconds)', 'menu.timeoutSeconds', d.menu.timeoutSeconds, { kind: 'number', hint: '1 to 10, default 3; pressing nothing rings the usual order.' }),
    menuOn && Object.entries(d.menu.options ?? {}).map(([digit, group]) => h('div', { class: 'row', role: 'group', 'aria-label': `Key ${digit}`, 'data-for': `menu.options.${digit}` },
      field(`Key ${digit} rings first`, `menu.options.${digit}`, group, { options: groupOptions }),
      button('Remove', () => { delete d.menu.options[digit]; render('add-option'); }, { 'aria-label': `Remove: key ${digit}` }))),
    menuOn && button('Add a key', () => {
      const free = '123456789'.split('').find((k) => !(k in (d.menu.options ?? {})));
      if (!free) return;
      d.menu.options = { ...(d.menu.options ?? {}), [free]: groupNames[0] ?? '' };
      render(idOf(`menu.options.${free}`));
    }, { id: 'add-option' })));

  sections.push(section('VIP callers', 'vipCallers',
    h('p', { class: 'hint' }, 'Callers who skip the menu and ring a group first.'),
    (d.vipCallers ?? []).map((v, i) => h('div', { class: 'row', role: 'group', 'aria-label': `VIP caller ${i + 1}`, 'data-for': `vipCallers[${i}]` },
      field('Caller number', `vipCallers[${i}].number`, v.number, { type: 'tel', placeholder: '+31655555555' }),
      field('Rings first', `vipCallers[${i}].ringGroup`, v.ringGroup, { options: groupOptions }),
      button('Remove', () => { d.vipCallers.splice(i, 1); render('add-vip'); }, { 'aria-label': `Remove: VIP caller ${i + 1}` }))),
    button('Add VIP caller', () => { d.vipCallers = [...(d.vipCallers ?? []), {}]; render(idOf(`vipCallers[${d.vipCallers.length - 1}].number`)); }, { id: 'add-vip' })));

  const stickyOn = Boolean(d.sticky);
  sections.push(section('Calls to people', 'sticky',
    checkbox('Returning callers first ring whoever answered them last', '$sticky', stickyOn),
    stickyOn && field('Remember for (days)', 'sticky.withinDays', d.sticky.withinDays, { kind: 'number', hint: '1 to 365, default 30.' }),
    stickyOn && field('Ring that person for (seconds)', 'sticky.ringTimeoutSeconds', d.sticky.ringTimeoutSeconds, { kind: 'number', hint: 'Default 15.' }),
    checkbox('Screen calls: the person presses a key to accept', 'screening', d.screening, 'So a phone\'s own voicemail never takes the call.'),
    field('The people ringing see', 'callerId', d.callerId ?? 'caller', { options: [['caller', 'The caller\'s number'], ['line', 'The line\'s number']] }),
    field('Wrap-up after a call (seconds)', 'wrapUpSeconds', d.wrapUpSeconds, { kind: 'number', hint: '0 to 600, default 0: not rung again for this long after a call.' })));

  sections.push(section('Queue', 'queue', queueFields(d.queue ?? {}, 'queue')));

  sections.push(section('Own words in place of the built-in ones', 'texts',
    h('p', { class: 'hint' }, 'Optional; empty keeps Ivr\'s words in the line\'s language.'),
    TEXTS.map(([key, label]) => field(label, `texts.${key}`, d.texts?.[key], { rows: 2 }))));

  return sections;
}

/** The queue's settings, and anything else the queue holds (new settings appear as they arrive), by their type. */
function queueFields(queue, path) {
  const known = [
    ['enabled', 'Hold callers nobody can take in a queue', 'boolean', false],
    ['maxWaitSeconds', 'Longest wait (seconds)', 'number', undefined, '30 to 3600, default 600; then "when nobody answers".'],
    ['announcePosition', 'Tell callers their place in line', 'boolean', true],
    ['music', 'Hold music (https URL of an mp3 or wav)', 'text', undefined],
  ];
  const fields = [];
  const seen = new Set();
  if (path === 'queue') {
    for (const [key, label, type, fallback, hint] of known) {
      seen.add(key);
      fields.push(type === 'boolean'
        ? checkbox(label, `${path}.${key}`, queue[key] ?? fallback, hint)
        : field(label, `${path}.${key}`, queue[key], { kind: type === 'number' ? 'number' : undefined, hint }));
    }
  }
  for (const [key, value] of Object.entries(queue)) {
    if (seen.has(key)) continue;
    const label = capital(key.replace(/([A-Z])/g, ' $1').toLowerCase());
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      fields.push(h('fieldset', { class: 'inner', 'data-for': `${path}.${key}` }, h('legend', null, capital(label)), queueFields(value, `${path}.${key}`)));
    } else if (typeof value === 'boolean') fields.push(checkbox(label, `${path}.${key}`, value));
    else fields.push(field(label, `${path}.${key}`, value, { kind: typeof value === 'number' ? 'number' : undefined }));
  }
  return fields;
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// Inline errors: each problem+json error next to the control its JSON path names (or the nearest part that exists).

function clearErrors(form, summary) {
  summary.replaceChildren();
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    const described = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.startsWith('err-')).join(' ');
    if (described) e.setAttribute('aria-describedby', described); else e.removeAttribute('aria-describedby');
  });
}

function showErrors(form, summary, errors) {
  const items = [];
  let n = 0;
  for (const [rawPath, messages] of Object.entries(errors)) {
    const path = rawPath.replace(/^rules\./, '');
    const holder = nearestHolder(form, path === 'number' ? '$number' : path);
    const errorId = `err-${++n}`;
    const text = messages.join(' ');
    const message = h('p', { class: 'field-error', id: errorId, 'data-error-for': path }, text);
    let control = null;
    if (holder) {
      control = holder.matches('input, select, textarea') ? holder : holder.querySelector('input, select, textarea');
      (holder.matches('input, select, textarea') ? holder.closest('.field') ?? holder : holder).append(message);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') ?? ''} ${errorId}`.trim());
      }
    }
    items.push(h('li', null, control ? h('a', { href: `#${control.id}`, onclick: (e) => { e.preventDefault(); control.focus(); } }, `${capital(describePath(path))}: ${text}`) : `${capital(describePath(path))}: ${text}`));
  }
  summary.replaceChildren(h('div', { class: 'error-summary', role: 'alert', tabindex: -1 },
    h('h2', null, 'Nothing was saved. Please fix:'), h('ul', null, items)));
  summary.firstChild.focus();
}

/** The form element for a JSON path, or for the closest path above it that has one. */
function nearestHolder(form, path) {
  let p = path;
  while (p) {
    const found = form.querySelector(`[data-path="${CSS.escape(p)}"]`) ?? form.querySelector(`[data-for="${CSS.escape(p)}"]`);
    if (found) return found;
    p = p.includes('[') || p.includes('.') ? p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '') : '';
  }
  return null;
}

// ---------- who rings when

function rulesChoice(number, onChange) {
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

async function weekView(number) {
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

const shortStep = (hour) => {
  if (!hour.firstStep) return '';
  const group = hour.firstStep.match(/^'([^']+)'/);
  return group ? group[1] : hour.firstStep;
};

/** Today's date (yyyy-MM-dd) and hour in the line's time zone, to mark the hour a call placed now falls in. */
function nowIn(timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), time: `${parts.hour}:${parts.minute}` };
}

function weekTable(week, draft, away = []) {
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

function daysOff(week) {
  return h('section', { 'aria-labelledby': 'days-off' },
    h('h2', { id: 'days-off' }, 'Next closures and holidays'),
    week.daysOff.length === 0
      ? h('p', null, 'None in the next four months.')
      : h('ul', { class: 'days-off' }, week.daysOff.map((d) => h('li', null, `${weekday(d.date)} ${d.date}: ${d.name}${d.kind === 'closure' ? ' (closure)' : ''}`))));
}

const weekday = (date) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });

// ---------- test a call

async function testView(number) {
  const result = h('div', { id: 'test-result', 'aria-live': 'polite' });
  const choice = rulesChoice(number, () => {});
  const now = new Date();
  const form = h('form', { class: 'tester', novalidate: true },
    field('A call from (optional)', 'tester.from', '', { type: 'tel', placeholder: '+31612345678', hint: 'Try a VIP caller\'s number, or leave empty.' }),
    field('On', 'tester.date', now.toISOString().slice(0, 10), { type: 'date' }),
    field('At (line\'s local time)', 'tester.time', '18:05', { type: 'time' }),
    field('Presses menu key (optional)', 'tester.digits', '', { placeholder: '1' }),
    choice.element,
    h('button', { type: 'submit', class: 'primary' }, 'What happens?'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector(`[data-path="tester.${name}"]`).value.trim();
    const body = { at: `${value('date')}T${value('time')}` };
    if (value('from')) body.from = value('from');
    if (value('digits')) body.digits = value('digits');
    if (choice.useDraft()) body.rules = cleaned(drafts.get(number).draft);
    form.querySelectorAll('.field-error').forEach((e) => e.remove());
    const answer = await api('POST', `${linePath(number)}/dry-run`, body);
    if (answer.status === 400) {
      for (const [path, messages] of Object.entries(answer.json.errors)) {
        const name = path === 'at' ? 'date' : path;
        const holder = form.querySelector(`[data-for="tester.${name}"]`);
        const text = `${capital(describePath(path))}: ${messages.join(' ')}`;
        (holder ?? result).append(h('p', { class: 'field-error', role: 'alert' }, text));
      }
      return;
    }
    if (answer.status !== 200) { result.replaceChildren(h('p', { class: 'error', role: 'alert' }, new ApiError(answer).message)); return; }
    result.replaceChildren(explain(answer.json, body.from));
  });
  show(`Test a call — ${number}`,
    h('h1', null, `Test a call to ${number}`),
    lineNav(number, 'test'),
    h('p', null, 'What Ivr would answer, as if everyone were free. Nothing is called and nothing is recorded.'),
    form, result);
}

function explain(run, from) {
  const [date, time] = (run.localTime ?? '').split('T');
  const whenText = date ? `${weekday(date)} ${date} at ${time.slice(0, 5)} (${run.timeZone})` : 'now';
  const state = run.route === 'open' ? 'open' : run.route === 'closed' ? 'closed' : 'without usable rules, so the fallback number rings';
  const ending = {
    voicemail: `the caller can leave a voicemail ("${run.texts?.leaveAMessage ?? ''}")`,
    goodbye: `the caller hears "${run.texts?.goodbye ?? 'goodbye'}"`,
    queue: 'the caller waits in the line\'s queue for the next free person',
  }[run.whenNobodyAnswers] ?? run.whenNobodyAnswers;
  return h('section', { class: 'explained', 'aria-labelledby': 'explained-heading' },
    h('h2', { id: 'explained-heading' }, `A call from ${from || 'an unknown number'} on ${whenText}`),
    h('p', { class: `verdict ${run.route}` }, `The line is ${state}.`),
    h('h3', null, 'Who rings, in order'),
    run.steps.length === 0 ? h('p', null, 'Nobody rings.')
      : h('ol', { class: 'steps' }, run.steps.map((s) => h('li', null, `${capital(s.description)}: ${s.ring.join(', ')}${s.timeoutSeconds ? ` for ${s.timeoutSeconds} s` : ''}.`))),
    h('p', { class: 'ending' }, `If nobody answers, ${ending}.`),
    h('h3', null, 'Why'),
    h('ul', null, run.path.map((p) => h('li', null, p))),
    h('details', null, h('summary', null, 'The exact TwiML Ivr would answer'), h('pre', null, h('code', null, run.twiml)),
      run.afterMenuTwiml ? [h('p', null, 'After the menu key:'), h('pre', null, h('code', null, run.afterMenuTwiml))] : null));
}

// ---------- history

async function historyView(number) {
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

// ---------- people now

async function peopleView(number) {
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
      : h('ol', null, callbacks.map((c) => h('li', null, `Asked ${minutes(c.requestedAt)} min ago (${new Date(c.requestedAt).toLocaleTimeString()})`)))),
    h('p', null, button('Refresh', () => peopleView(number))));
}

window.addEventListener('hashchange', route);
route();
