/**
 * "Delete all my data" with a second tab of the app open (issue 13 item 4), two pages of
 * one browser context in real Chromium: the deleting tab tells the other on the
 * BroadcastChannel `arw.data`; the other stops its sync, Yjs and journal (closing its
 * IndexedDB connections, so no deletion is blocked) and reloads into the welcome once the
 * deletion is over; where it cannot wait for that (no Web Locks) it shows a blocking
 * notice with a Reload button. Either way no database of the app is left behind.
 *
 * No Web Locks: an init script hides `navigator.locks` in a page whose sessionStorage has
 * `e2e.noLocks` (sessionStorage is per tab, and "Delete all" only removes `arw…` keys).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { appendInPage, seedYjsLikeDb } from '../support/arw-page';
import { waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type AxeWindow = Window & { axe?: typeof import('axe-core') };
type Marked = Window & { e2eBefore?: boolean };

const testId = (id: string) => `[data-testid="${id}"]`;
const waitFor = (page: Page, id: string) =>
  page.waitForFunction((sel) => document.querySelector(sel) !== null, testId(id), { timeout: 30_000 });

let scripted = false;
async function open(path: string): Promise<Page> {
  if (!scripted) {
    scripted = true;
    await fx.browser.context.addInitScript(() => {
      if (sessionStorage.getItem('e2e.noLocks'))
        Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
    });
  }
  const page = await fx.browser.context.newPage();
  await page.goto(`${fx.server.url}/${path}`);
  await waitForApp(page);
  return page;
}

const appDatabases = (page: Page) =>
  page.evaluate(async () =>
    (await indexedDB.databases())
      .map((info) => info.name!)
      .filter((name) => name.startsWith('arw'))
      .sort(),
  );
const tagged = (page: Page, tag: string) =>
  page.evaluate(
    async (corrId) => (await window.arw!.journal.query({ corrId, limit: 1000 })).events.length,
    `e2e-${tag}`,
  );

test('Delete all in one tab: the other tab stops and reloads into the welcome, and the old databases are gone', async () => {
  const a = await open('#/settings/data');
  const b = await open('#/settings/data');
  await appendInPage(a, { count: 120, tag: 'tabs' });
  await seedYjsLikeDb(a, 'arw-yjs:e2e/thread/tabs', 1000);
  await a.evaluate(() => localStorage.setItem('arw.welcome', 'done'));
  expect(await tagged(b, 'tabs')).toBe(120);
  expect(await appDatabases(b)).toEqual(expect.arrayContaining(['arw-journal', 'arw-yjs:e2e/thread/tabs']));
  // Gone with B's document once B reloads.
  await b.evaluate(() => ((window as Marked).e2eBefore = true));

  const reloadedA = a.waitForEvent('load', { timeout: 60_000 });
  const reloadedB = b.waitForEvent('load', { timeout: 60_000 });
  await a.getByTestId('delete-all').click();
  await a.getByTestId('delete-all-continue').click();
  await waitFor(a, 'delete-all-step2');
  await a.getByTestId('delete-all-confirm').click();
  await Promise.all([reloadedA, reloadedB]);
  await Promise.all([waitForApp(a), waitForApp(b)]);

  // B started again as new: Chat's welcome, not the settings page it was left on.
  expect(await b.evaluate(() => (window as Marked).e2eBefore)).toBeUndefined();
  expect(new URL(b.url()).hash).toBe('#/chat');
  await waitFor(b, 'welcome');
  await waitFor(a, 'welcome');
  expect(await tagged(b, 'tabs')).toBe(0);
  expect(await tagged(a, 'tabs')).toBe(0);
  expect(await appDatabases(b)).not.toContain('arw-yjs:e2e/thread/tabs');
  await Promise.all([a.close(), b.close()]);
});

test('Without Web Locks the other tab shows a blocking notice with Reload; nothing of the app is left in IndexedDB', async () => {
  const a = await open('#/settings/data');
  const b = await open('#/hub');
  await b.evaluate(() => sessionStorage.setItem('e2e.noLocks', '1'));
  await b.reload();
  await waitForApp(b);
  expect(await b.evaluate(() => navigator.locks)).toBeUndefined();
  await appendInPage(b, { count: 50, tag: 'notice' });
  await seedYjsLikeDb(a, 'arw-yjs:e2e/thread/notice', 1000);
  expect(await appDatabases(a)).toEqual(expect.arrayContaining(['arw-journal', 'arw-yjs:e2e/thread/notice']));

  // The console API deletes without reloading A, so what is left can be read afterwards.
  const report = await a.evaluate(() => window.arw!.deleteAll.run());
  expect(report.errors).toEqual([]);
  // B closed its connections when told: none held up a deletion.
  expect(report.waiting).toEqual([]);
  expect(report.databases).toEqual(expect.arrayContaining(['arw-journal', 'arw-yjs:e2e/thread/notice']));

  await waitFor(b, 'deleted-elsewhere');
  const notice = await b.evaluate((sel) => {
    const dialog = document.querySelector<HTMLDialogElement>(sel)!;
    return {
      text: dialog.textContent,
      open: dialog.open,
      modal: dialog.matches(':modal'),
      focus: document.activeElement?.textContent,
    };
  }, testId('deleted-elsewhere'));
  expect(notice).toEqual({
    text: expect.stringContaining('Your data was deleted in another tab. Reload to start again.'),
    open: true,
    modal: true,
    focus: 'Reload',
  });
  // Escape does not close it: the app behind it has no journal any more.
  await b.keyboard.press('Escape');
  expect(
    await b.evaluate((sel) => document.querySelector<HTMLDialogElement>(sel)!.open, testId('deleted-elsewhere')),
  ).toBe(true);
  await b.evaluate(AXE);
  const violations = await b.evaluate(async (sel) => {
    const result = await (window as AxeWindow).axe!.run(document.querySelector(sel)!, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, testId('deleted-elsewhere'));
  expect(violations).toEqual([]);
  // Both tabs stopped: neither recreated a database of the app.
  expect(await appDatabases(a)).toEqual([]);
  expect(await appDatabases(b)).toEqual([]);

  const reloaded = b.waitForEvent('load', { timeout: 60_000 });
  await b.getByTestId('deleted-elsewhere').getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await waitForApp(b);
  await waitFor(b, 'welcome');
  expect(await tagged(b, 'notice')).toBe(0);
  await Promise.all([a.close(), b.close()]);
});
