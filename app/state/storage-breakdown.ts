/**
 * Where this origin's storage goes, per store (issue 13 item 4), and how full it is: the
 * pure part. Turns what state/storage-measure.ts found (IndexedDB databases sized from a
 * bounded sample × their row count, caches and OPFS entries summed) and the browser's
 * own estimate into the rows Settings → Data shows. No IO and no clock here.
 */

/** The rows, in the order they are shown. */
export const STORE_IDS = ['journal', 'yjs', 'models', 'caches', 'other'] as const;
export type StoreId = (typeof STORE_IDS)[number];

export const STORE_LABELS: Record<StoreId, string> = {
  journal: 'Journal (chats, recipes, permissions)',
  yjs: 'Shared documents (Yjs)',
  models: 'Model files',
  caches: 'App and runtime caches',
  other: 'Other',
};

/** The journal's database and everything named after it (upgrade backups, snapshots). */
export const JOURNAL_DB_PREFIX = 'arw-journal';
/** One database per Yjs document (app/collab/doc-names.ts). */
export const YJS_DB_PREFIX = 'arw-yjs:';
/** The model store's OPFS folder (workers/inference/model-store/model-files.ts). */
export const MODELS_FOLDER = 'arw-models';
/** web-llm keeps its weights in Cache Storage under `webllm/model`, `webllm/config`, `webllm/wasm`. */
const WEBLLM_CACHE_PREFIX = 'webllm';

export interface MeasuredDatabase {
  name: string;
  /** Logical size: sampled rows' size × row count (not bytes on disk). */
  bytes: number;
  /** Rows per object store. */
  counts: Record<string, number>;
  /** True when the figure is extrapolated from a sample. */
  approximate: boolean;
}

export interface MeasuredEntry {
  name: string;
  bytes: number;
  /** True when only part of it was summed and the rest extrapolated (or skipped). */
  approximate: boolean;
}

export interface MeasuredStores {
  databases: MeasuredDatabase[];
  caches: MeasuredEntry[];
  /** Top-level entries of the origin private file system. */
  files: MeasuredEntry[];
}

/** `navigator.storage.estimate()`'s answer; `usageDetails` is Chromium's per-kind split. */
export interface UsageEstimate {
  usage?: number;
  quota?: number;
  usageDetails?: Record<string, number | undefined>;
}

export interface StoreRow {
  id: StoreId;
  bytes: number;
  approximate: boolean;
  /** What the row sums, for the person: database, cache or folder names. */
  parts: string[];
}

export interface StorageBreakdown {
  rows: StoreRow[];
  usage?: number;
  quota?: number;
  /** Events in the journal (its `events` store), when the journal was measured. */
  journalEvents?: number;
}

export function classifyDatabase(name: string): StoreId {
  if (name.startsWith(JOURNAL_DB_PREFIX)) return 'journal';
  if (name.startsWith(YJS_DB_PREFIX)) return 'yjs';
  return 'other';
}

export function classifyCache(name: string): StoreId {
  return name.startsWith(WEBLLM_CACHE_PREFIX) ? 'models' : 'caches';
}

export function classifyFileEntry(name: string): StoreId {
  return name === MODELS_FOLDER ? 'models' : 'other';
}

/** `sampleBytes` over `sampleCount` rows, scaled to `total` rows (0 when nothing was sampled). */
export function extrapolate(sampleBytes: number, sampleCount: number, total: number): number {
  if (sampleCount <= 0 || total <= 0) return 0;
  return Math.round((sampleBytes / sampleCount) * total);
}

/**
 * A structured-clone value's logical size in bytes: strings by length, binary data by
 * byteLength, numbers 8; objects and arrays summed (keys included) down to `depth`.
 * IndexedDB compresses and indexes on top of this, so it is an estimate, never exact.
 */
export function approxValueSize(value: unknown, depth = 16): number {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'string':
      return value.length;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'object':
      break;
    default:
      return 0;
  }
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return value.size;
  if (value instanceof Date) return 8;
  if (depth <= 0) return 8;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + approxValueSize(item, depth - 1), 2);
  let sum = 2;
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    sum += key.length + approxValueSize(item, depth - 1);
  return sum;
}

/**
 * The per-store rows. Where the browser splits its usage by kind (Chromium's
 * `usageDetails.indexedDB`), the databases' logical sizes are scaled to that real total,
 * so the rows add up to what the browser counts; "Other" takes what no store accounts for.
 */
export function composeBreakdown(measured: MeasuredStores, estimate: UsageEstimate | undefined): StorageBreakdown {
  const rows = new Map<StoreId, StoreRow>(STORE_IDS.map((id) => [id, { id, bytes: 0, approximate: false, parts: [] }]));
  const add = (id: StoreId, name: string, bytes: number, approximate: boolean) => {
    const row = rows.get(id)!;
    row.bytes += bytes;
    row.approximate ||= approximate;
    row.parts.push(name);
  };
  const logical = measured.databases.reduce((sum, db) => sum + db.bytes, 0);
  const onDisk = estimate?.usageDetails?.indexedDB;
  const scale = typeof onDisk === 'number' && logical > 0 ? onDisk / logical : 1;
  for (const db of measured.databases) add(classifyDatabase(db.name), db.name, Math.round(db.bytes * scale), true);
  for (const cache of measured.caches) add(classifyCache(cache.name), cache.name, cache.bytes, cache.approximate);
  for (const entry of measured.files) add(classifyFileEntry(entry.name), entry.name, entry.bytes, entry.approximate);

  const counted = [...rows.values()].reduce((sum, row) => sum + row.bytes, 0);
  const rest = (estimate?.usage ?? 0) - counted;
  if (rest > 0) {
    const other = rows.get('other')!;
    other.bytes += rest;
    other.approximate = true;
    other.parts.push('not attributed to a store');
  }
  const journal = measured.databases.find((db) => db.name === JOURNAL_DB_PREFIX);
  return {
    rows: STORE_IDS.map((id) => rows.get(id)!),
    ...(estimate?.usage === undefined ? {} : { usage: estimate.usage }),
    ...(estimate?.quota === undefined ? {} : { quota: estimate.quota }),
    ...(journal?.counts.events === undefined ? {} : { journalEvents: journal.counts.events }),
  };
}

/** From this share of the quota on, Settings and a banner warn. */
export const QUOTA_WARNING = 0.8;
/** From this share on, the words get stronger: writes may fail soon. */
export const QUOTA_CRITICAL = 0.95;

export type QuotaLevel = 'unknown' | 'ok' | 'warning' | 'critical';

export function quotaLevel(estimate: Pick<UsageEstimate, 'usage' | 'quota'> | undefined): QuotaLevel {
  const usage = estimate?.usage;
  const quota = estimate?.quota;
  if (usage === undefined || !quota || quota <= 0) return 'unknown';
  const share = usage / quota;
  if (share >= QUOTA_CRITICAL) return 'critical';
  if (share >= QUOTA_WARNING) return 'warning';
  return 'ok';
}
