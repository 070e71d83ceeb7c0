/**
 * Settings → Models in headless chromium (issue 5, item 4): a manifest URL pasted into
 * the form is fetched and validated; its download shows progress, then the row is cached
 * with its hash; delete removes the row; a manifest with a bad field shows that field's
 * error. Files and manifests come from the loopback Range server.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startRangeServer, type RangeServer } from '../../workers/inference/model-store/testing/range-server';

const fx = useAppFixture();
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const model = new Uint8Array(randomBytes(4 * 256 * 1024 + 777));
type Stored = { id: string; state: string; downloaded: number };
const storedModels = (page: Page) => page.evaluate(() => window.arw!.models.list() as Promise<Stored[]>);
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

let files: RangeServer;
beforeAll(async () => {
  const served: Record<string, Uint8Array> = { 'page-model.bin': model };
  // Slow chunks, so the progress bar is seen before the end.
  files = await startRangeServer(served, { delayMs: { 'page-model.bin': 300 } });
  // The server reads `served` per request, so manifests naming its own URL can be added now.
  served['page-model.json'] = encode({
    id: 'page-model',
    url: `${files.url}/files/page-model.bin`,
    bytes: model.length,
    sha256: sha(model),
    chunkBytes: 256 * 1024,
    label: 'Page test model',
  });
  served['bad-model.json'] = encode({
    id: 'bad-model',
    url: `${files.url}/files/page-model.bin`,
    bytes: model.length,
    sha256: 'XYZ',
  });
});
afterAll(async () => files?.close());

async function openModels(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('models-section');
  await section.waitFor();
  return section;
}

test('a pasted manifest downloads with progress, is cached with its hash, and can be deleted', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const section = await openModels(page);
  await expect.poll(() => section.getByTestId('models-storage').textContent()).toMatch(/of .* used/);

  await section.getByTestId('manifest-url').fill(`${files.url}/files/page-model.json`);
  await section.getByRole('button', { name: 'Download', exact: true }).click();
  const row = section.locator('[data-testid="model-row"][data-model-id="page-model"]');
  await row.waitFor();

  // Progress is shown while the chunks arrive.
  const bar = row.getByRole('progressbar');
  await expect
    .poll(async () => Number((await bar.count()) ? await bar.getAttribute('aria-valuenow') : -1), {
      timeout: 30_000,
      interval: 50,
    })
    .toBeGreaterThan(0);
  expect(await row.getByTestId('model-status').textContent()).toMatch(/downloading/);

  // Then the row is cached, with its hash (short, full in the title).
  await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('cached');
  const hash = row.getByTestId('model-hash');
  expect(await hash.getAttribute('title')).toBe(sha(model));
  expect(await hash.textContent()).toBe(`${sha(model).slice(0, 12)}…`);
  expect(await row.textContent()).toContain('Page test model');
  expect(await row.textContent()).toContain(`${files.url}/files/page-model.bin`);
  expect(await row.getByRole('progressbar').count()).toBe(0);
  const stored = await storedModels(page);
  expect(stored.find((m) => m.id === 'page-model')).toMatchObject({ state: 'cached', downloaded: model.length });

  await row.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => row.count()).toBe(0);
  expect((await storedModels(page)).some((m) => m.id === 'page-model')).toBe(false);
});

test('a manifest with a bad field shows the field error and starts nothing', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const section = await openModels(page);
  const before = files.requests.filter((r) => r.file === 'page-model.bin').length;
  await section.getByTestId('manifest-url').fill(`${files.url}/files/bad-model.json`);
  await section.getByRole('button', { name: 'Download', exact: true }).click();
  const issues = section.getByTestId('manifest-issues');
  await issues.waitFor();
  expect(await issues.locator('li[data-field="sha256"]').count()).toBe(1);
  expect(await section.locator('[data-model-id="bad-model"]').count()).toBe(0);
  expect(files.requests.filter((r) => r.file === 'page-model.bin').length).toBe(before);
});
