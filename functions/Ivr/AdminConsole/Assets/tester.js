// "A call from +31… on Saturday 18:05": the dry run, told in words, with the exact TwiML behind a disclosure.
import { h, show, lineNav, capital, weekday } from './dom.js';
import { api, ApiError, linePath } from './api.js';
import { describePath } from './rules-diff.js';
import { drafts, cleaned, rulesChoice } from './drafts.js';
import { field } from './form-controls.js';

export async function testView(number) {
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

export function explain(run, from) {
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
