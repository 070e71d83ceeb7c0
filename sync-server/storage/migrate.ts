/**
 * Brings a server database to the code's schema version with a safety net (SPEC §8):
 * before the first step, a copy of the file goes to `<file>.backup-v<from>`; each
 * migration then runs in one transaction together with its `user_version`, so a failing
 * step rolls back and leaves the data readable at the version before it. The copy stays
 * until the next successful start (`removeUpgradeBackups`), for a restore by hand when a
 * migration succeeded but its result is wrong.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { messageOf } from '../../core/errors/thrown';
import { MIGRATIONS, type Migration, type ServerDb } from './migrations';

export interface MigrateOptions {
  /** The migration list (tests: one with an injected failure); default MIGRATIONS. */
  migrations?: readonly Migration[];
  now?: () => number;
}

export interface UpgradeReport {
  from: number;
  to: number;
  /** The copy made before upgrading; absent when nothing needed it (new or in-memory database). */
  backup?: string;
}

/** The backup of `path` taken before upgrading from schema version `version`. */
export const backupPathOf = (path: string, version: number) => `${path}.backup-v${version}`;

const readVersion = (db: ServerDb) => db.pragma('user_version', { simple: true }) as number;

const hasTables = (db: ServerDb) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1").get() !==
  undefined;

/**
 * Runs the migrations after `user_version` on `db` (opened from `path`). Throws when the
 * database is newer than the code, or with the failing migration named; `db` stays open.
 */
export function migrate(db: ServerDb, path: string, options: MigrateOptions = {}): UpgradeReport {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]!.version;
  const from = readVersion(db);
  if (from > latest) {
    throw new Error(
      `the database ${path} is at schema version ${from}, newer than this server's schema version ${latest}: ` +
        'run the newer server that upgraded it, or restore the backup it made before upgrading',
    );
  }
  if (from === latest) return { from, to: from };
  let backup: string | undefined;
  if (path !== ':memory:' && hasTables(db)) {
    backup = backupPathOf(path, from);
    rmSync(backup, { force: true });
    // VACUUM INTO writes one consistent file that includes what is still in the WAL.
    db.prepare('VACUUM INTO ?').run(backup);
  }
  const context = { now: (options.now ?? Date.now)() };
  let at = from;
  for (const migration of migrations) {
    if (migration.version <= at) continue;
    try {
      db.transaction(() => {
        migration.up(db, context);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      const kept = backup ? `; the copy made before upgrading is kept at ${backup}` : '';
      throw new Error(
        `schema migration ${migration.version} (${migration.note}) failed: ${messageOf(error)}. ` +
          `It was rolled back: the database is still readable at schema version ${at}${kept}`,
        { cause: error },
      );
    }
    at = migration.version;
  }
  return { from, to: at, ...(backup ? { backup } : {}) };
}

/**
 * Deletes the upgrade backups of `path` once a start went well, except `keep` (the one
 * this start made: it waits for the next start). Returns the deleted paths.
 */
export function removeUpgradeBackups(path: string, keep?: string): string[] {
  if (path === ':memory:') return [];
  const dir = dirname(path);
  if (!existsSync(dir)) return [];
  const prefix = `${basename(path)}.backup-v`;
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!name.startsWith(prefix) || !/^\d+$/.test(name.slice(prefix.length)) || file === keep) continue;
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}
