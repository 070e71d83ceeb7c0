/**
 * Issue 13 item 5 (SPEC §8), real Chromium and IndexedDB: after ~3000 events the app
 * keeps a read-model snapshot in the journal's meta table; a reload starts from it and
 * folds only the few events after it, with the same episodes list; a corrupted snapshot
 * row is ignored with a reason, the journal is scanned, and the list is still the same.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();
const KEY = 'read-models.snapshot';

/** The Debug episodes list as shown (this test's episodes): each row's corr id and its text, in order. */
async function episodeRows(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="episode-row"]')]
      .filter((row) => row.getAttribute('data-corr-id')?.startsWith('snap-'))
      .map((row) => `${row.getAttribute('data-corr-id')}: ${row.textContent?.replace(/\s+/g, ' ').trim()}`),
  );
}

/** Polls `check(KEY)` in the page until it resolves true (page.waitForFunction would take its promise as truthy). */
async function until(page: Page, check: (key: string) => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check, KEY))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the snapshot row`);
    await page.waitForTimeout(250);
  }
}

/** Waits until the stream is ready and the list shows the `expected` episodes. */
async function readyWithRows(page: Page, expected: number): Promise<void> {
  await page.waitForFunction(() => window.arw?.stream.phase() === 'ready', undefined, { timeout: 60_000 });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="episode-row"]').length >= n, expected, {
    timeout: 30_000,
  });
}

test('a reload starts from the stored snapshot; a corrupted one is ignored with a reason; the list stays the same', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/debug');
  await page.waitForFunction(() => window.arw?.stream.phase() === 'ready', undefined, { timeout: 60_000 });
  await page.evaluate(async () => {
    const arw = window.arw!;
    // 30 episodes of 100 events each: started, 97 token batches, a tool call, completed.
    for (let e = 0; e < 30; e++) {
      const context = { corr_id: `snap-${String(e).padStart(2, '0')}` };
      const events = [arw.make('episode.started', { agent: 'probe', input: `question ${e}` }, context)];
      for (let i = 0; i < 97; i++) events.push(arw.make('tokens.out', { seq: i, count: 1, text: 'x' }, context));
      events.push(arw.make('tool.invoked', { tool: 'search', call_id: `k${e}` }, context));
      events.push(arw.make('episode.completed', { duration_ms: 5 + e }, context));
      await arw.journal.appendBatch(events);
    }
  });
  await readyWithRows(page, 30);
  // The writer writes once 2000 events were folded (within its 10 s interval): wait for it to cover them all.
  await until(page, async (key) => {
    const arw = window.arw!;
    const top = (await arw.journal.tail(1))[0]?.seq ?? 0;
    const row = await arw.journal.meta.get<{ position: number }>(key);
    return row !== undefined && row.position >= top - 50;
  });
  const before = await episodeRows(page);
  expect(before).toHaveLength(30);
  const count = await page.evaluate(() => window.arw!.journal.count());

  await page.reload();
  await waitForApp(page);
  await readyWithRows(page, 30);
  const fromSnapshot = await page.evaluate(() => window.arw!.stream.start());
  expect(fromSnapshot?.from).toBe('snapshot');
  expect(fromSnapshot!.folded).toBeLessThan(200);
  expect(await episodeRows(page)).toEqual(before);
  expect(await page.evaluate(() => window.arw!.stream.eventCount())).toBeGreaterThanOrEqual(count);

  // Corrupt the row from a page of the same origin that does not run the app (so no write overtakes it).
  await page.close();
  const raw = await fx.browser.context.newPage();
  await raw.goto(`${fx.server.url}/healthz`);
  await raw.evaluate(
    (key) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('arw-journal');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('meta', 'readwrite');
          tx.objectStore('meta').put({ key, value: { format: 'arw.read-models', version: 1, states: 'torn' } });
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    KEY,
  );
  await raw.close();
  const again = await openApp(fx.browser.context, fx.server.url, '/#/debug');
  await readyWithRows(again, 30);
  const fromJournal = await again.evaluate(() => window.arw!.stream.start());
  expect(fromJournal?.from).toBe('journal');
  expect(fromJournal?.reason).toMatch(/snapshot/);
  expect(fromJournal!.folded).toBeGreaterThanOrEqual(3000);
  expect(await episodeRows(again)).toEqual(before);
  // And a fresh snapshot replaces the torn row.
  await until(
    again,
    async (key) => typeof (await window.arw!.journal.meta.get<{ position?: unknown }>(key))?.position === 'number',
  );
});
