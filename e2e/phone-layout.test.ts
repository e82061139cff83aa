import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Me, Permission } from '../src/shared/auth.js';
import type { Census } from '../src/shared/census.js';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { apiSession } from './harness.js';
import { demoForTests, logInAt, openPhone, PHONES, settled, textOf, visible } from './pages.js';

/**
 * Every main page, for every demo role that has it, at 360 and 390 px: nothing wider than the
 * screen, no text cut off without its full text at hand, and no page taller than a user would
 * scroll through. Full-page screenshots of the pages that fail (of every page with SHOTS set) go
 * to test-results/phone/ (git-ignored) to look at.
 */

const demo = demoForTests();
const SHOTS = resolve('test-results/phone');

type PageKey = 'home' | 'groups' | 'group' | 'people' | 'person' | 'census' | 'units' | 'unit' | 'users' | 'audit' | 'security' | 'requests';

/**
 * How tall each page may be, in screens (the viewport's height: 800 px at 360, 844 at 390).
 * A phone user scrolls through a list page by page, so a list may hold its page size of cards
 * (25, each at most about a fifth of a screen) below its filters; a page about one thing (a
 * group, a person, a unit) and the census should show what matters within a few flicks.
 */
const BUDGET: Record<PageKey, { screens: number; why: string }> = {
  home: { screens: 5, why: 'greeting, a reminder, the dashboard and the links: five flicks at most' },
  census: { screens: 4, why: 'totals and sentence first, then a compact breakdown (first lines, "Xem thêm")' },
  groups: { screens: 8, why: '25 groups a page, cards of about a fifth of a screen, below the filters' },
  people: { screens: 8, why: '25 people a page, as for groups' },
  users: { screens: 8, why: '25 accounts a page, as for groups' },
  units: { screens: 8, why: 'the sub-areas of one area (a province holds ~100 communes): the first page of them' },
  audit: { screens: 12, why: '50 entries a page, each a short card' },
  requests: { screens: 6, why: 'requests waiting for a decision: usually few' },
  group: { screens: 6, why: 'one group: its facts, then its members (a village group holds 20–40)' },
  person: { screens: 4, why: 'one person: their facts and memberships' },
  unit: { screens: 6, why: 'one area: its facts, history and sub-areas' },
  security: { screens: 3, why: 'password and second factor' },
};

/** Who may open each page (the router's `requires`). */
const NEEDS: Record<PageKey, Permission | null> = {
  home: null,
  security: null,
  groups: 'groups.read',
  group: 'groups.read',
  people: 'groups.read',
  person: 'groups.read',
  census: 'groups.read',
  units: 'units.read',
  unit: 'units.read',
  users: 'users.read',
  audit: 'audit.read',
  requests: 'groups.write',
};

const ROLES = ['quantri', 'tinh.khanhhoa', 'xa.baoan', 'to.baoan', 'xem.khanhhoa'] as const;
type Role = (typeof ROLES)[number];

/**
 * Failures found in files this check does not own yet, each to be fixed there and then removed
 * from this list. Each entry is one page, role and width (or '*' for every role or width); the
 * test fails when such a page passes, so that a fixed entry is not left behind.
 */
const expectedFailures: { page: PageKey; role: Role | '*'; width: number | '*'; kind: Problem['kind']; owner: string }[] = [];

interface Problem {
  kind: 'wide' | 'cut' | 'tall';
  message: string;
}

/** The URL of each page for one account: ids of things it can see, from the API. */
async function pagesOf(username: Role): Promise<Partial<Record<PageKey, string>>> {
  const api = await apiSession(demo.url, { username, password: DEMO_PASSWORD });
  const { user: me } = await api.get<{ user: Me }>('/api/auth/me');
  const first = async (path: string) => (await api.get<{ items: { id: string }[] }>(path)).items[0]?.id;
  const may = (key: PageKey) => NEEDS[key] === null || me.permissions.includes(NEEDS[key]!);
  const urls: Partial<Record<PageKey, string>> = { home: '/', security: '/security' };
  if (may('groups')) {
    urls.groups = '/groups';
    urls.people = '/people';
    urls.census = '/census';
    const group = await first('/api/groups?pageSize=1');
    if (group) urls.group = `/groups/${group}`;
    const person = await first('/api/people?pageSize=1');
    if (person) urls.person = `/people/${person}`;
  }
  if (may('units')) {
    urls.units = '/units';
    const unit = me.scope?.id ?? (await first('/api/units'));
    if (unit) urls.unit = `/units/${unit}`;
  }
  if (may('users')) urls.users = '/users';
  if (may('audit')) urls.audit = '/audit';
  if (may('requests')) urls.requests = '/membership-requests';
  return urls;
}

/** What the page shows wrong: wider than the screen, text cut off, taller than its budget. */
async function measure(page: Page, budgetPx: number): Promise<Problem[]> {
  const found = await page.evaluate((budget) => {
    const problems: { kind: 'wide' | 'cut' | 'tall'; message: string }[] = [];
    const describe = (el: Element) => {
      const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 3).join('.') : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
      return `<${el.tagName.toLowerCase()}${cls ? ` .${cls}` : ''}> "${text}"`;
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const viewport = window.innerWidth;
    const doc = document.documentElement;
    if (doc.scrollWidth > viewport + 1) {
      // The innermost elements that reach past the right edge, to say what is too wide.
      const past = [...document.body.querySelectorAll('*')].filter((el) => shown(el) && el.getBoundingClientRect().right > viewport + 1);
      const leaves = past.filter((el) => !past.some((other) => other !== el && el.contains(other))).slice(0, 3);
      problems.push({
        kind: 'wide',
        message: `the page is ${doc.scrollWidth} px wide on a ${viewport} px screen: ${leaves
          .map((el) => `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`)
          .join('; ')}`,
      });
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (!(el instanceof HTMLElement) || !shown(el) || el.matches('input, textarea, select, svg *')) continue;
      const s = getComputedStyle(el);
      const cuts = s.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(s.overflowX);
      if (!cuts || el.scrollWidth <= el.clientWidth + 1) continue;
      const text = (el.textContent ?? '').trim();
      if (!text) continue;
      if (el.closest('[data-truncate-ok]')) continue;
      const titled = el.closest('[title]')?.getAttribute('title')?.trim();
      if (titled && titled.length >= Math.min(text.length, 10) && text.includes(titled.slice(0, 10))) continue;
      problems.push({ kind: 'cut', message: `${describe(el)} is cut: its content is ${el.scrollWidth} px wide in ${el.clientWidth} px` });
    }
    if (doc.scrollHeight > budget) {
      problems.push({ kind: 'tall', message: `the page is ${doc.scrollHeight} px tall, over its budget of ${budget} px` });
    }
    return problems;
  }, budgetPx);
  return found;
}

describe('the main pages on a phone', () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const role of ROLES) {
    for (const phone of PHONES) {
      it(`fit a ${phone.width} px screen for ${role}`, async () => {
        const urls = await pagesOf(role);
        const { context, page } = await openPhone(demo.browser, phone);
        await logInAt(page, `${demo.url}/`, { username: role, password: DEMO_PASSWORD });
        await settled(page);
        const failures: string[] = [];
        const stale: string[] = [];
        for (const [key, path] of Object.entries(urls) as [PageKey, string][]) {
          await page.goto(demo.url + path);
          await settled(page);
          expect(new URL(page.url()).pathname, `${key} for ${role} opened another page`).toBe(path);
          const problems = await measure(page, BUDGET[key].screens * phone.height);
          // A full page at a pixel ratio of 2 takes a while to write: kept when asked for (SHOTS) or when
          // something is wrong, to look at. JPEG is still sharp enough to read.
          if (process.env.SHOTS || problems.length > 0) {
            await page.screenshot({ path: resolve(SHOTS, `${phone.width}-${role}-${key}.jpg`), fullPage: true, type: 'jpeg', quality: 70 });
          }
          const expected = expectedFailures.filter(
            (e) => e.page === key && (e.role === '*' || e.role === role) && (e.width === '*' || e.width === phone.width),
          );
          for (const p of problems) {
            if (expected.some((e) => e.kind === p.kind)) continue;
            failures.push(`${key} (${path}) at ${phone.width} px as ${role}: ${p.message}`);
          }
          for (const e of expected) {
            if (!problems.some((p) => p.kind === e.kind)) stale.push(`${key} at ${phone.width} px as ${role} no longer fails (${e.kind}, ${e.owner}): remove it from expectedFailures`);
          }
        }
        await context.close();
        const all = [...failures, ...stale];
        expect(all, all.join('\n')).toEqual([]);
      }, 180_000);
    }
  }
});

describe('the census on a phone', () => {
  it('shows Khánh Hòa’s totals first, then ten lines with their totals, more on request, and a line’s types on tap', async () => {
    const api = await apiSession(demo.url, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });
    const census = await api.get<Census>(`/api/census?unit=56&date=${new Date().toISOString().slice(0, 7)}`);
    const sum = (a: Census['breakdown'][number]) => a.rows.reduce((n, r) => n + r.groups, 0);
    const settledLines = census.breakdown.filter((a) => a.unit && !a.inexact);
    expect(settledLines.length).toBeGreaterThan(30);
    // The phone's order: most groups first, ties as the server orders them.
    const ordered = [...census.breakdown].sort((x, y) => sum(y) - sum(x));
    const biggest = ordered.find((a) => a.unit && !a.inexact)!;
    /** Sub-areas that open, among the first n lines. */
    const opening = (n: number) => ordered.slice(0, n).filter((a) => a.unit && !a.inexact).length;

    const { context, page } = await openPhone(demo.browser, PHONES[0]);
    await logInAt(page, `${demo.url}/census`, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });
    await settled(page);
    // The sentence comes first, before the filters and the breakdown.
    const sentenceTop = (await page.getByTestId('census-sentence').boundingBox())!.y;
    expect((await page.getByRole('combobox', { name: 'Địa bàn' }).boundingBox())!.y).toBeGreaterThan(sentenceTop);
    const breakdown = page.getByTestId('census-breakdown');
    expect((await breakdown.boundingBox())!.y).toBeGreaterThan(sentenceTop);
    // Ten settled lines at first (lines that need a look are always shown), the biggest first.
    const named = breakdown.getByRole('button', { name: /^(Xã|Phường|Đặc khu) / });
    await expect.poll(() => named.count()).toBe(opening(10));
    await textOf(named).toBe(biggest.unit!.name);
    await textOf(breakdown.getByTestId('census-line-total')).toContain(sum(biggest).toLocaleString('de-DE'));
    await page.getByRole('button', { name: /^Xem thêm 20 địa bàn/ }).click();
    await expect.poll(() => named.count()).toBe(opening(30));

    // The chevron unfolds the line's types, with the desktop table's numbers.
    await page.getByRole('button', { name: `Xem số liệu từng loại mô hình của ${biggest.unit!.name}` }).click();
    for (const r of biggest.rows.filter((x) => x.groups > 0)) {
      await visible(breakdown.getByText(r.type.name, { exact: true }).first());
    }
    await page.screenshot({ path: resolve(SHOTS, 'census-360-more.jpg'), fullPage: true, type: 'jpeg', quality: 70 });

    // Its name opens its own figures.
    await named.first().click();
    await textOf(page.getByTestId('census-sentence')).toContain(`toàn ${biggest.unit!.name.startsWith('Xã') ? 'xã' : 'phường'} có`);
    await context.close();
  }, 60_000);
});
