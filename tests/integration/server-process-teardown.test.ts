/**
 * H12: a server spawned by tests (`tsx sync-server/main.ts`) is gone, tsx and the node
 * it started, once its `stop()` resolves. Every process of the tree carries this test's
 * own marker, so the check finds any survivor however it was reparented.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { findMarkedProcesses, killProcesses } from '../../scripts/leftover-processes.mjs';
import { spawnServer } from '../support/server-process';

const MARK = 'ARW_TEST_TEARDOWN_MARK';
const mark = randomUUID();
const dir = mkdtempSync(join(tmpdir(), 'arw-teardown-'));
afterAll(() => {
  // Only reached with survivors when the test failed: leave nothing behind even then.
  killProcesses(findMarkedProcesses(MARK, mark));
  rmSync(dir, { recursive: true, force: true });
});

test('H12: after a spawned server’s stop(SIGKILL) resolves, no process of its tree (tsx or node) survives', async () => {
  const server = await spawnServer({
    ...process.env,
    ARW_DATA_DIR: join(dir, 'data'),
    ARW_ENV_FILE: join(dir, '.env.local'),
    ARW_ADMIN_TOKEN: 'teardown-admin-token-0123456789abcdef',
    [MARK]: mark,
  });
  const tree = findMarkedProcesses(MARK, mark);
  // tsx and the node process running main.ts: the scan sees the whole tree.
  expect(tree.map((p) => p.command).join('\n')).toMatch(/sync-server\/main\.ts/);
  expect(tree.length).toBeGreaterThanOrEqual(2);
  await server.stop('SIGKILL');
  expect(findMarkedProcesses(MARK, mark)).toEqual([]);
});
