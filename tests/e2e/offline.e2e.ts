/**
 * PWA offline: after the first load the service worker serves the app shell, so a
 * reload without network still loads, records events, and they are still there
 * when the network is back.
 */
import { expect, test } from 'vitest';
import { launchBrowser, networkBlocked, openApp, waitForApp, waitForServiceWorker } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startServer } from '../support/server';

const fx = useAppFixture();

test('offline reload works and events recorded offline persist after going online', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await waitForServiceWorker(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The probe agent answers without any download (the tiny model's offline run is in inference.e2e.ts).
  await page.getByLabel('Model').selectOption('probe');

  await fx.browser.context.setOffline(true);
  await page.reload();
  await waitForApp(page);
  expect(await networkBlocked(page)).toBe(true);

  await page.getByLabel('Message').fill('recorded while offline');
  await page.getByRole('button', { name: 'Send' }).click();
  const latestCompleted = () =>
    page.evaluate(async () => {
      const { events } = await window.arw!.journal.query({ kindPrefixes: ['episode.completed'], limit: 1 });
      return (events[0]?.corr_id as string | undefined) ?? '';
    });
  await expect.poll(latestCompleted, { timeout: 20_000 }).not.toBe('');
  const corr = await latestCompleted();
  // Still isolated when served from the service worker's cache (threads for WASM).
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await fx.browser.context.setOffline(false);
  await page.reload();
  await waitForApp(page);
  const kinds = await page.evaluate(async (corrId) => {
    const { events } = await window.arw!.journal.query({ corrId, limit: 1000 });
    return (events as { kind: string }[]).map((e) => e.kind);
  }, corr);
  expect(kinds).toContain('episode.started');
  expect(kinds).toContain('episode.completed');
  const obs = await page.evaluate(async (corrId) => {
    const { events } = await window.arw!.journal.query({ corrId, kindPrefixes: ['obs.'], limit: 10 });
    return (events as { payload: { text?: string } }[]).map((e) => e.payload.text);
  }, corr);
  expect(obs).toContain('recorded while offline');
});

test('the app still loads when the server is gone', async () => {
  const own = await startServer();
  const b = await launchBrowser();
  try {
    const page = await openApp(b.context, own.url, '/#/debug');
    await waitForServiceWorker(page);
    await own.close();
    await page.reload();
    await waitForApp(page);
    expect(await page.getByRole('complementary', { name: 'Sidecar' }).isVisible()).toBe(true);
  } finally {
    await b.close();
  }
});
