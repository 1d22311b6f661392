// Form controls bound to a path of the draft (data-path), each with its label, hint and room for its error.
import { h, idOf, uniqueId } from './dom.js';

export function field(label, path, value, { type = 'text', kind, hint, list, options, placeholder, rows, autocomplete } = {}) {
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

export function checkbox(label, path, checked, hint) {
  const id = idOf(path);
  return h('div', { class: 'field check', 'data-for': path },
    h('input', { id, type: 'checkbox', 'data-path': path, checked: Boolean(checked), 'aria-describedby': hint ? `${id}-hint` : undefined }),
    h('label', { for: id }, label),
    hint && h('p', { class: 'hint', id: `${id}-hint` }, hint));
}

export function section(title, path, ...content) {
  const legendId = uniqueId('legend');
  return h('fieldset', { class: 'section', 'data-for': path, 'aria-labelledby': legendId }, h('legend', { id: legendId }, title), ...content);
}

/** Moves item i of list by step (-1 up, +1 down). */
export function move(list, i, step) {
  const j = i + step;
  if (j < 0 || j >= list.length) return;
  [list[i], list[j]] = [list[j], list[i]];
}
