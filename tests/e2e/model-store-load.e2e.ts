/**
 * A downloaded ONNX model runs in Chat from the model store (issue 5, items 1 and 4), in
 * headless chromium: the shipped tiny model's bytes, served by a loopback Range server
 * under an `onnx-char` manifest, are added in Settings → Models and cached; the server
 * is then stopped, the cached model is picked in Chat and streams tokens (so it ran from
 * OPFS), its last use moves, and the journal holds `models.changed` downloaded/loaded;
 * deleting it journals `delete` and removes it from the picker. A cached model whose file
 * vanished fails to load with `model-not-cached` and a degraded `runtime.health`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startRangeServer } from '../../workers/inference/model-store/testing/range-server';
import type { EventOf } from '../support/page-api';

const fx = useAppFixture();
const MODELS = join(import.meta.dirname, '../../public/models');
const onnx = new Uint8Array(readFileSync(join(MODELS, 'arw-tiny-char.onnx')));
const meta = JSON.parse(readFileSync(join(MODELS, 'arw-tiny-char.json'), 'utf8')) as Record<string, unknown>;
const config = { vocab: meta.vocab, context: meta.context, embed: meta.embed, hidden: meta.hidden, chars: meta.chars };
const sha = createHash('sha256').update(onnx).digest('hex');
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** A Range server holding the model and its manifest (id `id`). */
async function serveMirror(id: string) {
  const served: Record<string, Uint8Array> = { 'mirror.onnx': onnx };
  const server = await startRangeServer(served);
  served['mirror.json'] = encode({
    id,
    url: `${server.url}/files/mirror.onnx`,
    bytes: onnx.length,
    sha256: sha,
    chunkBytes: 128 * 1024,
    label: 'Mirror of the tiny model',
    format: 'onnx-char',
    config,
  });
  return server;
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
const picker = (page: Page) => page.getByRole('combobox', { name: 'Model', exact: true });
const optionIds = (page: Page) =>
  picker(page)
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
const changes = (page: Page) =>
  page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ kindPrefixes: ['models.changed'], limit: 100 });
    return (events as EventOf<'models.changed'>[]).map((e) => `${e.payload.op} ${e.payload.id}`);
  });

async function openModels(page: Page) {
  await nav(page, 'Settings');
  const section = page.getByTestId('models-section');
  await section.waitFor();
  return section;
}

test('a downloaded ONNX model is picked in Chat, streams from OPFS with the server stopped, and is gone from the picker once deleted', async () => {
  const files = await serveMirror('mirror-char');
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  let section = await openModels(page);
  await section.getByTestId('manifest-url').fill(`${files.url}/files/mirror.json`);
  await section.getByRole('button', { name: 'Download', exact: true }).click();
  const row = () => page.locator('[data-testid="model-row"][data-model-id="mirror-char"]');
  await expect.poll(() => row().getAttribute('data-status'), { timeout: 60_000 }).toBe('cached');
  expect(await row().getByTestId('model-format').textContent()).toMatch(/ONNX char model, selectable in Chat/);
  const firstUse = Number(await row().getByTestId('model-last-used').getAttribute('data-last-used'));
  expect(firstUse).toBeGreaterThan(0);

  // From here on the model's only server is gone: whatever runs, runs from the store.
  await files.close();
  const served = files.requests.length;

  await nav(page, 'Chat');
  await page.locator('[data-testid="model-label"][data-model-id="arw-tiny-char"]').waitFor({ timeout: 60_000 });
  await expect.poll(() => optionIds(page), { timeout: 30_000 }).toContain('mirror-char');
  const option = picker(page).locator('option[value="mirror-char"]');
  expect(await option.textContent()).toMatch(/^Mirror of the tiny model \(cached ONNX char model, 442 KB\)/);
  await picker(page).selectOption('mirror-char');
  await page.locator('[data-testid="model-label"][data-model-id="mirror-char"]').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('model-label').textContent()).toMatch(/cached ONNX char model/);

  const prompt = 'What does the journal keep?';
  await page.getByLabel('Message').fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
  const episode = () =>
    page.evaluate(async (input) => {
      const arw = window.arw!;
      const started = (
        (await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 20 }))
          .events as EventOf<'episode.started'>[]
      ).find((e) => e.payload.input === input);
      if (!started) return undefined;
      const all = (await arw.journal.query({ corrId: started.corr_id, limit: 1000 })).events;
      return all.some((e) => e.kind === 'episode.completed')
        ? {
            model: started.payload.model,
            kinds: all.map((e) => e.kind),
            out: all.filter((e) => e.kind === 'tokens.out'),
          }
        : undefined;
    }, prompt);
  await expect.poll(episode, { timeout: 60_000, interval: 250 }).toBeDefined();
  const run = (await episode())!;
  expect(run.model).toBe('mirror-char');
  expect(run.out.length).toBeGreaterThan(0);
  expect(run.kinds).not.toContain('episode.error');
  expect((await page.getByTestId('assistant-message').last().textContent()) ?? '').toMatch(/[a-z]{2,} [a-z]{2,}/i);
  expect(files.requests.length).toBe(served);

  // Loading it marked it used: Settings shows a later last use.
  section = await openModels(page);
  await expect
    .poll(async () => Number(await row().getByTestId('model-last-used').getAttribute('data-last-used')), {
      timeout: 30_000,
    })
    .toBeGreaterThan(firstUse);
  expect(await changes(page)).toEqual(expect.arrayContaining(['downloaded mirror-char', 'loaded mirror-char']));
  // The tiny model was not unloaded by the switch: it stays warm in the pool, and the journal does not say otherwise.
  expect(await changes(page)).not.toContain('unloaded arw-tiny-char');
  const warm = await page.evaluate(async () => {
    const pool = window.arw!.runtime.pool;
    await pool.refresh();
    return (pool.state()?.engines ?? []).map((engine: { id: string }) => engine.id) as string[];
  });
  expect(warm).toEqual(expect.arrayContaining(['mirror-char', 'arw-tiny-char']));

  await row().getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => row().count(), { timeout: 30_000 }).toBe(0);
  await expect.poll(() => changes(page), { timeout: 30_000 }).toContain('delete mirror-char');
  await nav(page, 'Chat');
  await expect.poll(() => optionIds(page), { timeout: 30_000 }).not.toContain('mirror-char');
  expect(await optionIds(page)).toContain('arw-tiny-char');
});

test('a cached model whose file vanished fails with model-not-cached and a degraded runtime.health, not a hang', async () => {
  const files = await serveMirror('vanishing-char');
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  // Whatever loads first (the choice remembered from the test before no longer exists): wait for any model.
  await page.locator('[data-testid="model-label"]:not([data-model-id=""])').waitFor({ timeout: 60_000 });
  const outcome = await page.evaluate(
    (url) =>
      fetch(url)
        .then((r) => r.json())
        .then((m) => window.arw!.models.download(m))
        .then((o: { status: string }) => o.status),
    `${files.url}/files/mirror.json`,
  );
  expect(outcome).toBe('complete');
  await files.close();
  await expect.poll(() => optionIds(page), { timeout: 30_000 }).toContain('vanishing-char');

  // The bytes disappear behind the store's back (storage cleared by hand, another tab).
  await page.evaluate(async (key) => {
    const folder = await (
      await (await navigator.storage.getDirectory()).getDirectoryHandle('arw-models')
    ).getDirectoryHandle(key);
    await folder.removeEntry('data.bin');
  }, sha);

  await picker(page).selectOption('vanishing-char');
  const health = () =>
    page.evaluate(async () => {
      const { events } = await window.arw!.journal.query({ kindPrefixes: ['runtime.health'], limit: 100 });
      return (events as EventOf<'runtime.health'>[]).find(
        (e) =>
          e.payload.state === 'degraded' && /vanishing-char is not in the model store/.test(e.payload.detail ?? ''),
      )?.payload;
    });
  await expect.poll(health, { timeout: 60_000, interval: 250 }).toBeDefined();
  // The chat falls back to a model that loads, and says why.
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: 'could not load' }).first().textContent(), {
      timeout: 30_000,
    })
    .toMatch(/vanishing-char is not in the model store.*download it again in Settings → Models/);
  expect(await page.getByTestId('model-label').getAttribute('data-model-id')).not.toBe('vanishing-char');
});
