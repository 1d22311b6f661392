// Paths into a line's rules ("ringGroups[0].members[1]"), in words, and the differences between two versions.
import { h } from './dom.js';

export function tokens(path) {
  return [...path.matchAll(/[^.[\]]+/g)].map((m) => (/^\d+$/.test(m[0]) ? Number(m[0]) : m[0]));
}

export function getPath(object, path) {
  return tokens(path).reduce((node, key) => (node == null ? undefined : node[key]), object);
}

export function setPath(object, path, value) {
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

export const FIELD_NAMES = {
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
export function describePath(path) {
  const words = [];
  for (const key of tokens(path.replace(/^rules\./, ''))) {
    if (typeof key === 'number') words[words.length - 1] = `${words[words.length - 1] ?? 'item'} ${key + 1}`;
    else words.push(FIELD_NAMES[key] ?? key);
  }
  return words.join(' › ');
}

/** Every leaf of a document with its path, for a readable diff. */
export function flatten(value, path = '', into = new Map()) {
  if (Array.isArray(value) && value.length > 0) value.forEach((item, i) => flatten(item, `${path}[${i}]`, into));
  else if (value && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) flatten(item, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined && value !== null && path) into.set(path, JSON.stringify(value));
  return into;
}

/** The fields that differ between two versions of the rules: [{ path, before, after }]. */
export function differences(before, after) {
  const a = flatten(before ?? {});
  const b = flatten(after ?? {});
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => p !== 'number' && a.get(p) !== b.get(p));
  return paths.map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

export function diffTable(caption, rows, beforeLabel = 'Before', afterLabel = 'After') {
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

export const pretty = (json) => { const v = JSON.parse(json); return typeof v === 'string' ? v : String(v); };
