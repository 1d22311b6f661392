// Every field of a line's rules, in words, as sections of one form.
import { h, idOf, capital, button } from './dom.js';
import { DAYS } from './drafts.js';
import { field, checkbox, section, move } from './form-controls.js';

export const HOLIDAY_SETS = [['NL', 'Netherlands (New Year, Easter, King\'s Day, Liberation Day in lustrum years, Ascension, Whitsun, Christmas)'], ['DE', 'Germany (the nine nationwide holidays)']];
export const LANGUAGES = ['nl-NL', 'de-DE', 'en-GB', 'en-US', 'fr-FR', 'es-ES'];
export const VOICES = ['man', 'woman', 'alice', 'Polly.Lotte', 'Polly.Ruben', 'Polly.Vicki', 'Polly.Marlene', 'Polly.Vicki-Neural', 'Google.nl-NL-Standard-A', 'Google.de-DE-Neural2-B'];
export const TEXTS = [
  ['leaveAMessage', 'Before a voicemail'],
  ['goodbye', 'When nobody answered (goodbye)'],
  ['thanksForTheMessage', 'After a voicemail'],
  ['closed', 'After hours, with the "message" choice and no words of its own'],
  ['screening', 'Heard by the person who picks up a screened call (must contain {line})'],
];

export function ruleSections(state, isNew, render) {
  const d = state.draft;
  const groupNames = (d.ringGroups ?? []).map((g) => g.name).filter(Boolean);
  const groupOptions = [['', '(choose a group)'], ...groupNames.map((n) => [n, n])];
  const form = { d, state, isNew, render, groupNames, groupOptions };
  const parts = [lineSection, hoursSection, closedDaysSection, ringGroupsSection, nobodyAnswersSection, afterHoursSection,
    menuSection, vipSection, callsSection, queueSection, textsSection];
  return parts.map((part) => part(form));
}

/** The line itself: number (when new), name, time zone (searchable), language and voice. */
function lineSection(form) {
  const { d, state, isNew } = form;
  return section('The line', '',
    isNew && field('Number (E.164)', '$number', state.number, { type: 'tel', placeholder: '+31201234567', hint: 'The business number callers dial, as +<country><number>.' }),
    field('Name', 'name', d.name, { hint: 'Shown in lists and said to screened people. Default: the number.' }),
    field('Time zone', 'timeZone', d.timeZone, { list: 'zones', hint: 'Type to search, e.g. Amsterdam or New_York. Hours, closures and holidays are read in it.' }),
    field('Language', 'language', d.language, { list: 'languages', hint: 'Of everything spoken: nl-NL, de-DE, en-GB… Twilio\'s default when empty.' }),
    field('Voice', 'voice', d.voice, { list: 'voices', hint: 'Optional Twilio voice, e.g. Polly.Lotte for Dutch.' }),
    h('datalist', { id: 'zones' }, (Intl.supportedValuesOf?.('timeZone') ?? ['Europe/Amsterdam']).map((z) => h('option', { value: z }))),
    h('datalist', { id: 'languages' }, LANGUAGES.map((l) => h('option', { value: l }))),
    h('datalist', { id: 'voices' }, VOICES.map((v) => h('option', { value: v }))));
}

/** Opening hours as a week: intervals per day, past midnight allowed. */
function hoursSection(form) {
  const { d, render } = form;
  // Opening hours: a week grid, intervals per day.
  const alwaysOpen = !d.openingHours;
  return section('Opening hours', 'openingHours',
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
    })));
}

/** Closed days of its own, and the public holiday sets. */
function closedDaysSection(form) {
  const { d, render } = form;
  return section('Closed days', 'closures',
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
      })));
}

/** Ring groups in order; members and groups added, removed and moved. */
function ringGroupsSection(form) {
  const { d, render } = form;
  return section('Who rings: ring groups, in order', 'ringGroups',
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
    }, { id: 'add-group' }));
}

/** What a caller gets when nobody answered. */
function nobodyAnswersSection(form) {
  const { d } = form;
  return section('When nobody answers', 'whenNobodyAnswers',
    field('Then', 'whenNobodyAnswers.action', d.whenNobodyAnswers?.action ?? 'voicemail', { options: [['voicemail', 'Take a voicemail'], ['goodbye', 'Say goodbye']] }),
    field('Own words first (optional)', 'whenNobodyAnswers.message', d.whenNobodyAnswers?.message, { rows: 2 }));
}

/** What a caller gets when the line is closed. */
function afterHoursSection(form) {
  const { d } = form;
  const after = d.afterHours ?? {};
  return section('After hours, closed days and holidays', 'afterHours',
    field('Then', 'afterHours.action', after.action ?? 'voicemail', { options: [['voicemail', 'Take a voicemail'], ['forward', 'Forward to an on-call number'], ['message', 'Say a message, then goodbye']] }),
    field('Forward to', 'afterHours.forwardTo', after.forwardTo, { type: 'tel', placeholder: '+31611112222', hint: 'Only for "forward".' }),
    field('Forward rings for (seconds)', 'afterHours.ringTimeoutSeconds', after.ringTimeoutSeconds, { kind: 'number', hint: '5 to 600, default 20.' }),
    field('Message', 'afterHours.message', after.message, { rows: 2 }));
}

/** The greeting and the one-key menu. */
function menuSection(form) {
  const { d, render, groupNames, groupOptions } = form;
  const menuOn = Boolean(d.menu);
  return section('Greeting and menu', 'menu',
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
    }, { id: 'add-option' }));
}

/** Callers who ring a group first. */
function vipSection(form) {
  const { d, render, groupOptions } = form;
  return section('VIP callers', 'vipCallers',
    h('p', { class: 'hint' }, 'Callers who skip the menu and ring a group first.'),
    (d.vipCallers ?? []).map((v, i) => h('div', { class: 'row', role: 'group', 'aria-label': `VIP caller ${i + 1}`, 'data-for': `vipCallers[${i}]` },
      field('Caller number', `vipCallers[${i}].number`, v.number, { type: 'tel', placeholder: '+31655555555' }),
      field('Rings first', `vipCallers[${i}].ringGroup`, v.ringGroup, { options: groupOptions }),
      button('Remove', () => { d.vipCallers.splice(i, 1); render('add-vip'); }, { 'aria-label': `Remove: VIP caller ${i + 1}` }))),
    button('Add VIP caller', () => { d.vipCallers = [...(d.vipCallers ?? []), {}]; render(idOf(`vipCallers[${d.vipCallers.length - 1}].number`)); }, { id: 'add-vip' }));
}

/** How calls reach people: returning callers, screening, caller ID, wrap-up. */
function callsSection(form) {
  const { d } = form;
  const stickyOn = Boolean(d.sticky);
  return section('Calls to people', 'sticky',
    checkbox('Returning callers first ring whoever answered them last', '$sticky', stickyOn),
    stickyOn && field('Remember for (days)', 'sticky.withinDays', d.sticky.withinDays, { kind: 'number', hint: '1 to 365, default 30.' }),
    stickyOn && field('Ring that person for (seconds)', 'sticky.ringTimeoutSeconds', d.sticky.ringTimeoutSeconds, { kind: 'number', hint: 'Default 15.' }),
    checkbox('Screen calls: the person presses a key to accept', 'screening', d.screening, 'So a phone\'s own voicemail never takes the call.'),
    field('The people ringing see', 'callerId', d.callerId ?? 'caller', { options: [['caller', 'The caller\'s number'], ['line', 'The line\'s number']] }),
    field('Wrap-up after a call (seconds)', 'wrapUpSeconds', d.wrapUpSeconds, { kind: 'number', hint: '0 to 600, default 0: not rung again for this long after a call.' }));
}

/** The queue. */
function queueSection(form) {
  const { d } = form;
  return section('Queue', 'queue', queueFields(d.queue ?? {}, 'queue'));
}

/** The line's own words in place of the built-in ones. */
function textsSection(form) {
  const { d } = form;
  return section('Own words in place of the built-in ones', 'texts',
    h('p', { class: 'hint' }, 'Optional; empty keeps Ivr\'s words in the line\'s language.'),
    TEXTS.map(([key, label]) => field(label, `texts.${key}`, d.texts?.[key], { rows: 2 })));
}

/** The settings Ivr knows of, per path: [key, label, type, default, hint]. */
const KNOWN_QUEUE_FIELDS = {
  queue: [
    ['enabled', 'Hold callers nobody can take in a queue', 'boolean', false],
    ['maxWaitSeconds', 'Longest wait (seconds)', 'number', undefined, '30 to 3600, default 600; then "when nobody answers".'],
    ['announcePosition', 'Tell callers their place in line', 'boolean', true],
    ['music', 'Hold music (https URL of an mp3 or wav)', 'text', undefined],
  ],
  'queue.callback': [
    ['enabled', 'Offer waiting callers a callback (press 1; they keep their place)', 'boolean', false, 'Needs Privacy__CallbackKey; offered only while the line is open.'],
    ['offerAfterSeconds', 'Offer it after waiting (seconds)', 'number', undefined, '0 to 3600, default 30.'],
    ['expiresAfterHours', 'Drop a callback not made within (hours)', 'number', undefined, '1 to 168, default 24; the number is deleted with it.'],
    ['attempts', 'Attempts to reach the caller', 'number', undefined, '1 to 10, default 3.'],
    ['retryAfterMinutes', 'Wait between attempts (minutes)', 'number', undefined, '1 to 240, default 5.'],
  ],
};

/** The queue's settings, and anything else the queue holds (new settings appear as they arrive), by their type. */
export function queueFields(queue, path) {
  const fields = [];
  const seen = new Set();
  for (const [key, label, type, fallback, hint] of KNOWN_QUEUE_FIELDS[path] ?? []) {
    seen.add(key);
    fields.push(type === 'boolean'
      ? checkbox(label, `${path}.${key}`, queue[key] ?? fallback, hint)
      : field(label, `${path}.${key}`, queue[key], { kind: type === 'number' ? 'number' : undefined, hint }));
  }
  if (path === 'queue') {
    seen.add('callback');
    fields.push(h('fieldset', { class: 'inner', 'data-for': 'queue.callback' }, h('legend', null, 'Callbacks'), queueFields(queue.callback ?? {}, 'queue.callback')));
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
