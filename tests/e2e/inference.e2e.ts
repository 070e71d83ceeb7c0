/**
 * Real inference in headless chromium: the shipped tiny model (public/models/) runs in
 * the inference worker through onnxruntime-web. Chat streams its tokens, the episode's
 * events land in the journal with timing, the main thread has no long task while it
 * generates; with --enable-unsafe-webgpu it runs on WebGPU (SwiftShader), without on WASM.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { launchBrowser, openApp, waitForApp, waitForServiceWorker } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import type { EventOf } from '../support/page-api';

const fx = useAppFixture();

/** Waits until the tiny model is loaded and the composer is usable. */
async function waitForTinyModel(page: Page): Promise<string> {
  await page.locator('[data-testid="model-label"][data-model-id="arw-tiny-char"]').waitFor({ timeout: 60_000 });
  const label = (await page.getByTestId('model-label').textContent()) ?? '';
  expect(label).toMatch(/tiny demo model.*not a real assistant/i);
  return (await page.getByTestId('model-backend').textContent()) ?? '';
}

/** Sends `text` from Chat and returns the corr_id, the streamed reply lengths seen, and the journal's view. */
async function chatOnce(page: Page, text: string) {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; replyLengths: number[] };
    w.longTasks = [];
    w.replyLengths = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => w.longTasks.push(entry.duration))).observe({
      type: 'longtask',
    });
    // Record every length the reply goes through, to see it stream.
    new MutationObserver(() => {
      const replies = document.querySelectorAll('[data-testid="assistant-message"]');
      const length = replies[replies.length - 1]?.textContent?.length ?? 0;
      if (w.replyLengths.at(-1) !== length) w.replyLengths.push(length);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  const completed = () =>
    page.evaluate(async (input) => {
      const arw = window.arw!;
      const { events } = await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 20 });
      const started = (events as EventOf<'episode.started'>[]).find((e) => e.payload.input === input);
      if (!started) return undefined;
      const all = (await arw.journal.query({ corrId: started.corr_id, limit: 1000 })).events;
      const done = all.find((e) => e.kind === 'episode.completed');
      return done
        ? { corr: started.corr_id, started: started.payload, events: all, completed: done.payload }
        : undefined;
    }, text);
  await expect.poll(completed, { timeout: 60_000, interval: 250 }).toBeDefined();
  const run = (await completed())!;
  const seen = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; replyLengths: number[] };
    return { longTasks: w.longTasks, replyLengths: w.replyLengths };
  });
  return { ...run, ...seen };
}

test('Chat streams the shipped tiny model on WASM, journals tokens.out and timing, and the UI says why not WebGPU', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  const backend = await waitForTinyModel(page);
  expect(backend).toMatch(/WASM, \d threads? — this browser has no WebGPU here|no WebGPU in this browser/);
  expect(backend).toMatch(/cross-origin isolated, \d threads/);

  const run = await chatOnce(page, 'What does the journal keep?');
  expect(run.started).toMatchObject({ agent: 'chat', model: 'arw-tiny-char' });
  const tokensOut = run.events.filter((e) => e.kind === 'tokens.out');
  expect(tokensOut.length).toBeGreaterThan(0);
  expect(run.completed).toMatchObject({ ttft_ms: expect.any(Number), tokens_per_s: expect.any(Number) });
  expect(run.completed.tokens_per_s as number).toBeGreaterThan(0);
  // Streamed: the reply went through several lengths before its final one.
  expect(run.replyLengths.filter((n) => n > 0).length).toBeGreaterThan(2);
  const reply = (await page.getByTestId('assistant-message').last().textContent()) ?? '';
  expect(reply).toMatch(/[a-z]{2,} [a-z]{2,}/i);
  expect(run.longTasks.filter((ms) => ms > 100)).toEqual([]);
  console.log(
    `tiny model on ${backend.split(' — ')[0]!.replace('Runs on ', '')}: ${(run.completed.tokens_per_s as number).toFixed(1)} tokens/s, ttft ${run.completed.ttft_ms} ms`,
  );
});

test('with --enable-unsafe-webgpu the tiny model runs on WebGPU (software fallback adapter)', async () => {
  const browser = await launchBrowser({ args: ['--enable-unsafe-webgpu'] });
  try {
    const page = await openApp(browser.context, fx.server.url, '/#/chat');
    const backend = await waitForTinyModel(page);
    expect(backend).toMatch(/WebGPU( \(software fallback adapter\))? — a WebGPU adapter is available \(.*swiftshader/i);
    const run = await chatOnce(page, 'How fast is the model on this device?');
    expect(run.events.some((e) => e.kind === 'tokens.out')).toBe(true);
    expect(run.completed.tokens_per_s as number).toBeGreaterThan(0);
    const stats = await page.getByTestId('model-backend').textContent();
    expect(stats).toContain('WebGPU');
    console.log(
      `tiny model on WebGPU (SwiftShader): ${(run.completed.tokens_per_s as number).toFixed(1)} tokens/s, ttft ${run.completed.ttft_ms} ms`,
    );
  } finally {
    await browser.close();
  }
});

test('after one online run the tiny model also answers offline (runtime cache, not precache)', async () => {
  const browser = await launchBrowser();
  try {
    const page = await openApp(browser.context, fx.server.url, '/#/chat');
    await waitForServiceWorker(page);
    // Reload once under the service worker so the model and the .wasm go through its runtime cache.
    await page.reload();
    await waitForApp(page);
    await waitForTinyModel(page);
    const precached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls: string[] = [];
      for (const name of names)
        for (const request of await (await caches.open(name)).keys())
          urls.push(`${name} ${new URL(request.url).pathname}`);
      return urls;
    });
    expect(precached.filter((u) => u.startsWith('workbox-precache') && /\.wasm|\/models\//.test(u))).toEqual([]);
    expect(precached.some((u) => u.startsWith('arw-inference') && u.endsWith('/models/arw-tiny-char.onnx'))).toBe(true);

    await browser.context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    await waitForTinyModel(page);
    const run = await chatOnce(page, 'Can the app run without a network?');
    expect(run.started).toMatchObject({ model: 'arw-tiny-char' });
    expect(run.events.some((e) => e.kind === 'tokens.out')).toBe(true);
  } finally {
    await browser.close();
  }
});
