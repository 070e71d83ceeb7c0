/**
 * PWA: installable (Chromium's own installability check finds no error), and a new
 * deployment is announced with a "reload" prompt instead of swapping code silently.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openApp, waitForApp, waitForServiceWorker } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { DIST_DIR } from '../support/server';

// A private copy of the build, so the test can "deploy" a new version into it.
const siteDir = mkdtempSync(join(tmpdir(), 'arw-site-'));
cpSync(DIST_DIR, siteDir, { recursive: true });
const fx = useAppFixture({ staticDir: () => siteDir });
afterAll(() => rmSync(siteDir, { recursive: true, force: true }));

test("the app is installable: manifest, icons and service worker pass Chromium's check", async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  await waitForServiceWorker(page);
  const cdp = await fx.browser.context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  const manifest = await (await fetch(`${fx.server.url}/manifest.webmanifest`)).json();
  expect(manifest.name).toBe('ARW Hub');
});

test('a new version shows a reload prompt; accepting it activates the new service worker', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await waitForServiceWorker(page);
  const before = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);

  // "Deploy" a new version: the service worker script changes byte-wise.
  const swPath = join(siteDir, 'sw.js');
  writeFileSync(swPath, `${readFileSync(swPath, 'utf8')}\n// deployed ${Date.now()}\n`);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  const prompt = page.getByRole('button', { name: 'Reload' });
  await prompt.waitFor({ timeout: 20_000 });
  expect(
    await page
      .getByText(/new version/i)
      .first()
      .isVisible(),
  ).toBe(true);
  // Nothing was swapped yet: the old worker still controls the page.
  expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(
    true,
  );

  await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), prompt.click()]);
  await waitForApp(page);
  const after = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return {
      waiting: Boolean(reg?.waiting),
      active: reg?.active?.scriptURL,
      controlled: Boolean(navigator.serviceWorker.controller),
    };
  });
  expect(after).toEqual({ waiting: false, active: before, controlled: true });
});
