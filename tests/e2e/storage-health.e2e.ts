/**
 * Storage health and "Delete all my data" (issue 13 item 4) in real Chromium: Settings →
 * Data shows usage per store after events are appended, whether storage is persistent,
 * a quota warning near full (in Settings and as a banner elsewhere), the export reminder
 * until an export, and a deletion that asks twice: cancelled at either step nothing goes;
 * confirmed, every database, cache, file and app key goes and the app starts as new.
 *
 * Near-full quota: an init script wraps `StorageManager.prototype.estimate` and, while
 * localStorage `e2e.quotaShare` is set, reports a quota of usage ÷ share (the real usage
 * stays). The app reads `navigator.storage` directly, so there is no seam to inject into.
 * A Safari-like browser: the same script, under `e2e.safari`, reports Apple's vendor
 * and an iPhone's user agent.
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
const DAY = 86_400_000;

let page: Page;

async function open(path: string): Promise<Page> {
  if (!page) {
    await fx.browser.context.addInitScript(() => {
      // Downloads instead of the save picker (as in vault.e2e.ts).
      delete (Window.prototype as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
      delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
      // Safari on an iPhone while localStorage `e2e.safari` is set (Chromium's window.chrome cannot be removed).
      if (localStorage.getItem('e2e.safari')) {
        Object.defineProperty(Navigator.prototype, 'vendor', { get: () => 'Apple Computer, Inc.' });
        Object.defineProperty(Navigator.prototype, 'userAgent', {
          get: () =>
            'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
        });
      }
      const real = StorageManager.prototype.estimate;
      StorageManager.prototype.estimate = async function (this: StorageManager) {
        const result = await real.call(this);
        const share = Number(localStorage.getItem('e2e.quotaShare'));
        return share > 0 && result.usage ? { ...result, quota: Math.ceil(result.usage / share) } : result;
      };
    });
    page = await fx.browser.context.newPage();
  }
  const fresh = page.url() === 'about:blank';
  await page.goto(`${fx.server.url}/${path}`);
  // A goto that changes only the hash stays in the same document: reload, so the app starts again.
  if (!fresh) await page.reload();
  await waitForApp(page);
  return page;
}

const testId = (id: string) => `[data-testid="${id}"]`;
const present = (id: string) => page.evaluate((sel) => document.querySelector(sel) !== null, testId(id));
const textOf = (id: string) => page.evaluate((sel) => document.querySelector(sel)?.textContent ?? '', testId(id));
const waitFor = (id: string, timeout = 30_000) =>
  page.waitForFunction((sel) => document.querySelector(sel) !== null, testId(id), { timeout });
const waitGone = (id: string) =>
  page.waitForFunction((sel) => document.querySelector(sel) === null, testId(id), { timeout: 30_000 });

/** Rows of the per-store table as {store: bytes}, once every row has been measured. */
async function rows(): Promise<Record<string, number>> {
  return page.evaluate((sel) => {
    const out: Record<string, number> = {};
    for (const row of document.querySelectorAll<HTMLElement>(sel)) out[row.dataset.store!] = Number(row.dataset.bytes);
    return out;
  }, testId('storage-row'));
}

async function a11yOfData() {
  if (!(await page.evaluate(() => Boolean((window as AxeWindow).axe)))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const section = document.querySelector('[data-testid="data-section"]')!;
    const result = await (window as AxeWindow).axe!.run(section, { resultTypes: ['violations'] });
    return {
      violations: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      sideways: document.documentElement.scrollWidth > innerWidth,
    };
  });
}

test('Settings → Data shows usage per store with numbers after events are appended, and whether storage is persistent', async () => {
  await open('#/settings/data');
  await appendInPage(page, { count: 600, tag: 'health' });
  await seedYjsLikeDb(page, 'arw-yjs:e2e/thread/main', 20_000);
  await page.getByTestId('storage-refresh').click();
  await page.waitForFunction(
    (sel) => {
      const byStore = Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>(sel)].map((row) => [row.dataset.store, Number(row.dataset.bytes)]),
      );
      return byStore.journal! > 10_000 && byStore.yjs! > 0;
    },
    testId('storage-row'),
    { timeout: 30_000 },
  );
  const measured = await rows();
  expect(Object.keys(measured)).toEqual(['journal', 'yjs', 'models', 'caches', 'other']);
  const table = await textOf('storage-breakdown');
  expect(table).toMatch(/Journal \(chats, recipes, permissions\)arw-journal.*≈ \d/);
  expect(table).toContain('arw-yjs:e2e/thread/main');
  expect(await textOf('storage-usage')).toMatch(/\d.* of \d/);
  // Headless Chromium answers persisted() (false unless granted): a yes or no, never "unknown".
  expect(await textOf('storage-persisted')).toMatch(/^(no|yes)/);

  expect(await a11yOfData()).toEqual({ violations: [], sideways: false });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await a11yOfData()).toEqual({ violations: [], sideways: false });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('Safari-like browsers get the note that an installed app keeps data longer; Chromium does not', async () => {
  await open('#/settings/data');
  await waitFor('storage-health');
  expect(await present('safari-note')).toBe(false);
  await page.evaluate(() => localStorage.setItem('e2e.safari', '1'));
  await open('#/settings/data');
  await waitFor('safari-note');
  expect(await textOf('safari-note')).toMatch(/7 days without a visit.*Add to Home Screen/);
  expect(await a11yOfData()).toEqual({ violations: [], sideways: false });
  await page.evaluate(() => localStorage.removeItem('e2e.safari'));
});

test('near a full quota: a warning in Settings → Data and a one-line banner elsewhere; stronger words at 95 %', async () => {
  await open('#/hub');
  expect(await present('storage-banner')).toBe(false);
  await page.evaluate(() => localStorage.setItem('e2e.quotaShare', '0.9'));
  await open('#/hub');
  await waitFor('storage-banner');
  expect(await page.getAttribute(testId('storage-banner'), 'role')).toBe('status');
  expect(await page.getAttribute(testId('storage-banner'), 'data-level')).toBe('warning');
  expect(await textOf('storage-banner')).toMatch(/Storage is (89|90) % full/);

  await page.evaluate(() => (location.hash = '#/settings/data'));
  await waitFor('storage-quota-warning');
  await waitGone('storage-banner');
  expect(await textOf('storage-quota-warning')).toMatch(/delete old conversations or free model files/);

  await page.evaluate(() => localStorage.setItem('e2e.quotaShare', '0.97'));
  await open('#/chat');
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-level') === 'critical',
    testId('storage-banner'),
  );
  expect(await textOf('storage-banner')).toMatch(/New events may soon be refused/);
  await open('#/settings/data');
  await waitFor('storage-quota-warning');
  expect(await textOf('storage-quota-warning')).toMatch(/new events, messages and downloads may be refused/);
  expect(await a11yOfData()).toEqual({ violations: [], sideways: false });

  await page.evaluate(() => localStorage.removeItem('e2e.quotaShare'));
  await open('#/hub');
  expect(await present('storage-banner')).toBe(false);
});

test('the export reminder shows until an export (never, then 20 days old), and goes away after one', async () => {
  await open('#/settings/data');
  await appendInPage(page, { count: 5, tag: 'reminder' });
  await page.getByTestId('storage-refresh').click();
  await waitFor('export-reminder');
  expect(await textOf('export-reminder')).toMatch(/never exported a vault.*not persistent/);

  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('export-now').click();
  // A failed export shows its error instead of a download: fail with its words.
  const failed = waitFor('vault-error', 60_000).then(async () => {
    throw new Error(`export failed: ${await textOf('vault-error')}`);
  });
  expect(await (await Promise.race([download, failed])).path()).toBeTruthy();
  await waitGone('export-reminder');
  const recorded = await page.evaluate(() => localStorage.getItem('arw.vault.lastExport'));
  expect(Date.now() - Date.parse(recorded!)).toBeLessThan(60_000);

  await page.evaluate(
    (at) => localStorage.setItem('arw.vault.lastExport', at),
    new Date(Date.now() - 20 * DAY).toISOString(),
  );
  await open('#/settings/data');
  await waitFor('export-reminder');
  expect(await textOf('export-reminder')).toContain('last export is 20 days old');
  await page.evaluate(
    (at) => localStorage.setItem('arw.vault.lastExport', at),
    new Date(Date.now() - 3 * DAY).toISOString(),
  );
  await open('#/settings/data');
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('aria-busy') === 'false',
    testId('storage-breakdown'),
  );
  expect(await present('export-reminder')).toBe(false);
});

/** What this origin holds, to compare before and after. */
function inventory() {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const files: string[] = [];
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) files.push(name);
    const { events } = await window.arw!.journal.query({ corrId: 'e2e-gone', limit: 1000 });
    return {
      databases: (await indexedDB.databases()).map((info) => info.name!).sort(),
      caches: await caches.keys(),
      files,
      tagged: events.length,
      count: await window.arw!.journal.count(),
      keys: Object.keys(localStorage).filter((key) => key.startsWith('arw')),
    };
  });
}

test('Delete all my data: cancelled at step 1 or 2 nothing goes; confirmed twice everything goes and the welcome shows', async () => {
  await open('#/settings/data');
  await appendInPage(page, { count: 300, tag: 'gone' });
  await seedYjsLikeDb(page, 'arw-yjs:e2e/thread/gone', 20_000);
  await seedYjsLikeDb(page, 'e2e-extra-db', 20_000);
  await page.evaluate(async () => {
    await (await caches.open('e2e-cache')).put('/e2e-cached', new Response('cached'));
    const root = await navigator.storage.getDirectory();
    const file = await root.getFileHandle('e2e-file.txt', { create: true });
    const writable = await file.createWritable();
    await writable.write('kept in OPFS');
    await writable.close();
    localStorage.setItem('arw.welcome', 'done');
  });
  const before = await inventory();
  expect(before.tagged).toBe(300);
  expect(before.databases).toEqual(expect.arrayContaining(['arw-journal', 'arw-yjs:e2e/thread/gone', 'e2e-extra-db']));
  expect(before.caches).toContain('e2e-cache');
  expect(before.files).toContain('e2e-file.txt');

  // Step 1, then Escape: nothing deleted, the focus back on the button.
  await page.getByTestId('delete-all').click();
  await waitFor('delete-all-step1');
  expect(await textOf('delete-all-step1')).toMatch(/journal.*shared documents.*settings.*model files/s);
  expect(await textOf('delete-all-zone')).toMatch(/this device only.*sync server keeps its copy/s);
  // Export first: the vault export runs (a download here), and step 1 stays.
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('delete-all-export').click();
  expect(await (await download).path()).toBeTruthy();
  expect(await present('delete-all-step1')).toBe(true);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await a11yOfData()).toEqual({ violations: [], sideways: false });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('delete-all-step1').locator('p').first().focus();
  await page.keyboard.press('Escape');
  await waitGone('delete-all-step1');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'delete-all');
  // Step 1's Cancel.
  await page.getByTestId('delete-all').click();
  await page.getByTestId('delete-all-cancel').click();
  await waitGone('delete-all-step1');
  // Step 2 (the focus on its confirm button), Cancel; then step 2 and Escape.
  await page.getByTestId('delete-all').click();
  await page.getByTestId('delete-all-continue').click();
  await waitFor('delete-all-step2');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'delete-all-confirm');
  expect(await a11yOfData()).toEqual({ violations: [], sideways: false });
  await page.getByTestId('delete-all-cancel').click();
  await waitGone('delete-all-step2');
  await page.getByTestId('delete-all').click();
  await page.getByTestId('delete-all-continue').click();
  await waitFor('delete-all-step2');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'delete-all-confirm');
  await page.keyboard.press('Escape');
  await waitGone('delete-all-step2');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'delete-all');
  const untouched = await inventory();
  expect(untouched.tagged).toBe(before.tagged);
  expect(untouched.count).toBe(before.count);
  expect(untouched.databases).toEqual(before.databases);
  expect(untouched.caches).toContain('e2e-cache');
  expect(untouched.files).toContain('e2e-file.txt');

  // Twice, for real: the page reloads into Chat's welcome.
  await page.getByTestId('delete-all').click();
  await page.getByTestId('delete-all-continue').click();
  await waitFor('delete-all-step2');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'delete-all-confirm');
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await page.keyboard.press('Enter');
  await reloaded;
  await waitForApp(page);
  expect(new URL(page.url()).hash).toBe('#/chat');
  await waitFor('welcome');
  const after = await inventory();
  expect(after.tagged).toBe(0);
  expect(after.count).toBeLessThan(before.count);
  // What was there is gone; the app started anew creates its own (a new journal, its project document, the service worker's).
  expect(after.databases).not.toContain('arw-yjs:e2e/thread/gone');
  expect(after.databases).not.toContain('e2e-extra-db');
  expect(after.caches).not.toContain('e2e-cache');
  expect(after.files).not.toContain('e2e-file.txt');
  expect(after.keys).not.toContain('arw.welcome');
});

test('Delete all my data with a database another tab keeps open: says so, and it goes once that tab closes', async () => {
  await open('#/settings/data');
  // Another page of this origin that ignores versionchange (an old tab, another tool).
  const other = await fx.browser.context.newPage();
  await other.goto(`${fx.server.url}/healthz`);
  await other.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const request = indexedDB.open('e2e-held');
        request.onupgradeneeded = () => request.result.createObjectStore('rows');
        request.onsuccess = () => {
          (window as unknown as { held: IDBDatabase }).held = request.result;
          resolve();
        };
      }),
  );
  await page.getByTestId('delete-all').click();
  await page.getByTestId('delete-all-continue').click();
  await waitFor('delete-all-step2');
  await page.getByTestId('delete-all-confirm').click();
  await waitFor('delete-all-waiting');
  expect(await textOf('delete-all-waiting')).toMatch(
    /another tab of ARW Hub still holds open: e2e-held\. Close that tab/,
  );
  await other.close();
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await page.getByTestId('delete-all-waiting').getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await waitForApp(page);
  await waitFor('welcome');
  expect((await inventory()).databases).not.toContain('e2e-held');
});
