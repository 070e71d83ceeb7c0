/**
 * The journal's IndexedDB schema as a list of versions that are only ever added, never
 * edited (STYLE: data and versions). Owns opening the Dexie database with strict
 * durability; it does not read or write events (that is `journal.ts`).
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { EventEnvelope } from '../../spec';
import type { StoredEvent } from '../../core/journal/types';

/** The database name used when `openJournal` is given none. */
export const DEFAULT_DB_NAME = 'arw-journal';

/** A row of the `meta` key-value table (sync cursors, device facts; added in v2). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** One shipped schema version: Dexie store specs and an optional data upgrade. */
export interface SchemaVersion {
  readonly version: number;
  /** Dexie store specs; `null` deletes a store. */
  readonly stores: Readonly<Record<string, string | null>>;
  readonly upgrade?: (tx: Transaction) => Promise<void> | void;
  /**
   * The stores `upgrade` reads or writes: copied before it runs and kept until the next
   * successful open (upgrade-backup.ts). Required with `upgrade` (schema.test.ts).
   */
  readonly touches?: readonly string[];
  /** Why this version exists, for the next person adding one. */
  readonly note: string;
}

/**
 * Every version ever shipped, oldest first. Append a new entry to change the schema;
 * editing a shipped entry breaks databases already on users' devices.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: { events: '++seq, &id, kind, time, corr_id, project_id' },
    note: 'first journal: arrival order (seq), unique ids, single-field indexes',
  },
  {
    version: 2,
    // Compound [field+seq] indexes answer "newest first within a corr/project/kind"
    // straight from the index. The single-field kind/corr_id/project_id indexes go:
    // the compound ones cover them (Dexie virtual indexes) and every index costs on
    // write. IndexedDB builds the new indexes from existing rows during the upgrade,
    // so no row needs rewriting and there is no upgrade function.
    stores: {
      events: '++seq, &id, time, [kind+seq], [corr_id+seq], [project_id+seq]',
      meta: 'key',
    },
    note: 'query indexes with seq order; meta key-value table',
  },
];

/** The version this build of the app opens. */
export const CURRENT_VERSION: number = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

/** The typed Dexie database: `events` keyed by `seq` (auto-increment), `meta` by `key`. */
export type JournalDb = Dexie & {
  events: Table<StoredEvent, number, EventEnvelope>;
  meta: Table<MetaRow, string>;
};

export interface OpenDbOptions {
  /** Declare versions only up to this one (tests: create a database as an older app would). */
  maxVersion?: number;
  /** The version list (tests: one with an injected failing upgrade); default SCHEMA_VERSIONS. */
  versions?: readonly SchemaVersion[];
}

const declared = new WeakMap<Dexie, readonly SchemaVersion[]>();

/**
 * Builds (does not open) the journal database with every schema version up to
 * `maxVersion`. Transactions use strict durability, so an acknowledged append has been
 * flushed to disk and survives a browser or OS crash.
 */
export function createJournalDb(name: string = DEFAULT_DB_NAME, options: OpenDbOptions = {}): JournalDb {
  const all = options.versions ?? SCHEMA_VERSIONS;
  const maxVersion = options.maxVersion ?? all[all.length - 1]!.version;
  const versions = all.filter((entry) => entry.version <= maxVersion);
  if (versions.length === 0) throw new RangeError(`maxVersion must be at least ${all[0]!.version}, got ${maxVersion}`);
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' });
  for (const entry of versions) {
    const version = db.version(entry.version).stores({ ...entry.stores });
    if (entry.upgrade) version.upgrade(entry.upgrade);
  }
  declared.set(db, versions);
  return db as JournalDb;
}

/** The versions `db` was built with (openJournal reads which stores an upgrade touches). */
export const versionsOf = (db: Dexie): readonly SchemaVersion[] => declared.get(db) ?? SCHEMA_VERSIONS;

/**
 * The schema version of the database `name` as installed on this device, without
 * opening it (undefined when it does not exist or the browser cannot tell). Used to
 * refuse a database a newer app version already upgraded: Dexie would otherwise
 * "patch" it back towards this build's schema and close the newer tab's connection.
 */
export async function installedVersion(name: string): Promise<number | undefined> {
  const factory = globalThis.indexedDB as IDBFactory | undefined;
  if (!factory || typeof factory.databases !== 'function') return undefined;
  const found = (await factory.databases()).find((info) => info.name === name);
  // Dexie stores version n as native version n * 10 (patches add units below 10).
  return found?.version === undefined ? undefined : Math.floor(found.version / 10);
}
