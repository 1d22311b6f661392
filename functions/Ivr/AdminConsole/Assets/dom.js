// The page's building blocks: making elements, showing a view, the status line, and the ids and words every view uses.

const main = document.getElementById('main');
const statusLine = document.getElementById('status');

/** Makes an element: h('p', { class: 'x', onclick: f }, 'text', child). */
export function h(tag, attrs, ...children) {
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

export const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
export const lineHash = (number, view) => `#/line/${encodeURIComponent(number)}${view ? `/${view}` : ''}`;
export const idOf = (path) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
let idCounter = 0;
export const uniqueId = (prefix) => `${prefix}-${++idCounter}`;

// A message to show once the next view is drawn (drawing a view clears the last one).
let carried = null;

/** Keeps a message for the next view, e.g. "Saved" before moving to the line just created. */
export function carry(message, kind) {
  carried = { message, kind };
}

/** Shows the message kept for this view, or clears the last one. */
export function sayCarried() {
  say(carried?.message ?? '', carried?.kind);
  carried = null;
}

export function say(message, kind = 'info') {
  statusLine.textContent = message;
  statusLine.className = `status ${kind}`;
}

/** Shows a view: its title, its content in <main>, focus on its heading so screen readers announce it. */
export function show(title, ...content) {
  document.title = `${title} — Ivr admin`;
  main.replaceChildren(...content.filter((part) => part !== null && part !== undefined && part !== false));
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

export function lineNav(number, current) {
  const views = [['', 'Rules'], ['week', 'Who rings when'], ['test', 'Test a call'], ['history', 'History'], ['people', 'People now']];
  return h('nav', { class: 'tabs', 'aria-label': `Line ${number}` },
    views.map(([view, label]) => h('a', { href: lineHash(number, view), 'aria-current': view === current ? 'page' : undefined }, label)));
}

export function button(label, onclick, attrs = {}) {
  return h('button', { type: 'button', onclick, ...attrs }, label);
}

export const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

export const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const weekday = (date) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
