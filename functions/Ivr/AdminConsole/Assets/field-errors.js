// A refused save's problem+json errors, each next to the control its JSON path names (or the nearest part of the form
// that exists), and in a summary at the top whose links move to the field.
import { h, capital } from './dom.js';
import { describePath } from './rules-diff.js';

export function clearErrors(form, summary) {
  summary.replaceChildren();
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    const described = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.startsWith('err-')).join(' ');
    if (described) e.setAttribute('aria-describedby', described); else e.removeAttribute('aria-describedby');
  });
}

export function showErrors(form, summary, errors) {
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
export function nearestHolder(form, path) {
  let p = path;
  while (p) {
    const found = form.querySelector(`[data-path="${CSS.escape(p)}"]`) ?? form.querySelector(`[data-for="${CSS.escape(p)}"]`);
    if (found) return found;
    p = p.includes('[') || p.includes('.') ? p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '') : '';
  }
  return null;
}
