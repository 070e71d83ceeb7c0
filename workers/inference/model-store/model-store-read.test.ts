/**
 * Reading cached models back out of the store (what the onnx backend loads from), over
 * in-memory files and a real Range server: bytes come from storage with the server
 * gone, a model that was removed, evicted, never finished or lost its data file is
 * `model-not-cached`, the manifest's format and config are kept with the record, and a
 * download that evicted models names them in its outcome.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors';
import { createMemoryModelFiles } from './model-files';
import { createModelStore } from './model-store';
import { startRangeServer, type RangeServer } from './testing/range-server';

const KiB = 1024;
const blobs = {
  a: new Uint8Array(randomBytes(40 * KiB)),
  b: new Uint8Array(randomBytes(40 * KiB)),
  c: new Uint8Array(randomBytes(60 * KiB)),
};
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const config = { vocab: 2, context: 4, embed: 2, hidden: 4, chars: [' ', 'a'] };
let server: RangeServer;

beforeAll(async () => {
  server = await startRangeServer(blobs);
});
afterAll(async () => server?.close());

function setup(quota = 1024 * KiB) {
  const files = createMemoryModelFiles();
  let now = 1000;
  const fetches: string[] = [];
  const store = createModelStore({
    files,
    fetch: (url, init) => (fetches.push(url), fetch(url, init)),
    estimate: async () => ({
      quota,
      usage: (await Promise.all((await files.keys()).map((k) => files.size(k)))).reduce((a, b) => a + b, 0),
    }),
    now: () => (now += 1),
  });
  const manifest = (name: keyof typeof blobs, extra: object = {}) => ({
    id: `m-${name}`,
    url: `${server.url}/files/${name}`,
    bytes: blobs[name].length,
    sha256: sha(blobs[name]),
    chunkBytes: 16 * KiB,
    ...extra,
  });
  return { store, files, manifest, fetches };
}

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
};

describe('reading cached models from the store', () => {
  it('gives the verified bytes from storage, without fetching, with the format and config of its manifest', async () => {
    const { store, manifest, fetches } = setup();
    await store.download(manifest('a', { format: 'onnx-char', config, label: 'A' }));
    const fetched = fetches.length;
    const { model, bytes } = await store.read('m-a');
    expect(fetches.length).toBe(fetched);
    expect(sha(bytes)).toBe(sha(blobs.a));
    expect(model).toMatchObject({
      id: 'm-a',
      label: 'A',
      format: 'onnx-char',
      config,
      state: 'cached',
      sha256: sha(blobs.a),
    });
    expect((await store.list())[0]).toMatchObject({ format: 'onnx-char', config });
  });

  it('touch moves last use forward; read of a removed, partial, unknown or data-less model is model-not-cached', async () => {
    const { store, files, manifest } = setup();
    await store.download(manifest('a'));
    const before = (await store.list())[0]!.lastUsed;
    expect(await store.touch('m-a')).toBe(true);
    expect((await store.list())[0]!.lastUsed).toBeGreaterThan(before);

    await store.remove('m-a');
    expect(await codeOf(store.read('m-a'))).toBe('model-not-cached');
    expect(await codeOf(store.read('never-seen'))).toBe('model-not-cached');

    // A download cut by the network keeps its chunks as a partial file: never readable.
    server.cutOnceAt('b', 20 * KiB);
    expect(await codeOf(store.download(manifest('b')))).toBe('model-download-failed');
    expect((await store.list()).find((m) => m.id === 'm-b')).toMatchObject({ state: 'partial', downloaded: 16 * KiB });
    expect(await codeOf(store.read('m-b'))).toBe('model-not-cached');

    // The meta says cached but the data file is gone (removed by hand, another tab): not usable.
    await store.download(manifest('c'));
    await files.truncate(sha(blobs.c), 0);
    expect(await codeOf(store.read('m-c'))).toBe('model-not-cached');
  });

  it('a download that evicts least-recently-used models names them, and reading them fails', async () => {
    const { store, manifest } = setup(100 * KiB);
    await store.download(manifest('a'));
    await store.download(manifest('b'));
    const outcome = await store.download(manifest('c'));
    // 80 of 100 KiB used, c needs 60: only the oldest (a) has to go.
    expect(outcome).toMatchObject({ status: 'complete', evicted: ['m-a'] });
    expect(await codeOf(store.read('m-a'))).toBe('model-not-cached');
    expect((await store.read('m-b')).bytes.length).toBe(blobs.b.length);
    expect((await store.read('m-c')).bytes.length).toBe(blobs.c.length);
    expect(await store.evict(200 * KiB).catch((e: AppError) => e.code)).toBe('model-quota-exceeded');
  });

  it('the same bytes under a new manifest take its id, label and format', async () => {
    const { store, manifest } = setup();
    await store.download(manifest('a'));
    const again = await store.download({ ...manifest('a'), id: 'renamed', format: 'onnx-char', config });
    expect(again.model).toMatchObject({ id: 'renamed', format: 'onnx-char', state: 'cached' });
    expect((await store.read('renamed')).bytes.length).toBe(blobs.a.length);
  });
});
