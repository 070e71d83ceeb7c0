/**
 * An in-memory vault source and target for the core tests (and nothing else): a journal
 * as an array with an id index, documents as stored updates, settings as a record. The
 * target records every write, so a test can prove a refused import wrote nothing.
 */
import { createUlidFactory } from '../lib/ulid';
import type { RandomAccess } from './zip-read';
import type { SourceEvent, VaultSource, VaultTarget } from './types';

let counter = 0;
/** Deterministic bytes (not random: tests only). */
export const testRandom = (n: number): Uint8Array =>
  Uint8Array.from({ length: n }, () => (counter = (counter * 31 + 7) & 0xff));

export function makeEvents(count: number, start = Date.UTC(2026, 0, 1)): Record<string, unknown>[] {
  const newId = createUlidFactory(() => start, testRandom);
  return Array.from({ length: count }, (_, index) => ({
    id: newId(),
    time: new Date(start + index).toISOString(),
    kind: 'runtime.health',
    v: 1,
    actor: 'device:test',
    corr_id: `c${index % 7}`,
    payload: { component: `component-${index}`, state: 'ok' },
  }));
}

export interface MemoryHub extends VaultSource, VaultTarget {
  events: Record<string, unknown>[];
  docs: Map<string, Uint8Array[]>;
  store: Record<string, string>;
  /** Every write call, in order. */
  writes: string[];
}

/** A hub with `events`, documents and settings; `merge` folds a doc's updates into one state. */
export function memoryHub(options: {
  events?: Record<string, unknown>[];
  docs?: Record<string, Uint8Array>;
  settings?: Record<string, string>;
  merge: (updates: readonly Uint8Array[]) => Uint8Array;
}): MemoryHub {
  const events = [...(options.events ?? [])];
  const ids = new Set(events.map((event) => event.id as string));
  const docs = new Map(Object.entries(options.docs ?? {}).map(([name, state]) => [name, [state]]));
  const store = { ...options.settings };
  const writes: string[] = [];
  return {
    events,
    docs,
    store,
    writes,
    journalCount: async () => events.length,
    async journalAfter(afterSeq, limit) {
      return events
        .slice(afterSeq, afterSeq + limit)
        .map((event, index) => ({ ...event, seq: afterSeq + index + 1 }) as SourceEvent);
    },
    docNames: async () => [...docs.keys()],
    docState: async (name) => options.merge(docs.get(name) ?? []),
    settings: async () => ({ ...store }),
    models: async () => [{ id: 'tiny', url: 'https://example.test/tiny.onnx', bytes: 10, sha256: '0'.repeat(64) }],
    countPresent: async (batch) => batch.filter((id) => ids.has(id)).length,
    async ingest(batch) {
      writes.push(`ingest ${batch.length}`);
      let added = 0;
      for (const event of batch as Record<string, unknown>[]) {
        if (ids.has(event.id as string)) continue;
        ids.add(event.id as string);
        events.push(event);
        added++;
      }
      return { added, skipped: batch.length - added };
    },
    async applyDoc(name, update) {
      writes.push(`doc ${name}`);
      docs.set(name, [...(docs.get(name) ?? []), update]);
      return true;
    },
    async mergeSettings(settings) {
      writes.push('settings');
      let added = 0;
      for (const [key, value] of Object.entries(settings))
        if (!(key in store)) {
          store[key] = value;
          added++;
        }
      return added;
    },
  };
}

/** Collects a written vault into one byte array. */
export function byteSink(): { sink: (bytes: Uint8Array) => Promise<void>; bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  return {
    sink: async (bytes) => void chunks.push(bytes.slice()),
    bytes() {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        out.set(chunk, at);
        at += chunk.length;
      }
      return out;
    },
  };
}

export const bytesFile = (bytes: Uint8Array): RandomAccess => ({
  size: bytes.length,
  read: async (offset, length) => bytes.slice(offset, offset + length),
});
