import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { AppError } from '../../core/errors';
import { IMPORT_BATCH } from '../../core/vault/merge';
import { makeEvents, memoryHub, testRandom } from '../../core/vault/testing';
import { createVaultApi } from './vault-api';

const merge = (updates: readonly Uint8Array[]) => Y.mergeUpdates([...updates]);
const noop = () => undefined;
const OPTIONS = { appVersion: '0.1.0', created: '2026-12-01T15:00:00.000Z', kdfCost: { m: 64, t: 1, p: 1 } };

async function exportToBlob(
  api: ReturnType<typeof createVaultApi>,
  hub: ReturnType<typeof memoryHub>,
  passphrase?: string,
) {
  const chunks: Uint8Array[] = [];
  await api.exportVault(
    { ...OPTIONS, ...(passphrase ? { passphrase } : {}) },
    hub,
    async (bytes) => void chunks.push(bytes),
    noop,
  );
  return { blob: new Blob(chunks as Uint8Array<ArrayBuffer>[]), chunks };
}

test('the worker API exports in coalesced chunks, checks a Blob, then imports what it checked', async () => {
  const api = createVaultApi(testRandom);
  const source = memoryHub({ events: makeEvents(4000), merge });
  const { blob, chunks } = await exportToBlob(api, source, 'secret');
  expect(chunks.length).toBeLessThan(10);
  const target = memoryHub({ merge });
  const plan = await api.inspect(blob, 'secret', target, noop);
  expect(plan).toMatchObject({ events: 4000, newEvents: 4000 });
  expect(target.writes).toEqual([]);
  expect(await api.importVault(target, noop)).toMatchObject({ added: 4000 });
  expect(target.events).toEqual(source.events);
  await expect(api.importVault(target, noop)).rejects.toThrow(/no vault was checked/);
});

test('cancel stops a check with vault-canceled and nothing written; a later check works', async () => {
  const api = createVaultApi(testRandom);
  const { blob } = await exportToBlob(api, memoryHub({ events: makeEvents(3000), merge }));
  const target = memoryHub({ merge });
  const checking = api.inspect(blob, undefined, target, () => api.cancel());
  const error = await checking.catch((e: unknown) => e);
  expect((error as AppError).code).toBe('vault-canceled');
  expect(target.writes).toEqual([]);
  await expect(api.importVault(target, noop)).rejects.toThrow(/no vault was checked/);
  expect((await api.inspect(blob, undefined, target, noop)).newEvents).toBe(3000);
});

test('cancel stops an export with vault-canceled', async () => {
  const api = createVaultApi(testRandom);
  const hub = memoryHub({ events: makeEvents(5000), merge });
  const error = await api
    .exportVault(
      { ...OPTIONS },
      { ...hub, journalAfter: (after, limit) => (api.cancel(), hub.journalAfter(after, limit)) },
      async () => undefined,
      noop,
    )
    .catch((e: unknown) => e);
  expect((error as AppError).code).toBe('vault-canceled');
});

test('cancel during an import stops at a batch boundary, keeps what was written and says how far; a second import adds only the rest', async () => {
  const api = createVaultApi(testRandom);
  const docs = Object.fromEntries(
    ['p1/thread/main', 'p2/thread/main', 'p3/notes'].map((name) => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, name);
      return [name, Y.encodeStateAsUpdate(doc)];
    }),
  );
  const source = memoryHub({
    events: makeEvents(3 * IMPORT_BATCH + 123),
    docs,
    settings: { 'arw.theme': 'dark' },
    merge,
  });
  const { blob } = await exportToBlob(api, source);
  const target = memoryHub({ merge });
  await api.inspect(blob, undefined, target, noop);
  // Cancel as soon as the first batch is written: the second batch is never started.
  const summary = await api.importVault(target, (progress) => {
    if (progress.phase === 'journal') api.cancel();
  });
  expect(summary).toEqual({
    added: IMPORT_BATCH,
    skipped: 0,
    documents: 0,
    settings: 0,
    canceled: true,
    events: source.events.length,
    documentsInFile: 3,
  });
  expect(target.writes).toEqual([`ingest ${IMPORT_BATCH}`]);
  expect(target.events).toEqual(source.events.slice(0, IMPORT_BATCH));

  // Once the journal is in, a cancel stops between documents and before the settings.
  expect((await api.inspect(blob, undefined, target, noop)).newEvents).toBe(source.events.length - IMPORT_BATCH);
  const partly = await api.importVault(target, (progress) => {
    if (progress.phase === 'documents') api.cancel();
  });
  expect(partly).toMatchObject({ added: source.events.length - IMPORT_BATCH, skipped: IMPORT_BATCH, documents: 1 });
  expect(partly).toMatchObject({ canceled: true, settings: 0 });
  expect(target.docs.size).toBe(1);

  // The same file again finishes: nothing doubles, the journal is the source's, in order.
  await api.inspect(blob, undefined, target, noop);
  const rest = await api.importVault(target, noop);
  expect(rest).toMatchObject({ added: 0, skipped: source.events.length, documents: 3, settings: 1, canceled: false });
  expect(target.events).toEqual(source.events);
  expect(new Set(target.events.map((event) => event.id)).size).toBe(source.events.length);
  expect(target.store).toEqual(source.store);
});

test('a cancel sent before an import starts does not stop it (Cancel belongs to the operation it was pressed in)', async () => {
  const api = createVaultApi(testRandom);
  const { blob } = await exportToBlob(api, memoryHub({ events: makeEvents(200), merge }));
  const target = memoryHub({ merge });
  await api.inspect(blob, undefined, target, noop);
  api.cancel();
  expect(await api.importVault(target, noop)).toMatchObject({ added: 200, canceled: false });
});
