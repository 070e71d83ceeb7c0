/**
 * Settings → Models explains manifests and offers the shipped catalog (issue 12 items 5
 * and 6): one click on the tiny model's entry fetches its manifest (whose relative url
 * names the file beside it), downloads and hash-checks the file into the model store;
 * a URL that is an HTML page, or JSON that is not a manifest, says "this URL does not
 * point to a model manifest" with what it found, instead of schema errors.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();

async function openModels(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('models-section');
  await section.getByTestId('catalog-entry').first().waitFor();
  return section;
}

const issues = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="manifest-issues"] li')].map((li) => ({
      field: li.getAttribute('data-field'),
      text: li.textContent ?? '',
    })),
  );

test('the catalog’s tiny model is added with one click: downloaded, hash-checked and cached', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const section = await openModels(page);
  expect(await section.textContent()).toContain('A manifest is a small JSON file');
  const entry = section.locator('[data-testid="catalog-entry"]').first();
  expect(await entry.getAttribute('data-manifest')).toBe(`${fx.server.url}/models/arw-tiny-char.manifest.json`);
  await entry.getByRole('button').click();
  await page.waitForFunction(
    () =>
      document
        .querySelector('[data-testid="model-row"][data-model-id="arw-tiny-char-copy"]')
        ?.getAttribute('data-status') === 'cached',
    undefined,
    { timeout: 30_000 },
  );
  const stored = await page.evaluate(async () =>
    ((await window.arw!.models.list()) as { id: string; state: string; url: string }[]).find(
      (m) => m.id === 'arw-tiny-char-copy',
    ),
  );
  expect(stored).toMatchObject({ state: 'cached', url: `${fx.server.url}/models/arw-tiny-char.onnx` });
  expect(await issues(page)).toEqual([]);
});

test('a URL that is an HTML page or JSON without a manifest’s fields says it is not a manifest, and what it found', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const section = await openModels(page);
  const paste = async (url: string) => {
    await section.getByTestId('manifest-url').fill(url);
    await section.getByRole('button', { name: 'Download', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="manifest-issues"]'));
    return issues(page);
  };
  expect(await paste(`${fx.server.url}/`)).toEqual([
    {
      field: 'manifest URL',
      text: expect.stringContaining('This URL does not point to a model manifest: it returned an HTML page.'),
    },
  ]);
  expect(await paste(`${fx.server.url}/models/catalog.json`)).toEqual([
    {
      field: 'manifest URL',
      text: expect.stringContaining(
        'it returned a JSON object without a manifest’s fields (none of id, url, bytes, sha256)',
      ),
    },
  ]);
});
