// Walks the dashboard in the system's headless Chromium, as an analyst would: the sign-in form without a session, a
// wrong key, the right key, then one line over yesterday to tomorrow (UTC) through the question form. Prints one JSON
// line with what it saw and every browser error; exits non-zero, with the reason on stderr, if any step fails.
// Usage: node dashboard-check.mjs <baseUrl> <analystKey> <line> <screenshotPath>
import { openBrowser } from './chromium.mjs';

const STEP_TIMEOUT_MS = 20_000;
const [baseUrl, analystKey, line, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !analystKey || !line || !screenshotPath) {
  console.error('usage: node dashboard-check.mjs <baseUrl> <analystKey> <line> <screenshotPath>');
  process.exit(2);
}

// A last resort: a hung browser must not hang the test run.
const watchdog = setTimeout(() => {
  console.error(`dashboard-check: gave up after ${(6 * STEP_TIMEOUT_MS) / 1000} s`);
  process.exit(1);
}, 6 * STEP_TIMEOUT_MS);
watchdog.unref();

const result = { consoleErrors: [], pageErrors: [], failedRequests: [], expectedConsoleErrors: [] };
let step = 'launch';
// The wrong-key sign-in answers 401 on purpose; every other 4xx/5xx is a failure.
let expectedStatus = null;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const day = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

let browser;
try {
  let context;
  ({ browser, context } = await openBrowser(STEP_TIMEOUT_MS));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium reports the deliberate 401 as a console error of its own; kept apart, not ignored silently.
    const expected = expectedStatus !== null && message.text().includes(`status of ${expectedStatus}`);
    (expected ? result.expectedConsoleErrors : result.consoleErrors).push(`${step}: ${message.text()}`);
  });
  page.on('pageerror', (error) => result.pageErrors.push(`${step}: ${error.message}`));
  page.on('requestfailed', (request) =>
    result.failedRequests.push(`${step}: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`.trim()));
  page.on('response', (response) => {
    if (response.status() >= 400 && response.status() !== expectedStatus) {
      result.failedRequests.push(`${step}: ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });

  step = 'no session';
  const first = await page.goto(`${baseUrl}/dashboard`, { waitUntil: 'load' });
  check(first?.status() === 200, `GET /dashboard without a session answered ${first?.status()}`);
  result.signInShown = (await page.locator('form[action="/dashboard/login"] input[name="key"][type="password"]').count()) === 1;
  check(result.signInShown, 'no sign-in form without a session');

  step = 'wrong key';
  expectedStatus = 401;
  await page.fill('input[name="key"]', `${analystKey}-wrong`);
  const [wrong] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/dashboard/login')),
    page.click('form[action="/dashboard/login"] button[type="submit"]'),
  ]);
  await page.waitForLoadState('load');
  result.wrongKeyStatus = wrong.status();
  result.wrongKeyError = (await page.locator('[role="alert"]').first().textContent({ timeout: STEP_TIMEOUT_MS }))?.trim() ?? null;
  result.wrongKeySignInShown = (await page.locator('input[name="key"][type="password"]').count()) === 1;
  expectedStatus = null;

  step = 'sign in';
  await page.fill('input[name="key"]', analystKey);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/dashboard' && !url.search, { waitUntil: 'load' }),
    page.click('form[action="/dashboard/login"] button[type="submit"]'),
  ]);
  check((await page.locator('form[action="/dashboard/logout"]').count()) === 1, 'signed in, but no report (no sign-out form)');

  step = 'question';
  await page.selectOption('select[name="line"]', line);
  await page.fill('input[name="from"]', day(-1));
  await page.fill('input[name="to"]', day(1));
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get('line') === line, { waitUntil: 'load' }),
    page.click('form.question button[type="submit"]'),
  ]);
  result.url = page.url();

  step = 'report';
  result.title = await page.title();
  result.heading = (await page.locator('h1').first().textContent())?.trim() ?? null;
  result.charts = await page.locator('.charts svg[role="img"]').count();
  result.bars = await page.locator('.charts svg rect.bar').count();
  result.paths = await page.locator('.charts svg path.series').count();
  result.figures = Object.fromEntries(await page.locator('.figure').evaluateAll((cards) =>
    cards.map((card) => [card.id.replace(/^figure-/, ''), card.querySelector('.value')?.textContent?.trim() ?? ''])));
  result.totalsCalls = Number.parseInt(result.figures.calls ?? '', 10);
  check(Number.isInteger(result.totalsCalls), `no calls figure on the report (figures: ${JSON.stringify(result.figures)})`);

  step = 'screenshot';
  await page.screenshot({ path: screenshotPath, fullPage: true, timeout: STEP_TIMEOUT_MS });

  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`dashboard-check failed at step '${step}': ${error?.message ?? error}`);
  console.error(`seen so far: ${JSON.stringify(result)}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch((error) => {
    console.error(`dashboard-check: closing the browser failed: ${error?.message ?? error}`);
    process.exitCode = 1;
  });
}
