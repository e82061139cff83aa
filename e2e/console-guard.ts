import type { Browser, BrowserContext, ConsoleMessage } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';

/**
 * Every browser test fails when a page writes an error to its console or throws one uncaught.
 * The one exception is Chromium's own note of an HTTP 4xx answer ("Failed to load resource: …
 * status of 409"): refusals and validation errors are answers the app is built to show, and the
 * tests provoke them on purpose. A 5xx is never expected, and an error the app itself logs is
 * always one. A test that means to cause something else says so with `allowConsoleErrors`.
 */
const errors: string[] = [];
let allowed: RegExp[] = [];

const REFUSAL = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

function record(message: string): void {
  if (allowed.some((a) => a.test(message))) return;
  errors.push(message);
}

function watch(context: BrowserContext): void {
  context.on('console', (m: ConsoleMessage) => {
    if (m.type() !== 'error' || REFUSAL.test(m.text())) return;
    record(`console: ${m.text().split('\n')[0]} (on ${m.page()?.url() ?? '?'})`);
  });
  context.on('weberror', (e) => record(`uncaught: ${e.error().message} (${e.page()?.url() ?? '?'})`));
}

/** Watches every context this browser opens from now on. */
export function guardConsole(browser: Browser): Browser {
  const open = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await open(...args);
    watch(context);
    return context;
  };
  return browser;
}

/** Lets the current test's pages log errors matching these (say why beside the call). */
export function allowConsoleErrors(...patterns: RegExp[]): void {
  allowed.push(...patterns);
}

beforeEach(() => {
  errors.length = 0;
  allowed = [];
});

afterEach(() => {
  const seen = errors.splice(0);
  expect(seen, 'errors in the browser console during this test').toEqual([]);
});
