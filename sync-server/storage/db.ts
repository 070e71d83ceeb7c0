/**
 * The server's embedded store: one SQLite file under ARW_DATA_DIR (better-sqlite3).
 * WAL with `synchronous = FULL`, so a committed transaction is on disk before the
 * server acknowledges it. The tables come from storage/migrations.ts, applied on open.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type MigrateOptions, type UpgradeReport } from './migrate';
import type { ServerDb } from './migrations';

export type { ServerDb } from './migrations';

export const DB_FILE_NAME = 'arw-hub.sqlite';

const upgrades = new WeakMap<ServerDb, UpgradeReport>();

/**
 * Opens (creating if needed) the database at `path` (`:memory:` for tests) and migrates
 * it to this code's schema version (storage/migrate.ts). Throws, with the database
 * closed, when it is newer than the code or a migration failed.
 */
export function openServerDb(path: string, options: MigrateOptions = {}): ServerDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    upgrades.set(db, migrate(db, path, options));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** What opening `db` did to its schema (from, to, the backup made), for the start-up log. */
export const upgradeOf = (db: ServerDb): UpgradeReport | undefined => upgrades.get(db);

/**
 * True for failures of the disk or the database (better-sqlite3's SqliteError, SQLite's
 * codes, Node's errno codes): writing the same data again later may succeed. Anything
 * else comes from the data or a bug, and would fail the same way every time.
 */
export function isStorageFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    error.name === 'SqliteError' || (typeof code === 'string' && (/^SQLITE_/.test(code) || /^E[A-Z]+$/.test(code)))
  );
}
