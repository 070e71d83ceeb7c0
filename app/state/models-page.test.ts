/** Settings → Models state over a fake store client: rows, progress, manifest validation, actions. */
import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { DownloadOutcome, DownloadProgress, ModelManifest, StoredModel } from '../../core/models/manifest';
import { createModelsPage, latestModelsChange, validateManifest, type ModelsClient } from './models-page';

const HASH = 'ab'.repeat(32);
const manifest: ModelManifest = {
  id: 'tiny',
  url: 'http://files.test/tiny.bin',
  bytes: 2000,
  sha256: HASH,
  label: 'Tiny',
};

function fakeClient(initial: StoredModel[] = []) {
  let stored = [...initial];
  const calls: string[] = [];
  let finish: ((outcome: DownloadOutcome | Error) => void) | undefined;
  let report: ((p: DownloadProgress) => void) | undefined;
  const manifests: ModelManifest[] = [];
  const client: ModelsClient = {
    download(m, onProgress) {
      calls.push(`download ${m.id}`);
      manifests.push(m);
      report = onProgress;
      return new Promise((resolve, reject) => {
        finish = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
      });
    },
    pause: async (id) => void calls.push(`pause ${id}`),
    cancel: async (id) => void calls.push(`cancel ${id}`),
    delete: async (id, why) => {
      calls.push(why === 'evicted' ? `evict ${id}` : `delete ${id}`);
      stored = stored.filter((m) => m.id !== id);
    },
    list: async () => stored,
    storage: async () => ({ usage: 5000, quota: 100_000, models: stored.reduce((s, m) => s + m.downloaded, 0) }),
  };
  return {
    client,
    calls,
    manifests,
    set: (models: StoredModel[]) => void (stored = models),
    progress: (p: DownloadProgress) => report?.(p),
    end: (outcome: DownloadOutcome | Error, after: StoredModel[] = stored) => {
      stored = after;
      finish?.(outcome);
    },
  };
}

const cachedModel = (id: string, lastUsed: number): StoredModel => ({
  id,
  url: `http://files.test/${id}.bin`,
  sha256: HASH,
  bytes: 1000,
  chunkBytes: 1024,
  downloaded: 1000,
  state: 'cached',
  lastUsed,
});
const json = (value: unknown) => async () => ({ ok: true, status: 200, text: async () => JSON.stringify(value) });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('models page', () => {
  it('lists stored models as cached or paused, with storage use', async () => {
    const fake = fakeClient([cachedModel('a', 2), { ...cachedModel('b', 1), state: 'partial', downloaded: 300 }]);
    const page = createModelsPage({ client: fake.client });
    await page.refresh();
    expect(page.rows().map((r) => [r.id, r.status, r.downloaded])).toEqual([
      ['a', 'cached', 1000],
      ['b', 'paused', 300],
    ]);
    expect(page.storage()).toEqual({ usage: 5000, quota: 100_000, models: 1300 });
  });

  it('downloads from a pasted manifest: progress while running, cached at the end', async () => {
    const fake = fakeClient();
    const page = createModelsPage({ client: fake.client, fetch: json(manifest) });
    expect(await page.addFromUrl(' http://files.test/tiny.json ')).toEqual(manifest);
    expect(page.manifestIssues()).toEqual([]);
    expect(fake.calls).toEqual(['download tiny']);
    fake.progress({ id: 'tiny', status: 'downloading', downloaded: 1024, total: 2000 });
    expect(page.rows()[0]).toMatchObject({
      id: 'tiny',
      status: 'downloading',
      downloaded: 1024,
      phase: 'downloading',
      label: 'Tiny',
    });
    const done = { ...cachedModel('tiny', 9), bytes: 2000, downloaded: 2000, url: manifest.url };
    fake.end({ status: 'complete', model: done }, [done]);
    await tick();
    await tick();
    expect(page.rows()).toEqual([
      expect.objectContaining({ id: 'tiny', status: 'cached', downloaded: 2000, sha256: HASH, lastUsed: 9 }),
    ]);
  });

  it('shows field errors for a bad manifest and does not download', async () => {
    const fake = fakeClient();
    const page = createModelsPage({
      client: fake.client,
      fetch: json({ ...manifest, sha256: 'not-a-hash', bytes: -1 }),
    });
    expect(await page.addFromUrl('http://files.test/bad.json')).toBeUndefined();
    expect(
      page
        .manifestIssues()
        .map((i) => i.field)
        .sort(),
    ).toEqual(['bytes', 'sha256']);
    expect(fake.calls).toEqual([]);
    expect(page.rows()).toEqual([]);
    expect(validateManifest('nope')).toEqual({ issues: [expect.objectContaining({ field: '(manifest)' })] });
  });

  it('a URL that returns an HTML page says it is not a manifest, in one issue, instead of schema errors', async () => {
    const fake = fakeClient();
    const page = createModelsPage({
      client: fake.client,
      fetch: async () => ({ ok: true, status: 200, text: async () => '<!doctype html><title>Model card</title>' }),
    });
    expect(await page.addFromUrl('https://huggingface.test/org/model')).toBeUndefined();
    expect(page.manifestIssues()).toEqual([
      {
        field: 'manifest URL',
        message: expect.stringMatching(/^This URL does not point to a model manifest: it returned an HTML page\./),
      },
    ]);
    expect(fake.calls).toEqual([]);
  });

  it('a manifest beside its file may name it relatively: the download gets the absolute URL', async () => {
    const fake = fakeClient();
    const page = createModelsPage({ client: fake.client, fetch: json({ ...manifest, url: 'tiny.bin' }) });
    await page.addFromUrl('http://files.test/models/tiny.json');
    expect(fake.manifests[0]!.url).toBe('http://files.test/models/tiny.bin');
  });

  it('reports an unreachable manifest or a non-URL as an issue', async () => {
    const page = createModelsPage({
      client: fakeClient().client,
      fetch: async () => ({ ok: false, status: 404, text: async () => '{}' }),
    });
    await page.addFromUrl('http://files.test/missing.json');
    expect(page.manifestIssues()[0]).toMatchObject({
      field: 'manifest URL',
      message: expect.stringContaining('HTTP 404'),
    });
    await page.addFromUrl('model.json');
    expect(page.manifestIssues()[0]!.message).toMatch(/full http/);
  });

  it('keeps a failed download as a row error (e.g. quota) and allows a retry', async () => {
    const fake = fakeClient();
    const page = createModelsPage({ client: fake.client, fetch: json(manifest) });
    await page.addFromUrl('http://files.test/tiny.json');
    fake.end(new Error('the download needs 2000 bytes; 10 are free'));
    await tick();
    await tick();
    expect(page.rows()[0]).toMatchObject({
      status: 'available',
      error: { code: 'model-download-failed', detail: expect.stringContaining('are free') },
    });
    void page.download('tiny');
    expect(page.rows()[0]).toMatchObject({ status: 'downloading' });
    expect(page.rows()[0]!.error).toBeUndefined();
  });

  it('resumes a paused model from its stored record; pause, cancel and delete reach the store', async () => {
    const fake = fakeClient([{ ...cachedModel('p', 1), state: 'partial', downloaded: 400 }]);
    const page = createModelsPage({ client: fake.client });
    await page.refresh();
    void page.download('p');
    expect(page.rows()[0]!.status).toBe('downloading');
    await page.pause('p');
    await page.cancel('p');
    await page.delete('p');
    expect(fake.calls).toEqual(['download p', 'pause p', 'cancel p', 'delete p']);
  });

  it('evicts the least-recently-used cached model only', async () => {
    const fake = fakeClient([
      cachedModel('new', 30),
      cachedModel('old', 10),
      { ...cachedModel('part', 1), state: 'partial', downloaded: 5 },
    ]);
    const page = createModelsPage({ client: fake.client });
    await page.refresh();
    expect(await page.evictLeastRecentlyUsed()).toBe('old');
    expect(page.rows().map((r) => r.id)).toEqual(['new', 'part']);
    expect(await page.evictLeastRecentlyUsed()).toBe('new');
    expect(await page.evictLeastRecentlyUsed()).toBeUndefined();
    expect(fake.calls).toEqual(['evict old', 'evict new']);
  });

  it('an onnx-char model shows its format, and resuming it sends the format and config again', async () => {
    const config = { vocab: 2, context: 4, embed: 2, hidden: 4, chars: [' ', 'a'] };
    const fake = fakeClient([
      { ...cachedModel('char', 1), state: 'partial', downloaded: 10, format: 'onnx-char', config },
    ]);
    const page = createModelsPage({ client: fake.client });
    await page.refresh();
    expect(page.rows()[0]).toMatchObject({ id: 'char', format: 'onnx-char', status: 'paused' });
    void page.download('char');
    expect(fake.manifests[0]).toMatchObject({ id: 'char', format: 'onnx-char', config });
  });

  it('refreshes when a newer models.changed event reaches the stream (this tab or another), not for other kinds', async () => {
    expect(
      latestModelsChange([
        { id: '1', kind: 'models.changed' },
        { id: '2', kind: 'runtime.health' },
      ]),
    ).toBe('1');
    expect(latestModelsChange([{ id: '2', kind: 'runtime.health' }])).toBeUndefined();
    const fake = fakeClient([cachedModel('a', 1)]);
    let lists = 0;
    const list = fake.client.list;
    fake.client.list = () => ((lists += 1), list());
    const [events, setEvents] = createSignal<{ id: string; kind: string }[]>([{ id: '01', kind: 'models.changed' }]);
    const page = createRoot(() => createModelsPage({ client: fake.client, events }));
    await page.refresh();
    expect(page.rows().map((r) => r.id)).toEqual(['a']);
    lists = 0;
    fake.set([cachedModel('a', 1), cachedModel('b', 2)]);
    setEvents((all) => [...all, { id: '02', kind: 'tokens.out' }]);
    await tick();
    expect(lists).toBe(0);
    setEvents((all) => [...all, { id: '03', kind: 'models.changed' }]);
    await tick();
    await tick();
    expect(lists).toBe(1);
    expect(page.rows().map((r) => r.id)).toEqual(['a', 'b']);
  });
});
