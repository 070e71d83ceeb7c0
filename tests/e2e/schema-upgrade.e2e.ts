/**
 * Browser schema upgrades in real Chromium (issue 13 item 3): a journal as the first
 * shipped app wrote it (Dexie v1 = IndexedDB version 10) opens in the current app with
 * every event, and an upgrade that throws midway is rolled back by IndexedDB (same
 * version, same rows): what openJournal relies on to say nothing was lost (the app's
 * message for it is in app/db/schema-upgrade.test.ts, its upgrades cannot be made to fail here).
 * The old database is made with raw IndexedDB on a same-origin page that does not run
 * the app (/healthz), so the app cannot upgrade it first.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import { storedIds } from '../support/arw-page';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const app = useAppFixture();

function oldEvents(count: number) {
  let t = Date.now() - 60_000;
  const make = createEventFactory({
    actor: 'dev-old',
    clock: { now: () => t },
    newId: createUlidFactory(
      () => t,
      (n) => crypto.getRandomValues(new Uint8Array(n)),
    ),
  });
  return Array.from({ length: count }, (_, i) => {
    t += 1000;
    return make('obs.recorded', { source: 'old-app', text: `old ${i}` }, { project_id: 'p1', corr_id: `c${i % 2}` });
  });
}

/** Writes `arw-journal` as schema version 1 did (its store and indexes, rows keyed by seq). */
async function writeV1Journal(page: Page, events: unknown[]): Promise<void> {
  await page.evaluate(async (events) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('arw-journal', 10);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
        store.createIndex('id', 'id', { unique: true });
        for (const field of ['kind', 'time', 'corr_id', 'project_id']) store.createIndex(field, field);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('events', 'readwrite');
    for (const event of events) tx.objectStore('events').add(event);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, events);
}

/** The journal's IndexedDB version and its rows' ids, read raw (without the app). */
function readRaw(page: Page): Promise<{ version: number | undefined; ids: string[] }> {
  return page.evaluate(async () => {
    const version = (await indexedDB.databases()).find((info) => info.name === 'arw-journal')?.version;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('arw-journal');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise<{ id: string }[]>((resolve, reject) => {
      const request = db.transaction('events').objectStore('events').getAll();
      request.onsuccess = () => resolve(request.result as { id: string }[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return { version, ids: rows.map((row) => row.id) };
  });
}

async function freshOriginPage(): Promise<Page> {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/healthz`);
  // Each test starts from an origin without a journal (the context is shared in this file).
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase('arw-journal');
        request.onsuccess = resolve;
        request.onerror = () => reject(request.error);
      }),
  );
  return page;
}

test('Chromium undoes an upgrade that throws; then the app upgrades the v1 journal and reads every event', async () => {
  const page = await freshOriginPage();
  const events = oldEvents(5);
  await writeV1Journal(page, events);

  // What Dexie builds on: an upgrade that changes rows, deletes one and then throws.
  const outcome = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const request = indexedDB.open('arw-journal', 20);
        request.onupgradeneeded = () => {
          const store = request.transaction!.objectStore('events');
          store.delete(1);
          store.put({ seq: 2, id: 'changed', kind: 'x', time: '', corr_id: null, project_id: null });
          request.result.createObjectStore('meta', { keyPath: 'key' });
          throw new Error('upgrade failed midway');
        };
        request.onsuccess = () => resolve('opened');
        request.onerror = () => resolve(request.error?.name ?? 'error');
      }),
  );
  expect(outcome).toBe('AbortError');
  expect(await readRaw(page)).toEqual({ version: 10, ids: events.map((event) => event.id) });

  const appPage = await openApp(app.browser.context, app.server.url);
  await appPage.waitForFunction(() => window.arw!.journal.status() === 'open');
  expect(await storedIds(appPage)).toEqual(events.map((event) => event.id));
  expect((await readRaw(page)).version).toBe(20);
  await appPage.close();
  await page.close();
});
