/**
 * web-llm's wiring in its dedicated worker, in headless chromium (issue 5, item 2a).
 * Real generation needs MLC-compiled artifacts these machines cannot produce, so this
 * covers the prebuilt list, progress, cancel, the stall timeout and the error paths
 * (no WebGPU, model host unreachable, broken mlc-chat-config.json, a model_lib that
 * is not wasm): each ends in a clear AppError fast and journals `runtime.health`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openApp, type TestBrowser } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startWebLlmHost, type WebLlmHost } from '../support/webllm-server';
import type { EventOf } from '../support/page-api';
import type { WebLlmModelRef } from '../../workers/webllm/api';

const fx = useAppFixture();
let gpuBrowser: TestBrowser;
let host: WebLlmHost;

const VALID_CONFIG = JSON.stringify({
  model_type: 'llama',
  conv_template: {
    name: 'test',
    system_template: '{system_message}',
    roles: { user: 'user', assistant: 'assistant' },
    seps: ['\n'],
    stop_str: [],
  },
  tokenizer_files: ['tokenizer.json'],
  context_window_size: 512,
  vocab_size: 32,
});

beforeAll(async () => {
  host = await startWebLlmHost({
    '/broken/resolve/main/mlc-chat-config.json': {
      body: '{ "conv_template": this is not json',
      type: 'application/json',
    },
    '/notwasm/resolve/main/mlc-chat-config.json': { body: VALID_CONFIG, type: 'application/json' },
    '/notwasm/model-webgpu.wasm': { body: '<!doctype html><title>not a wasm</title>', type: 'text/html' },
    '/slow/resolve/main/mlc-chat-config.json': { body: VALID_CONFIG, type: 'application/json', delayMs: 8_000 },
  });
  gpuBrowser = await launchBrowser({ args: ['--enable-unsafe-webgpu'] });
});

afterAll(async () => {
  await gpuBrowser?.close();
  await host?.close();
});

interface LoadOutcome {
  ok: boolean;
  code?: string;
  message?: string;
  ms: number;
  progress: { fraction: number; text: string }[];
}

/** Runs `arw.webllm.load(ref, options)` in the page and reports how it ended. */
async function load(
  page: Page,
  ref: WebLlmModelRef,
  options: { stallTimeoutMs?: number; cancelAfterProgressMs?: number } = {},
): Promise<LoadOutcome> {
  return page.evaluate(
    async ({ ref, options }) => {
      const arw = window.arw!;
      const progress: { fraction: number; text: string }[] = [];
      const started = performance.now();
      let sawProgress: () => void = () => undefined;
      const progressed = new Promise<void>((resolve) => (sawProgress = resolve));
      const loading = arw.webllm.load(ref, {
        stallTimeoutMs: options.stallTimeoutMs,
        onProgress: (p: { fraction: number; text: string }) => {
          progress.push({ fraction: p.fraction, text: p.text });
          sawProgress();
        },
      });
      if (options.cancelAfterProgressMs !== undefined) {
        void progressed
          .then(() => new Promise((r) => setTimeout(r, options.cancelAfterProgressMs)))
          .then(() => arw.webllm.cancelLoad());
      }
      try {
        await loading;
        return { ok: true, ms: performance.now() - started, progress };
      } catch (error) {
        // The client rejects with the app's AppError: a code and a sentence.
        const { code, message } = error as { code?: string; message?: string };
        return { ok: false, code, message, ms: performance.now() - started, progress };
      }
    },
    { ref, options },
  );
}

async function webllmHealth(page: Page): Promise<{ state: string; detail: string }[]> {
  return page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ kindPrefixes: ['runtime.health'], limit: 100 });
    return (events as EventOf<'runtime.health'>[])
      .filter((e) => e.payload.component === 'webllm')
      .map((e) => ({ state: e.payload.state, detail: e.payload.detail ?? '' }));
  });
}

async function expectHealthFor(page: Page, code: string, state = 'degraded') {
  await expect
    .poll(async () => (await webllmHealth(page)).filter((h) => h.detail.startsWith(`${code}:`)).map((h) => h.state), {
      timeout: 5_000,
    })
    .toContain(state);
}

/** The Hugging Face layout web-llm expects: files under `<model>/resolve/main/`. */
const custom = (dir: string) => ({
  model: `${host.url}/${dir}`,
  model_id: `test-${dir}`,
  model_lib: `${host.url}/${dir}/model-webgpu.wasm`,
});

let page: Page;

test('the worker is not started at startup; the prebuilt list is non-empty and needs no network', async () => {
  page = await openApp(gpuBrowser.context, fx.server.url, '/');
  expect(await page.evaluate(() => window.arw!.webllm.started())).toBe(false);
  const capability = await page.evaluate(() => window.arw!.webllm.capability());
  expect(capability).toMatchObject({ available: true });
  const list: string[] = await page.evaluate(() => window.arw!.webllm.list());
  expect(list.length).toBeGreaterThan(0);
  expect(list.length).toBeLessThanOrEqual(20);
  expect(list.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  console.log(`web-llm prebuilt models (first ${list.length}): ${list.slice(0, 3).join(', ')}, ...`);
});

test('a prebuilt model fails fast with "model host unreachable" (no network here), with progress and a health event', async () => {
  const list: string[] = await page.evaluate(() => window.arw!.webllm.list());
  const outcome = await load(page, { id: list[0] });
  expect(outcome.ok).toBe(false);
  expect(outcome.code).toBe('webllm-host-unreachable');
  expect(outcome.message).toMatch(/model host could not be reached/);
  expect(outcome.ms).toBeLessThan(15_000);
  expect(outcome.progress.length).toBeGreaterThan(0);
  await expectHealthFor(page, 'webllm-host-unreachable');
});

test('a custom model whose mlc-chat-config.json is broken ends in a clear message', async () => {
  const outcome = await load(page, custom('broken'));
  expect(outcome).toMatchObject({ ok: false, code: 'webllm-config-invalid' });
  expect(outcome.message).toMatch(/mlc-chat-config\.json is not valid JSON/);
  expect(host.requests).toContain('/broken/resolve/main/mlc-chat-config.json');
  await expectHealthFor(page, 'webllm-config-invalid');
});

test('a custom model whose model_lib is not wasm ends in a clear message', async () => {
  const outcome = await load(page, custom('notwasm'));
  expect(outcome).toMatchObject({ ok: false, code: 'webllm-lib-invalid' });
  expect(outcome.message).toMatch(/not an MLC WebGPU wasm/);
  expect(host.requests).toContain('/notwasm/model-webgpu.wasm');
  await expectHealthFor(page, 'webllm-lib-invalid');
});

test('cancel during a load rejects at once with "canceled"', async () => {
  const outcome = await load(page, custom('slow'), { cancelAfterProgressMs: 200 });
  expect(outcome).toMatchObject({ ok: false, code: 'webllm-load-canceled' });
  expect(outcome.ms).toBeLessThan(4_000);
  await expectHealthFor(page, 'webllm-load-canceled');
});

test('a load without progress stops at its stall timeout instead of hanging', async () => {
  const outcome = await load(page, custom('slow'), { stallTimeoutMs: 1_000 });
  expect(outcome).toMatchObject({ ok: false, code: 'webllm-load-timeout' });
  expect(outcome.message).toMatch(/no load progress for 1 s/);
  expect(outcome.ms).toBeLessThan(4_000);
  await expectHealthFor(page, 'webllm-load-timeout');
});

test('without WebGPU: "unavailable: no WebGPU", no network touched, health down', async () => {
  const plain = await openApp(fx.browser.context, fx.server.url, '/');
  const before = host.requests.length;
  const capability = await plain.evaluate(() => window.arw!.webllm.capability());
  expect(capability.available).toBe(false);
  expect(capability.reason).toMatch(/^unavailable: (this browser has )?no WebGPU/);
  const outcome = await load(plain, custom('notwasm'));
  expect(outcome).toMatchObject({ ok: false, code: 'webllm-unavailable' });
  expect(outcome.message).toMatch(/unavailable: (this browser has )?no WebGPU/);
  expect(host.requests.length).toBe(before);
  await expectHealthFor(plain, 'webllm-unavailable', 'down');
});
