/**
 * The README's first command, as a newcomer runs it: the real server entry
 * (`npm start` = build + `tsx sync-server/main.ts`) serves the shell on the port
 * given, with its data directory, and a bad setting stops it with the variable named.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { launchBrowser, waitForApp } from '../support/browser';
import { ROOT, spawnServer, TSX, type ServerProcess } from '../support/server-process';

const dataDir = mkdtempSync(join(tmpdir(), 'arw-start-'));
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the server entry serves the shell on PORT with ARW_DATA_DIR', async () => {
  const appData = join(dataDir, 'data');
  server = await spawnServer({ ...process.env, ARW_DATA_DIR: appData, ARW_ENV_FILE: join(dataDir, '.env.local') });
  const { port, url } = server;
  expect(url).toBe(`http://localhost:${port}`);
  expect(existsSync(appData)).toBe(true);

  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(url);
    await waitForApp(page);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(await page.getByRole('complementary', { name: 'Sidecar' }).isVisible()).toBe(true);
  } finally {
    await browser.close();
  }
});

test('a bad setting stops the server with the variable named', () => {
  const result = spawnSync(TSX, ['sync-server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: 'eighty', ARW_ENV_FILE: join(dataDir, '.env.local') },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('PORT');
});
