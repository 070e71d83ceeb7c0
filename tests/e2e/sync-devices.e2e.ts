/**
 * Issue 3, items 3 and 7 (device side): two devices (two browser profiles) paired with
 * one server through a project-scoped sync token replicate the project's events both
 * ways; events of an unshared project never leave the device; a device that was
 * offline sends what it recorded exactly once when it comes back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openApp, waitForApp, type TestBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';
import { ADMIN, createSyncToken, journalCounts, linkPhase, pairInPage, recordInPage, serverIds } from './sync-helpers';
import type { Page } from 'playwright-core';

let server: TestServer;
let deviceA: TestBrowser;
let deviceB: TestBrowser;
let pageA: Page;
let pageB: Page;

beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  [deviceA, deviceB] = await Promise.all([launchBrowser(), launchBrowser()]);
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

test('pairing in Settings → Devices, then a p1 episode from Chat on A reaches B (journal and Debug) and B’s events reach A', async () => {
  const token = await createSyncToken(server.url, ['p1']);
  pageA = await openApp(deviceA.context, server.url, '/#/settings');
  await pageA.locator('input[name="sync-url"]').fill(server.url);
  await pageA.locator('input[name="sync-token"]').fill(token);
  await pageA.locator('input[name="sync-projects"]').fill('p1');
  await pageA.getByRole('button', { name: 'Pair' }).click();
  await expect.poll(() => pageA.getByTestId('pairing-state').textContent(), { timeout: 10_000 }).toBe('in sync');
  expect(await pageA.getByTestId('status-sync').textContent()).toMatch(/in sync/);

  pageB = await openApp(deviceB.context, server.url, '/#/debug');
  await pairInPage(pageB, server.url, token, 'p1');
  await expect.poll(() => linkPhase(pageB), { timeout: 10_000 }).toBe('live');

  // A: choose project p1 in Chat and run a probe episode.
  await pageA.goto(`${server.url}/#/chat`);
  await waitForApp(pageA);
  await pageA.getByLabel('Model').selectOption('probe');
  await pageA.getByTestId('project-picker').selectOption('p1');
  await pageA.getByLabel('Message').fill('hello from device A');
  await pageA.getByRole('button', { name: 'Send' }).click();
  const corr = await pageA.evaluate(async () => {
    const arw = window.arw!;
    for (;;) {
      const { events } = await arw.journal.query({ kindPrefixes: ['episode.completed'], limit: 1 });
      if (events[0]) return events[0].corr_id as string;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  const episodeIds = await pageA.evaluate(
    async (corr) =>
      (
        (await window.arw!.journal.query({ corrId: corr, limit: 1000 })).events as {
          id: string;
          project_id?: string;
        }[]
      ).map((e) => [e.id, e.project_id]),
    corr,
  );
  expect(episodeIds.every(([, project]) => project === 'p1')).toBe(true);
  const ids = episodeIds.map(([id]) => id!);

  // B: every event of the episode, once, and the episode in Debug.
  await expect.poll(() => journalCounts(pageB, ids), { timeout: 10_000 }).toEqual(ids.map(() => 1));
  await pageB.locator(`[data-testid="episode-row"][data-corr-id="${corr}"]`).waitFor({ timeout: 10_000 });

  // B → A, and an unshared project and a personal event on A stay on A.
  const fromB = await recordInPage(pageB, 3, { project_id: 'p1', corr_id: 'e2e-from-b' });
  const unshared = await recordInPage(pageA, 2, { project_id: 'p2', corr_id: 'e2e-unshared' });
  const personal = await recordInPage(pageA, 2, { corr_id: 'e2e-personal' });
  await expect.poll(() => journalCounts(pageA, fromB), { timeout: 10_000 }).toEqual([1, 1, 1]);
  const marker = await recordInPage(pageA, 1, { project_id: 'p1', corr_id: 'e2e-marker' });
  await expect.poll(async () => (await serverIds(server.url)).includes(marker[0]!), { timeout: 10_000 }).toBe(true);
  const onServer = await serverIds(server.url);
  for (const id of [...unshared, ...personal]) expect(onServer).not.toContain(id);
  expect(await journalCounts(pageB, [...unshared, ...personal])).toEqual([0, 0, 0, 0]);
  expect(new Set(onServer).size).toBe(onServer.length);
  await pageA.goto(`${server.url}/#/settings`);
  await waitForApp(pageA);
  expect(await pageA.getByTestId('pairing-error').textContent()).toBe('none');
  expect(await pageA.getByTestId('pairing-pending').textContent()).toBe('0 event(s)');
});

test('offline: A records while offline; back online, B gets every event exactly once, and so does the server', async () => {
  await deviceA.context.setOffline(true);
  await expect.poll(() => linkPhase(pageA), { timeout: 5_000 }).toBe('offline');
  const ids = await recordInPage(pageA, 25, { project_id: 'p1', corr_id: 'e2e-offline' });
  await expect
    .poll(() => pageA.evaluate(() => window.arw!.sync.snapshot().links[0].pending), { timeout: 5_000 })
    .toBe(25);
  expect(await pageA.getByTestId('status-sync').textContent()).toMatch(/offline.*25 to send/);
  expect(await journalCounts(pageB, ids.slice(0, 1))).toEqual([0]);

  await deviceA.context.setOffline(false);
  await expect.poll(() => journalCounts(pageB, ids), { timeout: 15_000 }).toEqual(ids.map(() => 1));
  const onServer = await serverIds(server.url);
  for (const id of ids) expect(onServer.filter((stored) => stored === id)).toHaveLength(1);
  await expect.poll(() => linkPhase(pageA), { timeout: 5_000 }).toBe('live');
  expect(await journalCounts(pageA, ids)).toEqual(ids.map(() => 1));
});
