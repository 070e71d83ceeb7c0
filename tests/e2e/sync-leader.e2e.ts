/**
 * Issue 3, item 8 (one writer per device): two tabs of one device share one sync
 * connection (the Web Lock holder's); the other tab mirrors its state. When the leader
 * tab closes, the other takes over within 2 s, and the server holds every event once.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, waitForApp, type TestBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';
import { ADMIN, createSyncToken, linkPhase, pairInPage, recordInPage, serverIds } from './sync-helpers';

let server: TestServer;
let device: TestBrowser;

beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  device = await launchBrowser();
});
afterAll(async () => {
  await device?.close();
  await server?.close();
});

const isLeader = (page: import('playwright-core').Page) => page.evaluate(() => window.arw!.sync.isLeader() as boolean);

test('the leader tab closes: the other takes over within 2 s and the server holds every event exactly once', async () => {
  const token = await createSyncToken(server.url, ['p1']);
  const first = await device.context.newPage();
  await first.goto(`${server.url}/#/settings`);
  await waitForApp(first);
  const second = await device.context.newPage();
  await second.goto(`${server.url}/#/settings`);
  await waitForApp(second);
  await pairInPage(second, server.url, token, 'p1');

  // Exactly one leader; the follower mirrors the leader's link state over the channel.
  await expect.poll(() => linkPhase(first), { timeout: 10_000 }).toBe('live');
  await expect.poll(() => linkPhase(second), { timeout: 10_000 }).toBe('live');
  const leaders = [await isLeader(first), await isLeader(second)];
  expect(leaders.filter(Boolean)).toHaveLength(1);
  const [leader, follower] = leaders[0] ? [first, second] : [second, first];
  expect(await follower.getByTestId('devices').textContent()).toMatch(
    /Another tab of this app runs the sync connection/,
  );

  const ids = [
    ...(await recordInPage(leader, 40, { project_id: 'p1', corr_id: 'e2e-leader' })),
    ...(await recordInPage(follower, 40, { project_id: 'p1', corr_id: 'e2e-follower' })),
  ];
  await leader.close();
  const closedAt = Date.now();
  await follower.waitForFunction(() => window.arw!.sync.isLeader(), undefined, { timeout: 2_000, polling: 20 });
  expect(Date.now() - closedAt).toBeLessThan(2_000);

  ids.push(...(await recordInPage(follower, 40, { project_id: 'p1', corr_id: 'e2e-after' })));
  await expect
    .poll(
      async () => {
        const held = new Set(await serverIds(server.url));
        return ids.filter((id) => held.has(id)).length;
      },
      { timeout: 10_000 },
    )
    .toBe(ids.length);
  const onServer = await serverIds(server.url);
  expect(onServer).toHaveLength(new Set(onServer).size);
  for (const id of ids) expect(onServer.filter((stored) => stored === id)).toHaveLength(1);
  await expect.poll(() => linkPhase(follower), { timeout: 5_000 }).toBe('live');
  await expect
    .poll(() => follower.evaluate(() => window.arw!.sync.snapshot().links[0].pending), { timeout: 5_000 })
    .toBe(0);
});
