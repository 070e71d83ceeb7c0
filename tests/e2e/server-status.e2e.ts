/**
 * Settings → Server: with an admin token the page shows each route's latency
 * percentiles as small charts (from /admin/metrics/routes); a wrong token gets a
 * plain-words error instead of an empty page.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, waitForApp, type TestBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';

const ADMIN = 'e2e-server-status-admin-token-0123456789';
let server: TestServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('route latency charts and server health appear with an admin token; a wrong token is explained', async () => {
  for (let i = 0; i < 5; i++) await fetch(`${server.url}/healthz`);
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/#/settings`);
  await waitForApp(page);
  const section = page.getByTestId('server-status');
  await section.getByLabel('Admin token').fill('arw_not-the-token');
  await section.getByRole('button', { name: 'Show status' }).click();
  await expect
    .poll(async () => (await page.getByTestId('server-error').textContent()) ?? '')
    .toContain('did not accept the admin token');

  await section.getByLabel('Admin token').fill(ADMIN);
  await section.getByRole('button', { name: 'Show status' }).click();
  const row = page.locator('[data-testid="route-row"][data-route="/healthz"]');
  await row.waitFor({ timeout: 15_000 });
  expect(Number(await row.locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(5);
  expect(await row.locator('svg.sparkline polyline').count()).toBe(2);
  expect(await section.getByText(/healthy · NATS disabled/).count()).toBe(1);
  expect(await page.getByTestId('server-error').count()).toBe(0);
});
