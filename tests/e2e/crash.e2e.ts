/**
 * Crash safety (strict durability): 1,000 appends acknowledged, the browser process
 * killed with SIGKILL right away, relaunched on the same profile: all 1,000 are
 * there, in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appendInPage, storedIds } from '../support/arw-page';
import { waitForApp } from '../support/browser';
import { killAll } from '../support/child-processes';
import { launchRawChromium } from '../support/chromium-process';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
const profileDir = mkdtempSync(join(tmpdir(), 'arw-crash-'));

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  // A chromium left by a failed step (each kill() already ends its own group).
  await killAll('SIGKILL');
  await server?.close();
  rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

test('1,000 acknowledged appends survive a SIGKILL of the browser, in order', async () => {
  const first = await launchRawChromium(profileDir);
  const page = await first.browser.contexts()[0]!.newPage();
  await page.goto(`${server.url}/#/debug`);
  await waitForApp(page);
  const ids = await appendInPage(page, { count: 1000, concurrency: 25, tag: 'crash' });
  await first.kill();

  const second = await launchRawChromium(profileDir);
  try {
    const again = await second.browser.contexts()[0]!.newPage();
    await again.goto(`${server.url}/#/debug`);
    await waitForApp(again);
    const stored = (await storedIds(again)).filter((id) => ids.includes(id));
    expect(stored).toHaveLength(1000);
    expect(stored).toEqual(ids);
  } finally {
    await second.kill();
  }
});
