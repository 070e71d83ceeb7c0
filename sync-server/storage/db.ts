/**
 * The server's embedded store: one SQLite file under ARW_DATA_DIR (better-sqlite3).
 * WAL with `synchronous = FULL`, so a committed transaction is on disk before the
 * server acknowledges it. Each store module creates its own tables in this database.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type ServerDb = Database.Database;

export const DB_FILE_NAME = 'arw-hub.sqlite';

/** Opens (creating if needed) the database at `path`; `:memory:` for tests. */
export function openServerDb(path: string): ServerDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

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
