/**
 * What the app's model-store client reports as `models.changed`, against the real store
 * (in-memory files, a real Range server) behind a real Comlink MessageChannel: a
 * completed download, a cancel, a corrupt file (op `error`), evictions (by a download
 * and by hand) and deletes. Every change it reports also validates as the event's payload.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as Comlink from 'comlink';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createModelStoreClient, type ModelChange } from '../../app/worker-clients/model-store-client';
import { ModelsChangedSchema } from '../../spec/payloads/runtime';
import type { ModelStoreApi } from '../../workers/inference/api';
import { createMemoryModelFiles } from '../../workers/inference/model-store/model-files';
import { createModelStore } from '../../workers/inference/model-store/model-store';
import { createModelStoreApi } from '../../workers/inference/model-store/model-store-api';
import { startRangeServer, type RangeServer } from '../../workers/inference/model-store/testing/range-server';

const KiB = 1024;
const blobs = {
  a: new Uint8Array(randomBytes(40 * KiB)),
  b: new Uint8Array(randomBytes(40 * KiB)),
  c: new Uint8Array(randomBytes(60 * KiB)),
};
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let server: RangeServer;
const ports: MessagePort[] = [];

beforeAll(async () => {
  server = await startRangeServer(blobs, { delayMs: { c: 30 } });
});
afterAll(async () => server?.close());
afterEach(() => ports.splice(0).forEach((port) => port.close()));

function setup(quota = 1024 * KiB) {
  const files = createMemoryModelFiles();
  let now = 1;
  const store = createModelStore({
    files,
    fetch: (url, init) => fetch(url, init),
    estimate: async () => ({
      quota,
      usage: (await Promise.all((await files.keys()).map((k) => files.size(k)))).reduce((a, b) => a + b, 0),
    }),
    now: () => (now += 1),
  });
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(createModelStoreApi(store), port1);
  const changes: ModelChange[] = [];
  const client = createModelStoreClient(
    Comlink.wrap<ModelStoreApi>(port2),
    undefined,
    (change) => void changes.push(change),
  );
  const manifest = (name: keyof typeof blobs) => ({
    id: `m-${name}`,
    url: `${server.url}/files/${name}`,
    bytes: blobs[name].length,
    sha256: sha(blobs[name]),
    chunkBytes: 16 * KiB,
  });
  const ops = () => changes.map((c) => `${c.op} ${c.id}`);
  return { client, changes, ops, manifest };
}

describe('models.changed from the model-store client', () => {
  it('downloaded on completion, delete on delete, evicted for models a download or the user evicted', async () => {
    const { client, ops, changes, manifest } = setup(100 * KiB);
    await client.download(manifest('a'));
    await client.download(manifest('b'));
    expect(ops()).toEqual(['downloaded m-a', 'downloaded m-b']);
    // 80 of 100 KiB used; c needs 60: the least recently used (a) is evicted first.
    await client.download(manifest('c'));
    expect(ops().slice(2)).toEqual(['evicted m-a', 'downloaded m-c']);
    await client.delete('m-b', 'evicted');
    await client.delete('m-c');
    expect(ops().slice(4)).toEqual(['evicted m-b', 'delete m-c']);
    expect(await client.list()).toEqual([]);
    for (const change of changes)
      expect(ModelsChangedSchema.safeParse({ op: change.op, id: change.id }).success).toBe(true);
  });

  it('evict(bytes) reports each evicted model', async () => {
    const { client, ops, manifest } = setup(100 * KiB);
    await client.download(manifest('a'));
    await client.download(manifest('b'));
    expect(await client.evict(61 * KiB)).toEqual(['m-a', 'm-b']);
    expect(ops().slice(2)).toEqual(['evicted m-a', 'evicted m-b']);
  });

  it('canceled once for a running download canceled mid-way, and error when the hash does not match', async () => {
    const { client, ops, changes, manifest } = setup();
    const running = client.download(manifest('c'), (p) => {
      if (p.status === 'downloading') void client.cancel('m-c');
    });
    expect((await running).status).toBe('canceled');
    expect(ops()).toEqual(['canceled m-c']);

    const corrupt = { ...manifest('a'), id: 'bad', sha256: sha(blobs.b) };
    const error = await client.download(corrupt).catch((e: { code: string }) => e.code);
    expect(error).toBe('model-hash-mismatch');
    expect(ops().slice(1)).toEqual(['error bad']);
    expect(changes[1]!.error).toMatchObject({ code: 'model-hash-mismatch', message: expect.stringMatching(/SHA-256/) });
    expect(await client.list()).toEqual([]);
  });

  it('canceled for a paused download canceled later; nothing for a cancel that changed nothing', async () => {
    const { client, ops, manifest } = setup();
    const running = client.download(manifest('c'), (p) => {
      if (p.status === 'downloading') void client.pause('m-c');
    });
    expect((await running).status).toBe('paused');
    await client.cancel('m-c');
    await client.cancel('never-downloaded');
    expect(ops()).toEqual(['canceled m-c']);
    expect(await client.list()).toEqual([]);
  });
});
