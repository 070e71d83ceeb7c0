/**
 * The onnx backend over the model store, in Node (WASM): a downloaded `onnx-char` model
 * (the shipped tiny model's bytes, served by a Range server that is then closed) is
 * listed as cached with its size, loads from the store with no fetch at all, streams
 * tokens, and moves its last use; plain files and partial downloads are not offered; a
 * model deleted after it was listed fails with `model-not-cached`, not a hang.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../core/inference/random';
import { createProbeBackend } from './adapters';
import { createInferenceApi } from './inference-api';
import { createMemoryModelFiles } from './model-store/model-files';
import { createModelStore } from './model-store/model-store';
import { startRangeServer } from './model-store/testing/range-server';
import { createOnnxBackend } from './onnx-backend';
import type { OnnxCharDeps } from './onnx-char-adapter';
import { ortSessionFactory } from './onnx-session';

const MODELS = join(import.meta.dirname, '../../public/models');
const onnxBytes = new Uint8Array(readFileSync(join(MODELS, 'arw-tiny-char.onnx')));
const tinyMeta = JSON.parse(readFileSync(join(MODELS, 'arw-tiny-char.json'), 'utf8')) as Record<string, unknown>;
const config = {
  vocab: tinyMeta.vocab,
  context: tinyMeta.context,
  embed: tinyMeta.embed,
  hidden: tinyMeta.hidden,
  chars: tinyMeta.chars,
};
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every network call of the adapter lands here and fails: a cached model must not need one. */
const fetched: string[] = [];
const noNetwork = async (url: string) => {
  fetched.push(url);
  throw new TypeError('Failed to fetch (the network is off in this test)');
};

function deps(): OnnxCharDeps {
  return {
    Tensor: ort.Tensor,
    createSession: (bytes, choice) => ortSessionFactory(ort)(bytes, { ...choice, provider: 'wasm', threads: 1 }),
    fetch: noNetwork,
    baseUrl: '/models/',
    environment: () => ({ crossOriginIsolated: false, hardwareConcurrency: 2 }),
    clock: { now: () => performance.now() },
    random: createRandom(7),
    yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };
}

/** A store holding the tiny model's bytes as `mirror-char` (onnx-char), a plain file and a partial one. */
async function seededStore() {
  const files = createMemoryModelFiles();
  let now = 10_000;
  const other = new Uint8Array(2048).fill(7);
  const server = await startRangeServer({
    'char.onnx': onnxBytes,
    'other.bin': other,
    'cut.onnx': onnxBytes.slice(0, 300_000),
  });
  const store = createModelStore({
    files,
    fetch: (url, init) => fetch(url, init),
    estimate: async () => ({ quota: 1e9, usage: 0 }),
    now: () => (now += 1000),
  });
  try {
    await store.download({
      id: 'mirror-char',
      url: `${server.url}/files/char.onnx`,
      bytes: onnxBytes.length,
      sha256: sha(onnxBytes),
      label: 'Mirror of the tiny model',
      format: 'onnx-char',
      config,
    });
    await store.download({
      id: 'plain-file',
      url: `${server.url}/files/other.bin`,
      bytes: other.length,
      sha256: sha(other),
    });
    server.cutOnceAt('cut.onnx', 100_000);
    const cut = onnxBytes.slice(0, 300_000);
    await store
      .download({
        id: 'partial-char',
        url: `${server.url}/files/cut.onnx`,
        bytes: cut.length,
        sha256: sha(cut),
        chunkBytes: 65536,
        format: 'onnx-char',
        config,
      })
      .catch(() => undefined);
  } finally {
    await server.close();
  }
  return { store, files };
}

const apiOver = (store: Parameters<typeof createOnnxBackend>[1]) =>
  createInferenceApi([
    createOnnxBackend(deps(), store),
    createProbeBackend({ sleep: async () => undefined, clock: { now: () => Date.now() } }),
  ]);

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe('the onnx backend over the model store', () => {
  it('lists the cached onnx-char model as cached with its size, beside the shipped one; not plain or partial files', async () => {
    const { store } = await seededStore();
    expect((await store.list()).map((m) => `${m.id}:${m.state}`).sort()).toEqual([
      'mirror-char:cached',
      'partial-char:partial',
      'plain-file:cached',
    ]);
    const models = await apiOver(store).list();
    expect(models.map((m) => m.id)).toEqual(['arw-tiny-char', 'mirror-char', 'probe']);
    expect(models[1]!.label).toBe('Mirror of the tiny model (cached ONNX char model, 442 KB)');
    expect(models[1]!.backend).toBe('onnxruntime-web');
  });

  it('loads a cached model from the store with no network, streams tokens and moves its last use', async () => {
    const { store } = await seededStore();
    const api = apiOver(store);
    const before = (await store.list()).find((m) => m.id === 'mirror-char')!.lastUsed;
    fetched.length = 0;
    const progress: string[] = [];
    const info = await api.load({ id: 'mirror-char' }, (p) => void progress.push(p.text));
    expect(fetched).toEqual([]);
    expect(info).toMatchObject({
      id: 'mirror-char',
      label: 'Mirror of the tiny model (cached ONNX char model, 442 KB)',
    });
    expect(info.backend).toMatch(/^onnxruntime-web · WASM, 1 thread/);
    expect(progress).toContain('Reading mirror-char from the model store');
    const tokens: string[] = [];
    await api.connectTokenPort({ postMessage: ({ tokens: batch }) => void tokens.push(...batch) });
    const result = await api.generate('r1', [{ role: 'user', content: 'What does the agent record?' }], {
      maxTokens: 8,
    });
    expect(result.tokens).toBeGreaterThan(0);
    expect(tokens.join('')).toBe(result.text);
    expect((await api.stats()).memoryBytes).toBe(onnxBytes.length);
    expect((await store.list()).find((m) => m.id === 'mirror-char')!.lastUsed).toBeGreaterThan(before);
    expect(fetched).toEqual([]);
  });

  it('a cached model whose file is gone fails with model-not-cached; a deleted one is no longer offered', async () => {
    const { store, files } = await seededStore();
    const api = apiOver(store);
    // The data file vanished behind the store's back (cleared storage, another tab): the record still says cached.
    await files.truncate(sha(onnxBytes), 0);
    expect((await api.list()).some((m) => m.id === 'mirror-char')).toBe(true);
    const lost = (await api.load({ id: 'mirror-char' }).catch((e: Error) => e)) as Error;
    expect(JSON.parse(lost.message)).toMatchObject({
      code: 'model-not-cached',
      message: expect.stringMatching(/mirror-char is not in the model store/),
    });
    await store.remove('mirror-char');
    expect((await api.list()).some((m) => m.id === 'mirror-char')).toBe(false);
    const gone = (await api.load({ id: 'mirror-char' }).catch((e: Error) => e)) as Error;
    expect(JSON.parse(gone.message)).toMatchObject({ code: 'model-unknown' });
    // The shipped model is not in the store: it still comes from its server (off here).
    fetched.length = 0;
    const shipped = (await api.load({ id: 'arw-tiny-char' }).catch((e: Error) => e)) as Error;
    expect(JSON.parse(shipped.message)).toMatchObject({ code: 'model-failed' });
    expect(fetched).toEqual(['/models/arw-tiny-char.json']);
  });
});
