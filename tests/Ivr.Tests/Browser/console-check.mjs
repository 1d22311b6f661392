// Walks the admin console in the system's headless Chromium, as an admin would: an analyst key is refused, the admin
// key signs in; a new line is made through the form (a bad member number first, then fixed); Saturday hours are added
// and the week view follows; a call is tested; two tabs save the same line and the second gets the conflict view; a
// version is restored; a person is marked away. axe-core checks every page. Prints one JSON line with what it saw and
// every browser error; exits non-zero, with the reason on stderr, if a step fails.
// Usage: node console-check.mjs <baseUrl> <adminKey> <analystKey> <newLine> <screenshotDir>
import { openBrowser } from './chromium.mjs';
import { AxeBuilder } from '@axe-core/playwright';

const STEP_TIMEOUT_MS = 20_000;
const [baseUrl, adminKey, analystKey, line, shots] = process.argv.slice(2);
if (!baseUrl || !adminKey || !analystKey || !line || !shots) {
  console.error('usage: node console-check.mjs <baseUrl> <adminKey> <analystKey> <newLine> <screenshotDir>');
  process.exit(2);
}

// A last resort: a hung browser must not hang the test run.
const watchdog = setTimeout(() => {
  console.error('console-check: gave up after 180 s');
  process.exit(1);
}, 180_000);
watchdog.unref();

// A Saturday without Dutch public holidays, in a week of its own, so the checks do not depend on today.
const SATURDAY = '2027-02-13';
const BAD_MEMBER = '0612345678';
const GOOD_MEMBER = '+31612345678';
const SECOND_MEMBER = 'client:bob';

const result = { consoleErrors: [], pageErrors: [], failedRequests: [], expectedStatuses: [], axe: {}, screenshots: [], milliseconds: {} };
let step = 'launch';
let axeMs = 0;
let shotMs = 0;
// Answers a step provokes on purpose (a wrong key's 401, a bad member's 400, the conflict's 412); any other 4xx/5xx fails.
let expected = [];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function watch(page, tab) {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium reports a deliberate 4xx as a console error of its own; kept apart, not ignored silently.
    const wanted = expected.some((status) => message.text().includes(`status of ${status}`));
    (wanted ? result.expectedStatuses : result.consoleErrors).push(`${tab} ${step}: ${message.text()}`);
  });
  page.on('pageerror', (error) => result.pageErrors.push(`${tab} ${step}: ${error.message}`));
  page.on('requestfailed', (request) =>
    result.failedRequests.push(`${tab} ${step}: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`.trim()));
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const entry = `${tab} ${step}: ${response.status()} ${response.request().method()} ${response.url()}`;
    (expected.includes(response.status()) ? result.expectedStatuses : result.failedRequests).push(entry);
  });
}

/**
 * axe-core on the page as it is now (or only the part <include> selects): serious and critical violations, by rule and
 * the elements they concern. Each run over the whole rules form takes seconds, so the form is checked whole once.
 */
async function axe(page, name, include) {
  const started = Date.now();
  const builder = new AxeBuilder({ page });
  const found = await (include ? builder.include(include) : builder).analyze();
  axeMs += Date.now() - started;
  result.milliseconds[`axe ${name}`] = Date.now() - started;
  result.axe[name] = found.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

async function shot(page, name) {
  const path = `${shots}/console-${name}.png`;
  const started = Date.now();
  await page.screenshot({ path, fullPage: true, timeout: STEP_TIMEOUT_MS });
  shotMs += Date.now() - started;
  result.screenshots.push(path);
}

const lineUrl = (view) => `${baseUrl}/admin#/line/${encodeURIComponent(line)}${view ? `/${view}` : ''}`;
const status = (page) => page.locator('#status').textContent();

/** The week view's cell for Saturday at this hour, in the week of SATURDAY. */
async function saturdayCell(page, hour, useDraft) {
  await page.goto(lineUrl('week'));
  await page.locator('table.week').waitFor();
  const draftBox = page.getByLabel('Use my unsaved changes (the draft)');
  if (await draftBox.count() > 0 && (await draftBox.isChecked()) !== useDraft) await draftBox.setChecked(useDraft);
  await page.fill('#week-of', SATURDAY);
  await page.dispatchEvent('#week-of', 'change');
  await page.locator(`table.week[data-week="2027-02-08"]`).waitFor();
  const cell = page.locator('table.week tbody tr').nth(hour).locator('td').nth(5);
  return { route: await cell.getAttribute('data-route'), text: (await cell.textContent())?.trim() };
}

let browser;
try {
  // One admin: two tabs of the same browser session.
  let context;
  ({ browser, context } = await openBrowser(STEP_TIMEOUT_MS));
  const page = await context.newPage();
  watch(page, 'tab1');

  step = 'sign-in page';
  const first = await page.goto(`${baseUrl}/admin`, { waitUntil: 'load' });
  check(first?.status() === 200, `GET /admin without a session answered ${first?.status()}`);
  result.csp = first.headers()['content-security-policy'] ?? null;
  result.signInShown = (await page.locator('form[action="/admin/login"] input[name="key"][type="password"]').count()) === 1;
  check(result.signInShown, 'no sign-in form without a session');
  await axe(page, 'sign-in');

  step = 'analyst key';
  expected = [401];
  await page.fill('input[name="key"]', analystKey);
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/login')),
    page.click('form[action="/admin/login"] button[type="submit"]'),
  ]);
  await page.waitForLoadState('load');
  result.analystKeyStatus = refused.status();
  result.analystKeyError = (await page.locator('[role="alert"]').first().textContent())?.trim() ?? null;
  expected = [];

  step = 'sign in';
  await page.fill('input[name="key"]', adminKey);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/admin', { waitUntil: 'load' }),
    page.click('form[action="/admin/login"] button[type="submit"]'),
  ]);
  await page.locator('h1', { hasText: 'Lines' }).waitFor();
  result.signedIn = (await page.locator('form[action="/admin/logout"]').count()) === 1;
  await axe(page, 'lines');

  step = 'new line with a bad member';
  await page.click('a.button[href="#/new"]');
  await page.locator('h1', { hasText: 'New line' }).waitFor();
  await page.getByLabel('Number (E.164)').fill(line);
  await page.getByLabel('Name', { exact: true }).fill('Console line');
  await page.getByLabel('Time zone').fill('Europe/Amsterdam');
  await page.getByLabel('Member 1', { exact: true }).fill(BAD_MEMBER);
  await page.click('#add-group');
  await page.locator('[data-path="ringGroups[1].name"]').fill('Backoffice');
  await page.locator('[data-path="ringGroups[1].members[0]"]').fill(SECOND_MEMBER);
  await page.getByLabel(/^NL:/).check();
  await page.locator('[data-path="queue.enabled"]').check();
  await page.locator('[data-path="queue.callback.enabled"]').check();
  await page.locator('[data-path="queue.callback.attempts"]').fill('2');
  expected = [400];
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && r.status() === 400),
    page.click('button[type="submit"].primary'),
  ]);
  const inline = page.locator('.field-error[data-error-for="ringGroups[0].members[0]"]');
  await inline.waitFor();
  result.inlineError = (await inline.textContent())?.trim();
  result.inlineErrorNextToField = await page.locator('[data-for="ringGroups[0].members[0]"] .field-error').count() === 1;
  result.badFieldInvalid = await page.locator('[data-path="ringGroups[0].members[0]"]').getAttribute('aria-invalid');
  await axe(page, 'form-with-error');
  await shot(page, 'form-error');
  expected = [];

  step = 'fix the member';
  await page.locator('[data-path="ringGroups[0].members[0]"]').fill(GOOD_MEMBER);
  await Promise.all([
    page.waitForURL((url) => url.hash === `#/line/${encodeURIComponent(line)}`),
    page.click('button[type="submit"].primary'),
  ]);
  await page.locator('h1', { hasText: `Line ${line}` }).waitFor();
  result.created = (await status(page))?.trim();
  await shot(page, 'rules');

  step = 'week before the change';
  result.saturdayBefore = await saturdayCell(page, 11, false);
  await axe(page, 'week');

  step = 'add Saturday hours';
  await page.goto(lineUrl(''));
  await page.click('#add-saturday');
  await page.getByLabel('Saturday interval 1 from').fill('10:00');
  await page.getByLabel('Saturday interval 1 to').fill('14:00');
  result.saturdayDraft = await saturdayCell(page, 11, true);
  await shot(page, 'week');
  await page.goto(lineUrl(''));
  await page.click('button[type="submit"].primary');
  await page.locator('#status', { hasText: 'now version 2' }).waitFor();
  result.saturdaySaved = await saturdayCell(page, 11, false);

  step = 'tester';
  await page.goto(lineUrl('test'));
  await page.getByLabel('A call from (optional)').fill('+31655555555');
  await page.getByLabel('On', { exact: true }).fill(SATURDAY);
  await page.getByLabel('At (line\'s local time)').fill('18:05');
  await page.click('form.tester button[type="submit"]');
  await page.locator('.explained').waitFor();
  result.testerEvening = (await page.locator('.verdict').textContent())?.trim();
  await page.getByLabel('At (line\'s local time)').fill('11:00');
  await page.click('form.tester button[type="submit"]');
  await page.locator('.verdict', { hasText: 'open' }).waitFor();
  result.testerMorning = (await page.locator('.verdict').textContent())?.trim();
  result.testerSteps = await page.locator('ol.steps li').allTextContents();
  await page.click('details summary');
  result.testerTwiml = (await page.locator('details pre code').first().textContent())?.trim();
  await axe(page, 'tester');
  await shot(page, 'tester');

  step = 'reorder by keyboard';
  await page.goto(lineUrl(''));
  await page.locator('h1', { hasText: `Line ${line}` }).waitFor();
  await page.focus('button[aria-label="Move group down: group 1"]');
  await page.keyboard.press('Enter');
  result.groupsReordered = await page.locator('fieldset.group > legend').allTextContents();
  await page.focus('text=Discard changes');
  await page.keyboard.press('Enter');
  result.groupsDiscarded = await page.locator('fieldset.group > legend').allTextContents();

  step = 'two tabs';
  const other = await context.newPage();
  watch(other, 'tab2');
  await other.goto(lineUrl(''));
  await other.locator('h1', { hasText: `Line ${line}` }).waitFor();
  await page.goto(lineUrl(''));
  await page.getByLabel('Name', { exact: true }).fill('Renamed in tab 1');
  await page.click('button[type="submit"].primary');
  await page.locator('#status', { hasText: 'now version 3' }).waitFor();
  await other.getByLabel('Name', { exact: true }).fill('Renamed in tab 2');
  expected = [412];
  await other.click('button[type="submit"].primary');
  await other.locator('#conflict-heading').waitFor();
  result.conflictShown = true;
  result.conflictChanges = await other.locator('.conflict table.diff tbody tr').allTextContents();
  await axe(other, 'conflict', '#conflict');
  await shot(other, 'conflict');
  expected = [];
  await other.click('#conflict-overwrite');
  await other.locator('#status', { hasText: 'now version 4' }).waitFor();
  result.overwritten = (await status(other))?.trim();
  await other.close();

  step = 'history';
  await page.goto(lineUrl('history'));
  await page.locator('table.versions').waitFor();
  result.versionsBefore = await page.locator('table.versions tbody tr').count();
  await page.selectOption('#diff-from', '1');
  await page.selectOption('#diff-to', '4');
  await page.click('#compare');
  await page.locator('#diff table.diff').waitFor();
  result.diffRows = await page.locator('#diff table.diff tbody tr').count();
  await axe(page, 'history');
  await shot(page, 'history');
  await page.click('button:has-text("Restore version 1")');
  await page.locator('#status', { hasText: 'Restored version 1' }).waitFor();
  result.restored = (await status(page))?.trim();
  result.versionsAfter = await page.locator('table.versions tbody tr').count();
  result.latestChange = (await page.locator('table.versions tbody tr').first().locator('td').nth(2).textContent())?.trim();

  step = 'people';
  await page.goto(lineUrl('people'));
  await page.locator('table.people').waitFor();
  // Presence is the person's, across lines: one marked away before (on a reused Ivr) is made available first.
  const available = page.locator(`button[aria-label="Mark available: ${GOOD_MEMBER}"]`);
  if (await available.count() > 0) {
    await available.click();
    await page.locator('#status', { hasText: `${GOOD_MEMBER} is now free` }).waitFor();
  }
  await page.click(`button[aria-label="Mark away: ${GOOD_MEMBER}"]`);
  await page.locator('#status', { hasText: `${GOOD_MEMBER} is now away` }).waitFor();
  result.awayState = (await page.locator('table.people tbody tr', { hasText: GOOD_MEMBER }).locator('td.state').textContent())?.trim();
  // Nobody waits for a callback on this line (CallbackTests make real ones): the browser adds one to the real answer,
  // in the API's shape, so the page's words for it are checked.
  await page.route('**/people', async (route) => {
    const real = await route.fetch();
    const json = await real.json();
    const at = (msAgo) => new Date(Date.now() - msAgo).toISOString();
    const callback = { waitingSince: at(360_000), requestedAt: at(300_000), attempts: 1, nextAttemptAt: at(-120_000), expiresAt: at(-86_000_000), inProgress: false };
    await route.fulfill({ response: real, json: { ...json, callbacks: [callback] } });
  });
  await page.click('button:has-text("Refresh")');
  await page.locator('h2:has-text("Callbacks pending") + ol li').first().waitFor();
  result.callbacksShown = await page.locator('h2:has-text("Callbacks pending") + ol li').allTextContents();
  await axe(page, 'people');
  await shot(page, 'people');
  await page.unroute('**/people');

  step = 'lines list';
  await page.goto(`${baseUrl}/admin#/`);
  await page.locator('table.lines').waitFor();
  const row = page.locator('table.lines tbody tr', { hasText: line });
  await row.locator('td', { hasText: /free/ }).waitFor();
  result.listRow = (await row.textContent())?.trim();
  await shot(page, 'lines');

  step = 'phone';
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(lineUrl(''));
  await page.locator('h1', { hasText: `Line ${line}` }).waitFor();
  result.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await shot(page, 'phone');

  // Where the time goes, for whoever keeps the fast tier fast (never asserted).
  Object.assign(result.milliseconds, { axe: axeMs, screenshots: shotMs });
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`console-check failed at step '${step}': ${error?.message ?? error}`);
  console.error(`seen so far: ${JSON.stringify(result)}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch((error) => {
    console.error(`console-check: closing the browser failed: ${error?.message ?? error}`);
    process.exitCode = 1;
  });
}
