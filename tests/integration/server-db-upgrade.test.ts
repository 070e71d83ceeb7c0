/**
 * Server schema upgrades (issue 13 item 3, SPEC §8): databases written by every earlier
 * shipped server (tests/fixtures/server-db, made by write-fixture.ts inside a worktree of
 * each commit) open with the current code, every event reads back, a backup is kept until
 * the next successful start; a failing migration rolls back and leaves the data readable.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, test } from 'vitest';
import { createTokenStore } from '../../sync-server/auth/token-store';
import { runCli } from '../../sync-server/cli/main';
import { DB_FILE_NAME, openServerDb, upgradeOf, type ServerDb } from '../../sync-server/storage/db';
import { createEventStore } from '../../sync-server/storage/event-store';
import { backupPathOf, removeUpgradeBackups } from '../../sync-server/storage/migrate';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../sync-server/storage/migrations';
import { createYjsStore } from '../../sync-server/storage/yjs-store';

const FIXTURES = join(import.meta.dirname, '../fixtures/server-db');
const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.sqlite'));

const dirs: string[] = [];
const dbs: ServerDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of `fixture` as the data directory's database (the checked-in file stays untouched). */
function dataDirWith(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'arw-upgrade-'));
  dirs.push(dir);
  copyFileSync(join(FIXTURES, fixture), join(dir, DB_FILE_NAME));
  return join(dir, DB_FILE_NAME);
}

/** The rows as the old server stored them, read without the current code. */
function rawEvents(path: string): { server_seq: number; id: string; json: string }[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT server_seq, id, json FROM events ORDER BY server_seq').all() as never;
  } finally {
    raw.close();
  }
}

function tablesOf(path: string): string[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name);
  } finally {
    raw.close();
  }
}

function userVersion(path: string): number {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.pragma('user_version', { simple: true }) as number;
  } finally {
    raw.close();
  }
}

function open(path: string, migrations?: readonly Migration[]): ServerDb {
  const db = openServerDb(path, migrations ? { migrations } : {});
  dbs.push(db);
  return db;
}

test('there is a fixture from every shipped server schema (five before user_version, then each version)', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(5);
  const versions = new Set(fixtures.map((fixture) => userVersion(join(FIXTURES, fixture))));
  for (let version = 1; version < SCHEMA_VERSION; version++) expect(versions).toContain(version);
});

describe.each(fixtures)('a database written by %s', (fixture) => {
  test('opens with the current code: every event reads back, with tokens and Yjs documents', () => {
    const path = dataDirWith(fixture);
    const before = rawEvents(path);
    expect(before).toHaveLength(12);
    const oldTables = tablesOf(path);
    const from = userVersion(path);
    const db = open(path);
    expect(upgradeOf(db)).toEqual({ from, to: SCHEMA_VERSION, backup: backupPathOf(path, from) });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);

    const store = createEventStore(db);
    const read = store.after(0, {}, 100);
    expect(read.map((event) => [event.server_seq, event.id])).toEqual(before.map((row) => [row.server_seq, row.id]));
    for (const [i, event] of read.entries()) {
      const { server_seq: _seq, ...envelope } = event;
      expect(envelope).toEqual(JSON.parse(before[i]!.json));
    }
    expect(store.unreadableCount()).toBe(0);
    // The store still takes new events after the old ones.
    const next = store.append([{ ...JSON.parse(before[0]!.json), id: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }], {
      origin: 'sync',
    });
    expect(next.accepted[0]!.server_seq).toBe(before[before.length - 1]!.server_seq + 1);

    const tokens = createTokenStore(db).list();
    const yjs = createYjsStore(db);
    // write-fixture.ts wrote a token and a document wherever its code had those tables.
    expect(tokens.map((token) => token.id)).toEqual(oldTables.includes('auth_tokens') ? ['tok-fixture'] : []);
    if (oldTables.includes('yjs_updates')) {
      const doc = new Y.Doc();
      for (const update of yjs.load('p1/doc/notes')) Y.applyUpdate(doc, update);
      expect(doc.getText('body').toString()).toBe('fixture notes');
    }
  });

  test('the backup is the old database; it stays until the next successful start', () => {
    const path = dataDirWith(fixture);
    const from = userVersion(path);
    const db = open(path);
    const backup = upgradeOf(db)!.backup!;
    expect(userVersion(backup)).toBe(from);
    expect(rawEvents(backup)).toEqual(rawEvents(path));
    // This start keeps the copy it made; the next one, having nothing to upgrade, deletes it.
    expect(removeUpgradeBackups(path, backup)).toEqual([]);
    db.close();
    const again = open(path);
    expect(upgradeOf(again)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(removeUpgradeBackups(path, upgradeOf(again)!.backup)).toEqual([backup]);
    expect(existsSync(backup)).toBe(false);
  });
});

test('a failure injected in the last migration rolls it back: the old data stays readable, the backup stays', () => {
  const path = dataDirWith(fixtures[fixtures.length - 1]!);
  const from = userVersion(path);
  const before = rawEvents(path);
  const failing: Migration = {
    version: SCHEMA_VERSION + 1,
    note: 'injected failure',
    up: (db) => {
      // Changes schema and data first, so a partial step would show.
      db.exec('ALTER TABLE events ADD COLUMN doomed TEXT');
      db.exec('DELETE FROM events WHERE server_seq > 3');
      db.exec('DROP TABLE auth_tokens');
      throw new Error('disk on fire');
    },
  };
  expect(() => open(path, [...MIGRATIONS, failing])).toThrow(
    new RegExp(
      `schema migration ${SCHEMA_VERSION + 1} \\(injected failure\\) failed: disk on fire\\. It was rolled back: ` +
        `the database is still readable at schema version ${SCHEMA_VERSION}; the copy made before upgrading is kept at .*backup-v${from}`,
    ),
  );
  expect(userVersion(path)).toBe(SCHEMA_VERSION);
  expect(rawEvents(path)).toEqual(before);
  expect(tablesOf(path)).toContain('auth_tokens');
  const raw = new Database(path, { readonly: true });
  expect(raw.prepare("SELECT name FROM pragma_table_info('events') WHERE name = 'doomed'").all()).toEqual([]);
  raw.close();
  expect(existsSync(backupPathOf(path, from))).toBe(true);
  expect(rawEvents(backupPathOf(path, from))).toEqual(before);

  // The current code opens what the failed upgrade left, with every event.
  const db = open(path);
  expect(
    createEventStore(db)
      .after(0, {}, 100)
      .map((event) => event.id),
  ).toEqual(before.map((row) => row.id));
  expect(createTokenStore(db).list()).toHaveLength(1);
});

test('a database newer than the code refuses to start, naming both versions, and is left as it was', () => {
  const path = dataDirWith(fixtures[0]!);
  const raw = new Database(path);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
  raw.close();
  expect(() => open(path)).toThrow(
    `the database ${path} is at schema version ${SCHEMA_VERSION + 5}, newer than this server's schema version ${SCHEMA_VERSION}`,
  );
  expect(userVersion(path)).toBe(SCHEMA_VERSION + 5);
  expect(rawEvents(path)).toHaveLength(12);
});

test('the token CLI on a database newer than the code says so in one line and exits 1', () => {
  const path = dataDirWith(fixtures[0]!);
  const raw = new Database(path);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  const err: string[] = [];
  const code = runCli(
    ['tokens', 'list'],
    { ARW_DATA_DIR: join(path, '..') },
    () => undefined,
    (text) => err.push(text),
  );
  expect(code).toBe(1);
  expect(err).toEqual([
    `the database ${path} is at schema version ${SCHEMA_VERSION + 1}, newer than this server's schema version ${SCHEMA_VERSION}: run the newer server that upgraded it, or restore the backup it made before upgrading`,
  ]);
});

test('a new database gets the current schema and needs no backup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arw-upgrade-'));
  dirs.push(dir);
  const path = join(dir, DB_FILE_NAME);
  const db = open(path);
  expect(upgradeOf(db)).toEqual({ from: 0, to: SCHEMA_VERSION });
  expect(readdirSync(dir).filter((name) => name.includes('backup'))).toEqual([]);
  expect(createEventStore(db).count()).toBe(0);
});
