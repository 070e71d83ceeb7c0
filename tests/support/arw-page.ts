/** Page-side helpers: the app's console API (window.arw) as the tests use it. */
import type { Page } from 'playwright-core';

/** Appends `count` synthetic valid events in the page through the app's journal, `concurrency` appends in flight at once. */
export async function appendInPage(
  page: Page,
  options: { count: number; concurrency?: number; tag: string },
): Promise<string[]> {
  return page.evaluate(
    async ({ count, concurrency, tag }) => {
      const arw = window.arw!;
      const ids: string[] = [];
      for (let start = 0; start < count; start += concurrency) {
        const chunk = [];
        for (let i = start; i < Math.min(count, start + concurrency); i++) {
          const event = arw.make('obs.recorded', { source: 'e2e', text: `${tag} #${i}` }, { corr_id: `e2e-${tag}` });
          ids.push(event.id);
          chunk.push(arw.journal.append(event));
        }
        await Promise.all(chunk);
      }
      return ids;
    },
    { count: options.count, concurrency: options.concurrency ?? 50, tag: options.tag },
  );
}

/** Every stored event id in arrival (seq) order. */
export async function storedIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const ids: string[] = [];
    await window.arw!.journal.scan((events) => {
      for (const e of events) ids.push(e.id);
    });
    return ids;
  });
}

/** Creates IndexedDB database `name` with one `updates` row of `bytes` random bytes, as y-indexeddb leaves one. */
export async function seedYjsLikeDb(page: Page, name: string, bytes: number): Promise<void> {
  await page.evaluate(
    async ({ name, bytes }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.result.createObjectStore('updates', { autoIncrement: true });
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve) => {
        const tx = db.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(crypto.getRandomValues(new Uint8Array(bytes)));
        tx.oncomplete = () => resolve();
      });
      db.close();
    },
    { name, bytes },
  );
}
