/**
 * The model store in headless chromium (issue 5, item 4), driven through `arw.models`
 * against a second loopback server with Range support: an interrupted download resumes
 * after a reload from the stored chunk and is cached only once its SHA-256 matches; a
 * corrupted file is rejected and not kept; pause keeps chunks, cancel deletes them; a
 * download larger than the free quota fails before any byte is fetched.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startRangeServer, type RangeServer } from '../../workers/inference/model-store/testing/range-server';
import type { ModelManifest } from '../../core/models/manifest';
import type { EventOf } from '../support/page-api';

const fx = useAppFixture();
const MiB = 1024 * 1024;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const big = new Uint8Array(randomBytes(3 * MiB + 12_345));
const small = new Uint8Array(randomBytes(600 * 1024));
const corrupt = small.slice();
corrupt[300_000] = corrupt[300_000]! ^ 0xff;
const slow = new Uint8Array(randomBytes(4 * 256 * 1024));

let files: RangeServer;
beforeAll(async () => {
  files = await startRangeServer(
    { 'big.bin': big, 'corrupt.bin': corrupt, 'slow.bin': slow },
    { delayMs: { 'slow.bin': 250 } },
  );
});
afterAll(async () => files?.close());

interface Run {
  outcome?: { status: string; model?: { state: string; downloaded: number } };
  error?: { code: string; message: string };
  progress: { status: string; downloaded: number; total: number }[];
}

/** The page's window with the runs `startDownload` records. */
type RunsWindow = Window & { runs?: Record<string, Run> };

/** Starts `arw.models.download(manifest)` in the page; `window.runs[name]` collects its progress and end. */
async function startDownload(page: Page, name: string, manifest: ModelManifest): Promise<void> {
  await page.evaluate(
    ({ name, manifest }) => {
      const w = window as RunsWindow;
      w.runs ??= {};
      const run: Run = { progress: [] };
      w.runs[name] = run;
      w.arw!.models.download(manifest, (p) => run.progress.push(p)).then(
        (outcome) => (run.outcome = outcome),
        (error: { code: string; message: string }) => (run.error = { code: error.code, message: error.message }),
      );
    },
    { name, manifest },
  );
}

async function finished(page: Page, name: string): Promise<Run> {
  const read = () => page.evaluate((n) => (window as RunsWindow).runs![n]!, name);
  await expect
    .poll(
      async () => {
        const run = await read();
        return Boolean(run.outcome ?? run.error);
      },
      { timeout: 60_000, interval: 100 },
    )
    .toBe(true);
  return read();
}

const download = async (page: Page, name: string, manifest: ModelManifest) => (
  await startDownload(page, name, manifest),
  finished(page, name)
);
const stored = (page: Page) =>
  page.evaluate(
    () => window.arw!.models.list() as Promise<{ id: string; state: string; downloaded: number; sha256: string }[]>,
  );

/** SHA-256 of what OPFS holds for `key`, or null when the folder is gone. */
const opfsHash = (page: Page, key: string) =>
  page.evaluate(async (key) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('arw-models', { create: true });
    try {
      const file = await (await (await root.getDirectoryHandle(key)).getFileHandle('data.bin')).getFile();
      return [...new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
    } catch {
      return null;
    }
  }, key);

test('an interrupted download resumes after a reload from the stored chunk, then is verified and cached', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const manifest = {
    id: 'big-model',
    url: `${files.url}/files/big.bin`,
    bytes: big.length,
    sha256: sha(big),
    label: 'Big test model',
  };
  files.cutOnceAt('big.bin', MiB + MiB / 2);

  const first = await download(page, 'first', manifest);
  expect(first.error?.code).toBe('model-download-failed');
  expect(first.progress.map((p) => p.status)).toEqual(['preflight', 'started', 'downloading', 'error']);
  expect((await stored(page)).find((m) => m.id === 'big-model')).toMatchObject({ state: 'partial', downloaded: MiB });

  await page.reload();
  await waitForApp(page);
  const before = files.requests.length;
  const second = await download(page, 'second', manifest);
  expect(second.error).toBeUndefined();
  expect(second.outcome).toMatchObject({ status: 'complete', model: { state: 'cached', downloaded: big.length } });
  expect(second.progress[1]).toEqual({ id: 'big-model', status: 'resumed', downloaded: MiB, total: big.length });
  expect(second.progress.at(-1)).toMatchObject({ status: 'complete', downloaded: big.length });
  // The server saw the resume start exactly at the stored offset, and nothing before it again.
  expect(files.requests.slice(before).map((r) => r.range)).toEqual([
    `bytes=${MiB}-${2 * MiB - 1}`,
    `bytes=${2 * MiB}-${3 * MiB - 1}`,
    `bytes=${3 * MiB}-${big.length - 1}`,
  ]);
  expect((await stored(page)).find((m) => m.id === 'big-model')).toMatchObject({
    state: 'cached',
    downloaded: big.length,
  });
  expect(await opfsHash(page, sha(big))).toBe(sha(big));

  // Every step was journalled as models.download.progress.
  const journalled = await page.evaluate(async () =>
    (
      (await window.arw!.journal.query({ kindPrefixes: ['models.download.progress'], limit: 100 }))
        .events as EventOf<'models.download.progress'>[]
    ).map((e) => e.payload.status),
  );
  expect(journalled).toEqual(expect.arrayContaining(['resumed', 'complete']));

  // Asking again is answered from the store without a request.
  const count = files.requests.length;
  expect((await download(page, 'again', manifest)).outcome?.status).toBe('complete');
  expect(files.requests.length).toBe(count);
});

test('a corrupted file is rejected by its hash and not cached', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const run = await download(page, 'corrupt', {
    id: 'corrupt-model',
    url: `${files.url}/files/corrupt.bin`,
    bytes: small.length,
    sha256: sha(small),
    chunkBytes: 256 * 1024,
  });
  expect(run.error?.code).toBe('model-hash-mismatch');
  expect(run.progress.at(-1)).toMatchObject({ status: 'error', error: expect.stringContaining('SHA-256') });
  expect((await stored(page)).some((m) => m.id === 'corrupt-model')).toBe(false);
  expect(await opfsHash(page, sha(small))).toBeNull();
});

test('pause keeps the stored chunks for a resume; cancel deletes the partial data', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const manifest = {
    id: 'slow-model',
    url: `${files.url}/files/slow.bin`,
    bytes: slow.length,
    sha256: sha(slow),
    chunkBytes: 256 * 1024,
  };
  const downloadedOnce = (name: string) =>
    expect
      .poll(
        async () =>
          (await page.evaluate((n) => (window as RunsWindow).runs![n]!.progress, name)).some(
            (p) => p.status === 'downloading',
          ),
        { timeout: 30_000 },
      )
      .toBe(true);

  await startDownload(page, 'pause', manifest);
  await downloadedOnce('pause');
  await page.evaluate(() => window.arw!.models.pause('slow-model'));
  const paused = await finished(page, 'pause');
  expect(paused.outcome?.status).toBe('paused');
  expect(paused.progress.at(-1)!.status).toBe('paused');
  const partial = (await stored(page)).find((m) => m.id === 'slow-model')!;
  expect(partial.state).toBe('partial');
  expect(partial.downloaded).toBeGreaterThanOrEqual(256 * 1024);

  await startDownload(page, 'cancel', manifest);
  await downloadedOnce('cancel');
  expect((await page.evaluate(() => (window as RunsWindow).runs!['cancel']!.progress[1]!)).status).toBe('resumed');
  await page.evaluate(() => window.arw!.models.cancel('slow-model'));
  const canceled = await finished(page, 'cancel');
  expect(canceled.outcome?.status).toBe('canceled');
  expect((await stored(page)).some((m) => m.id === 'slow-model')).toBe(false);
  expect(await opfsHash(page, sha(slow))).toBeNull();
});

test('a download larger than the free quota fails first, with a clear error and no request', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const before = files.requests.length;
  const run = await download(page, 'huge', {
    id: 'huge-model',
    url: `${files.url}/files/huge.bin`,
    bytes: 2 ** 50,
    sha256: 'a'.repeat(64),
  });
  expect(run.error?.code).toBe('model-quota-exceeded');
  expect(run.error?.message).toMatch(/needs \d+ bytes; \d+ are free/);
  expect(run.progress.map((p) => p.status)).toEqual(['preflight', 'error']);
  expect(files.requests.length).toBe(before);
});
