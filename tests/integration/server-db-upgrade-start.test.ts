/**
 * The real server entry on a data directory from an older server (issue 13 item 3): it
 * upgrades, says so, serves every old event, keeps the backup until the next start, and
 * a database newer than the code stops the start with both versions named.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { DB_FILE_NAME } from '../../sync-server/storage/db';
import { SCHEMA_VERSION } from '../../sync-server/storage/migrations';
import { spawnServer, type ServerProcess } from '../support/server-process';

const FIXTURES = join(import.meta.dirname, '../fixtures/server-db');
const ADMIN = 'arw_upgrade-start-admin-token-0123456789';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory holding the oldest fixture (names sort by commit time), and the env to start the server on it. */
function oldestDataDir(): { dataDir: string; env: Record<string, string | undefined> } {
  const root = mkdtempSync(join(tmpdir(), 'arw-upgrade-start-'));
  dirs.push(root);
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const oldest = readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.sqlite'))
    .sort()[0]!;
  copyFileSync(join(FIXTURES, oldest), join(dataDir, DB_FILE_NAME));
  const env: Record<string, string | undefined> = {
    ...process.env,
    ARW_DATA_DIR: dataDir,
    ARW_ENV_FILE: join(root, '.env.local'),
    ARW_ADMIN_TOKEN: ADMIN,
  };
  delete env.NATS_URL;
  return { dataDir, env };
}

test('an old data directory: the server upgrades it, serves every event, and drops the backup on the next start', async () => {
  const { dataDir, env } = oldestDataDir();
  const backup = join(dataDir, `${DB_FILE_NAME}.backup-v0`);
  const first = await spawnServer(env);
  servers.push(first);
  expect(first.logs()).toContain(
    `Upgraded the database from schema version 0 to ${SCHEMA_VERSION}; the copy from before is kept at ${backup}`,
  );
  expect(existsSync(backup)).toBe(true);
  const tail = await fetch(`${first.url}/events/tail?n=100`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(tail.status).toBe(200);
  const body = (await tail.json()) as { items: { payload: { text: string } }[] };
  expect(body.items.map((event) => event.payload.text).sort()).toEqual(
    Array.from({ length: 12 }, (_, i) => `event ${i}`).sort(),
  );
  await servers.pop()!.stop();
  expect(existsSync(backup)).toBe(true);

  const second = await spawnServer(env);
  servers.push(second);
  expect(second.logs()).not.toContain('Upgraded the database');
  expect(existsSync(backup)).toBe(false);
});

test('a database newer than the server stops the start, naming both versions, and is left as it was', async () => {
  const { dataDir, env } = oldestDataDir();
  const path = join(dataDir, DB_FILE_NAME);
  const raw = new Database(path);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  await expect(spawnServer(env)).rejects.toThrow(
    `server exited (1): the database ${path} is at schema version ${SCHEMA_VERSION + 1}, newer than this server's schema version ${SCHEMA_VERSION}`,
  );
  const after = new Database(path, { readonly: true });
  expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
  expect(after.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 12 });
  after.close();
});
