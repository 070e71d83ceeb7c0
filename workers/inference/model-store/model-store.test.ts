/**
 * The model store in Node over in-memory files and a real Range server on loopback:
 * quota is checked first and least-recently-used cached models are evicted to make
 * room (never the partial ones), and a file only counts once its hash matched.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors';
import type { DownloadProgress } from '../../../core/models/manifest';
import { createMemoryModelFiles } from './model-files';
import { createModelStore } from './model-store';
import { startRangeServer, type RangeServer } from './testing/range-server';

const KiB = 1024;
const blobs = {
  a: randomBytes(40 * KiB),
  b: randomBytes(40 * KiB),
  c: randomBytes(40 * KiB),
  d: randomBytes(60 * KiB),
};
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let server: RangeServer;

beforeAll(async () => {
  server = await startRangeServer(Object.fromEntries(Object.entries(blobs).map(([k, v]) => [k, new Uint8Array(v)])));
});
afterAll(async () => server?.close());

function setup(quota: number) {
  const files = createMemoryModelFiles();
  let now = 1000;
  const store = createModelStore({
    files,
    fetch: (url, init) => fetch(url, init),
    // Usage is what the store holds, as the browser would count it.
    estimate: async () => ({
      quota,
      usage: (await Promise.all((await files.keys()).map((k) => files.size(k)))).reduce((a, b) => a + b, 0),
    }),
    now: () => (now += 1),
  });
  const manifest = (name: keyof typeof blobs) => ({
    id: `m-${name}`,
    url: `${server.url}/files/${name}`,
    bytes: blobs[name].length,
    sha256: sha(blobs[name]),
    chunkBytes: 16 * KiB,
  });
  return { store, manifest };
}

describe('model store', () => {
  it('downloads in Range chunks, reports each step, and caches only after the hash matched', async () => {
    const { store, manifest } = setup(1024 * KiB);
    const progress: DownloadProgress[] = [];
    const outcome = await store.download(manifest('a'), (p) => void progress.push(p));
    expect(outcome).toMatchObject({ status: 'complete', model: { state: 'cached', downloaded: 40 * KiB } });
    expect(progress.map((p) => `${p.status}:${p.downloaded}`)).toEqual([
      'preflight:0',
      'started:0',
      `downloading:${16 * KiB}`,
      `downloading:${32 * KiB}`,
      `downloading:${40 * KiB}`,
      `complete:${40 * KiB}`,
    ]);
    expect(await store.touch('m-a')).toBe(true);
  });

  it('evicts least-recently-used cached models to fit a new one, and refuses when even that is not enough', async () => {
    const { store, manifest } = setup(130 * KiB);
    for (const name of ['a', 'b', 'c'] as const) await store.download(manifest(name));
    await store.touch('m-a');
    // 120 KiB used of 130: d (60 KiB) needs b and c gone (least recently used), not a.
    await store.download(manifest('d'));
    expect((await store.list()).map((m) => m.id).sort()).toEqual(['m-a', 'm-d']);

    const tiny = setup(50 * KiB);
    const error = await tiny.store.download(tiny.manifest('d')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('model-quota-exceeded');
    expect(await tiny.store.list()).toEqual([]);
  });

  it('rejects a manifest that is not valid before fetching anything', async () => {
    const { store } = setup(1024 * KiB);
    const error = (await store
      .download({ id: 'x', url: 'not a url', bytes: 1, sha256: 'zz' })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('invalid-request');
  });
});
