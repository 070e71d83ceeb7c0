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
