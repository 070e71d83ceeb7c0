/**
 * Issue 3 item 1 (client half): a device keeps each document in IndexedDB and its
 * storage does not grow with every page load; nothing is lost by compacting.
 */
import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { compactLocal, openLocalStore, storedRows } from './local-store';
import { appendMessage, readThread } from './thread';

const author = { actor: 'device:A', name: 'A' };
let n = 0;
const dbName = () => `test-local-store-${++n}`;

/** One page load: a fresh doc, loaded from the store; `edit` runs after load. */
async function pageLoad(name: string, edit?: (doc: Y.Doc) => void) {
  const doc = new Y.Doc();
  const store = openLocalStore(name, doc);
  await store.loaded;
  edit?.(doc);
  // y-indexeddb writes edits in their own transactions: read back once they landed.
  const rows = await storedRows(store.persistence);
  const messages = readThread(doc);
  await store.destroy();
  doc.destroy();
  return { rows, messages };
}

test('the thread survives reloads and the store holds one row after each load, however many loads', async () => {
  const name = dbName();
  await pageLoad(name, (doc) =>
    appendMessage(doc, { id: 'm1', author, role: 'user', text: 'hello', corr_id: 'c1', time: 't1' }),
  );
  const rowsPerLoad: number[] = [];
  for (let i = 0; i < 12; i++) rowsPerLoad.push((await pageLoad(name)).rows);
  expect(rowsPerLoad.every((rows) => rows === 1)).toBe(true);
  const last = await pageLoad(name, (doc) =>
    appendMessage(doc, { id: 'm2', author, role: 'user', text: 'again', corr_id: 'c2', time: 't2' }),
  );
  expect(last.messages.map((m) => m.text)).toEqual(['hello', 'again']);
  expect((await pageLoad(name)).messages.map((m) => m.id)).toEqual(['m1', 'm2']);
});

test('without compaction y-indexeddb alone adds a row on every load (the growth this prevents)', async () => {
  const { IndexeddbPersistence } = await import('y-indexeddb');
  const name = dbName();
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(name, doc);
    await persistence.whenSynced;
    counts.push(await storedRows(persistence));
    await persistence.destroy();
  }
  expect(counts).toEqual([1, 2, 3, 4, 5]);
});

test('compaction keeps rows another tab wrote after this one loaded', async () => {
  const name = dbName();
  const docA = new Y.Doc();
  const a = openLocalStore(name, docA);
  await a.loaded;
  const docB = new Y.Doc();
  const b = openLocalStore(name, docB);
  await b.loaded;
  appendMessage(docB, { id: 'from-b', author, role: 'user', text: 'b', corr_id: 'c', time: 't' });
  await storedRows(b.persistence);
  const result = await compactLocal(a.persistence);
  expect(result.after).toBe(1);
  expect(readThread(docA).map((m) => m.id)).toEqual(['from-b']);
  await Promise.all([a.destroy(), b.destroy()]);
  expect((await pageLoad(name)).messages.map((m) => m.id)).toEqual(['from-b']);
});
