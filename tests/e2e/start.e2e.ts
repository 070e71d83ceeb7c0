/**
 * The README's first command, as a newcomer runs it: the real server entry
 * (`npm start` = build + `tsx sync-server/main.ts`) serves the shell on the port
 * given, with its data directory, and a bad setting stops it with the variable named.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { launchBrowser, waitForApp } from '../support/browser';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'arw-start-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

test('the server entry serves the shell on PORT with ARW_DATA_DIR', async () => {
  const port = await freePort();
  const appData = join(dataDir, 'data');
  child = spawn(TSX, ['sync-server/main.ts'], { cwd: ROOT, env: { ...process.env, PORT: String(port), ARW_DATA_DIR: appData, ARW_ENV_FILE: join(dataDir, '.env.local') }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running: (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child!.stdout!.on('data', read);
    child!.stderr!.on('data', read);
  });
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
  const result = spawnSync(TSX, ['sync-server/main.ts'], { cwd: ROOT, env: { ...process.env, PORT: 'eighty', ARW_ENV_FILE: join(dataDir, '.env.local') }, encoding: 'utf8', timeout: 30_000 });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('PORT');
});
