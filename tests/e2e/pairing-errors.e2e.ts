/**
 * Issue 12 item 6, errors in people's words, against a real sync server: pairing with a
 * wrong token says the server refused it and saves nothing (no sync socket is ever
 * opened); a token that does not cover a listed project says which, and nothing is
 * shared; offline (or once the model server stopped answering) the status bar does not
 * call a server model "ok", and offline the sync state says so; a token revoked later
 * stops the link as "refused", not as an outage.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openApp, type TestBrowser } from '../support/browser';
import { screenshotOnFailure } from '../support/failure-screenshots';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';
import { startServer, type TestServer } from '../support/server';
import { ADMIN, SYNC_SCOPES } from './sync-helpers';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let device: TestBrowser;
let llm: OpenAiTestServer;
let page: Page;
/** Every /sync socket and every token check the page made. */
const sockets: string[] = [];
const checks: string[] = [];

beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  device = await launchBrowser();
  llm = await startOpenAiServer();
});
screenshotOnFailure(() => [device?.context]);
afterAll(async () => {
  await device?.close();
  await server?.close();
  await llm?.close();
});

async function createToken(projects: string[]): Promise<string> {
  const res = await fetch(`${server.url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'e2e device', kind: 'sync', scopes: SYNC_SCOPES, projects }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

async function submitPairing(token: string, projects: string): Promise<void> {
  await page.locator('input[name="sync-url"]').fill(server.url);
  await page.locator('input[name="sync-token"]').fill(token);
  await page.locator('input[name="sync-projects"]').fill(projects);
  await page.getByRole('button', { name: 'Pair' }).click();
}

/** The pairing error once the check answered ('' while none). */
const pairError = () =>
  page.evaluate(() =>
    document.querySelector('[data-testid="pair-checking"]')
      ? ''
      : (document.querySelector('[data-testid="pair-error"]')?.textContent ?? ''),
  );

const savedPairings = () => page.evaluate(() => window.arw!.journal.meta.get<unknown[]>('sync:pairings'));

test('a wrong token: the form says the server refused it, nothing is saved, no sync socket is opened', async () => {
  page = await openApp(device.context, server.url, '/#/settings');
  page.on('websocket', (ws) => void (ws.url().includes('/sync?') && sockets.push(ws.url())));
  page.on('request', (request) => void (request.url().includes('/events/tail') && checks.push(request.url())));
  await submitPairing('arw_not-a-token-0123456789abcdef', 'p1');
  await expect.poll(pairError, { timeout: 15_000 }).toMatch(/^The server refused this token, so nothing was saved/);
  expect(await pairError()).toContain('(the token is not known)');
  expect(await savedPairings()).toBeUndefined();
  expect(await page.evaluate(() => window.arw!.sync.snapshot().links.length)).toBe(0);
  expect(await page.getByTestId('no-pairing').count()).toBe(1);
  // One check, then nothing: the refusal is not an outage to retry.
  expect(checks).toEqual([`${server.url}/events/tail?n=1&project=p1`]);
  expect(sockets).toEqual([]);
  // The token field points at the error for screen readers; axe finds nothing on the page, at both sizes.
  expect(await page.locator('input[name="sync-token"]').getAttribute('aria-describedby')).toBe('pair-error');
  await page.evaluate(AXE);
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    const violations = await page.evaluate(async () => {
      const axe = (window as Window & { axe?: typeof import('axe-core') }).axe!;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations, `${size.width}px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('a token that does not cover a listed project: the form names it, and nothing is saved or shared', async () => {
  const secret = await createToken(['p1']);
  await submitPairing(secret, 'p1, p2');
  await expect.poll(pairError, { timeout: 15_000 }).toMatch(/^This token does not cover every project you listed/);
  expect(await pairError()).toContain('(this token does not cover project p2)');
  expect(await savedPairings()).toBeUndefined();
  expect(await page.evaluate(() => window.arw!.sync.snapshot().links.length)).toBe(0);
  expect(sockets).toEqual([]);

  // The projects it covers pair, and sync.
  await submitPairing(secret, 'p1');
  await expect.poll(() => page.getByTestId('pairing-state').textContent(), { timeout: 15_000 }).toBe('in sync');
  expect(await page.getByTestId('pair-error').count()).toBe(0);
  expect(await savedPairings()).toMatchObject([{ url: server.url, projects: ['p1'] }]);
});

test('offline: the status bar does not call a server model ok, and the sync state says offline', async () => {
  const saved = await page.evaluate(
    (url) => window.arw!.servers.save({ baseUrl: url, model: 'tiny', apiKey: '' }),
    llm.url,
  );
  expect(saved.ok).toBe(true);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  const picker = page.getByRole('combobox', { name: 'Model', exact: true });
  const option = picker.locator('option[value="openai:tiny"]');
  await expect.poll(() => option.count(), { timeout: 60_000 }).toBe(1);
  await expect
    .poll(async () => (await picker.isEnabled()) && !(await option.isDisabled()), { timeout: 60_000 })
    .toBe(true);
  await picker.selectOption('openai:tiny');
  const health = page.getByTestId('status-health');
  await expect.poll(() => health.textContent(), { timeout: 30_000 }).toContain('inference:openai:tiny: ok');

  await device.context.setOffline(true);
  await expect.poll(() => health.textContent(), { timeout: 10_000 }).toContain('inference:openai:tiny: offline');
  expect(await health.textContent()).not.toContain('openai:tiny: ok');
  await expect.poll(() => page.getByTestId('status-sync').textContent(), { timeout: 10_000 }).toMatch(/offline/);

  await device.context.setOffline(false);
  await expect.poll(() => health.textContent(), { timeout: 10_000 }).toContain('inference:openai:tiny: ok');
  await expect
    .poll(() => page.evaluate(() => window.arw!.sync.snapshot().links[0]?.phase), { timeout: 15_000 })
    .toBe('live');
});

test('online, but the model server stopped answering: after an episode fails to reach it the status bar says unreachable', async () => {
  await llm.close();
  await page.getByLabel('Message').fill('are you still there');
  await page.getByRole('button', { name: 'Send' }).click();
  const health = page.getByTestId('status-health');
  await expect.poll(() => health.textContent(), { timeout: 30_000 }).toContain('inference:openai:tiny: unreachable');
  expect(await health.textContent()).not.toContain('openai:tiny: ok');
});

test('a token revoked later: the link stops as refused (no retry timer), and Settings says the token was refused', async () => {
  // Revoke every token made for this file: the one this pairing uses is among them.
  const listed = await fetch(`${server.url}/admin/tokens`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const { items } = (await listed.json()) as { items: { id: string; label: string }[] };
  for (const item of items.filter((t) => t.label === 'e2e device'))
    await fetch(`${server.url}/admin/tokens/${item.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN}` },
    });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect
    .poll(() => page.evaluate(() => window.arw!.sync.snapshot().links[0]?.phase), { timeout: 15_000 })
    .toBe('refused');
  const link = await page.evaluate(() => window.arw!.sync.snapshot().links[0]!);
  expect(link.retryAt).toBeUndefined();
  expect(link.lastError?.code).toBe('sync-token-refused-stopped');
  expect(await page.getByTestId('pairing-state').textContent()).toBe('refused by the server — not retrying');
  expect(await page.getByTestId('pairing-error').textContent()).toMatch(
    /^The server refused this device’s sync token, so syncing stopped \(it is not an outage\)/,
  );
  expect(await page.getByTestId('status-sync').textContent()).toMatch(/refused by the server/);
  expect(await page.getByTestId('sync-banner').textContent()).not.toContain('for more than 30 s');

  // Retry now tries once: the server still refuses, the link asks once and stops again.
  const before = sockets.length;
  await page.getByRole('button', { name: 'Retry now' }).first().click();
  await expect.poll(() => sockets.length, { timeout: 10_000 }).toBe(before + 1);
  await expect
    .poll(() => page.evaluate(() => window.arw!.sync.snapshot().links[0]?.phase), { timeout: 15_000 })
    .toBe('refused');
  expect(await page.evaluate(() => window.arw!.sync.snapshot().links[0]?.retryAt)).toBeUndefined();
});
