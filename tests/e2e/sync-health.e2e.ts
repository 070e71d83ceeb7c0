/**
 * Issue 3, item 7 (sync health): when the server goes away, Settings → Devices says so
 * in plain words with what waits to be sent, the status bar shows it, and after 30 s
 * of failing while online a banner appears (never silent); unpairing clears it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openApp, type TestBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';
import { ADMIN, createSyncToken, linkPhase, pairInPage, recordInPage } from './sync-helpers';

let server: TestServer;
let device: TestBrowser;
let serverStopped = false;

beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  device = await launchBrowser();
});
afterAll(async () => {
  await device?.close();
  if (!serverStopped) await server?.close();
});

test('a server that stays down shows in Devices and the status bar at once, and as a banner after 30 s', async () => {
  const token = await createSyncToken(server.url, ['p1']);
  // The loaded page keeps running when the server that served it stops.
  const page = await openApp(device.context, server.url, '/#/settings');
  await pairInPage(page, server.url, token, 'p1');
  await expect.poll(() => linkPhase(page), { timeout: 10_000 }).toBe('live');
  await server.close();
  serverStopped = true;
  const stoppedAt = Date.now();
  await expect.poll(() => linkPhase(page), { timeout: 5_000 }).toBe('waiting');
  await recordInPage(page, 3, { project_id: 'p1', corr_id: 'e2e-health' });
  await expect.poll(() => page.getByTestId('pairing-pending').textContent(), { timeout: 5_000 }).toBe('3 event(s)');
  expect(await page.getByTestId('pairing-error').textContent()).toMatch(/lost|Could not reach the server/);
  expect(await page.getByTestId('status-sync').textContent()).toMatch(/disconnected, retrying · 3 to send/);
  expect(await page.getByTestId('sync-banner').count()).toBe(0);

  await page.getByTestId('sync-banner').waitFor({ timeout: 45_000 });
  expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(29_000);
  expect(await page.getByTestId('sync-banner').textContent()).toMatch(
    /failing for more than 30 s.*3 event\(s\) wait on this device/,
  );

  await page.getByRole('button', { name: 'Unpair' }).click();
  await page.getByTestId('no-pairing').waitFor();
  await expect.poll(() => page.getByTestId('sync-banner').count()).toBe(0);
  expect(await page.getByTestId('status-sync').textContent()).toBe('local only — no server paired');
});
