// Debian's headless Chromium (or CHROMIUM_PATH) through playwright-core, as the browser tests open it: one desk-sized
// context whose every step and navigation times out after stepTimeoutMs.
import { chromium } from 'playwright-core';

export async function openBrowser(stepTimeoutMs) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox'],
    headless: true,
    timeout: stepTimeoutMs,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(stepTimeoutMs);
  context.setDefaultNavigationTimeout(stepTimeoutMs);
  return { browser, context };
}
