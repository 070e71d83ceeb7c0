/**
 * The server database's schema as forward migrations, oldest first (SPEC §8: schema
 * versions). SQLite's `user_version` holds the last one applied; storage/migrate.ts runs
 * each later one in its own transaction. Append a new entry to change the schema; editing
 * a shipped entry breaks databases already on servers (STYLE: data and versions).
 */
import type Database from 'better-sqlite3';

/** An open server database (better-sqlite3); defined here so db.ts and migrate.ts share it without a cycle. */
export type ServerDb = Database.Database;

export interface MigrationContext {
  /** The time of this upgrade (ms), for rows whose true value is unknown. */
  now: number;
}

export interface Migration {
  /** The `user_version` the database is at once this migration committed. */
  readonly version: number;
  /** What this migration does, named in its failure message. */
  readonly note: string;
  readonly up: (db: ServerDb, context: MigrationContext) => void;
}

/**
 * Version 1: the tables every store module used to create for itself (IF NOT EXISTS), as
 * of 2026-12-01. A database from before user_version existed reads 0 and gets this step,
 * which only adds what its older code had not made yet: the bridge's tables, the erasure
 * tables, and `events.received` (added 2026-12-01; older rows get the time of the upgrade:
 * their true arrival is unknown, and clamping to it still keeps a far-future `time` from
 * pinning read-model windows).
 */
function baseTables(db: ServerDb, { now }: MigrationContext): void {
  db.exec(`CREATE TABLE IF NOT EXISTS events (
  server_seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT,
  kind TEXT NOT NULL,
  time TEXT NOT NULL,
  corr_id TEXT,
  origin TEXT NOT NULL,
  json TEXT NOT NULL,
  received INTEGER
);
CREATE INDEX IF NOT EXISTS events_project_seq ON events (project_id, server_seq);
CREATE INDEX IF NOT EXISTS events_kind ON events (kind);
CREATE INDEX IF NOT EXISTS events_corr ON events (corr_id);
CREATE TABLE IF NOT EXISTS auth_tokens (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('admin','sync')),
    scopes TEXT NOT NULL, projects TEXT, sha256 TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL,
    last_used_at INTEGER, expires_at INTEGER, revoked_at INTEGER);
CREATE TABLE IF NOT EXISTS yjs_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    update_blob BLOB NOT NULL
  );
CREATE INDEX IF NOT EXISTS yjs_updates_doc ON yjs_updates (doc, seq);
CREATE TABLE IF NOT EXISTS nats_publish_cursor (server_id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nats_event_seqs (event_id TEXT PRIMARY KEY, stream_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS erased_conversations (
  project_key TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  tombstone_seq INTEGER NOT NULL,
  PRIMARY KEY (project_key, conversation_id)
);
CREATE TABLE IF NOT EXISTS erased_episodes (
  project_key TEXT NOT NULL,
  corr_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  PRIMARY KEY (project_key, corr_id)
);`);
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('events')").all();
  if (!columns.some((column) => column.name === 'received')) {
    db.exec('ALTER TABLE events ADD COLUMN received INTEGER');
    db.prepare('UPDATE events SET received = ?').run(now);
  }
}

/**
 * Version 2 (issue 13 item 5): read-model snapshots, so a start folds only the events
 * after the newest snapshot (storage/read-model-snapshots.ts). One row per scope ('' for
 * the global set, else a project id); `version` is core's READ_MODEL_SNAPSHOT_VERSION
 * and `position` the last server_seq folded into `body`. Only adds a table: per-project
 * catch-up already has `events_project_seq`, and `events_kind` (kind, rowid) serves
 * reads by kind.
 */
function readModelSnapshots(db: ServerDb): void {
  db.exec(`CREATE TABLE IF NOT EXISTS read_model_snapshots (
  scope TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL,
  taken TEXT NOT NULL,
  body TEXT NOT NULL
);`);
}

/** Every migration ever shipped, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, note: 'base tables (events, tokens, Yjs updates, NATS bridge, erasure)', up: baseTables },
  { version: 2, note: 'read-model snapshots', up: readModelSnapshots },
];

/** The schema version this build of the server writes. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]!.version;
