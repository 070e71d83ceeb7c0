import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { AppError } from '../../core/errors';
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
