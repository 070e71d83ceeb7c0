/**
 * The in-page half of `npm run bench`: writes the same ~300-byte events through the
 * journal's API and through raw IndexedDB, and times tail(100) on a large journal.
 * scripts/bench.mjs drives it through `window.arwBench` and prints the results.
 */
import type { EventEnvelope } from '../../spec';
import { validateBatch } from '../../core/journal/validate-batch';
import { openJournal } from '../../app/db/journal';
import { createJournalDb } from '../../app/db/schema';
import { createEventMaker, tokenEvent } from '../../app/db/test-support';
import { deleteDb, openRawDb, rawAddBatch } from './raw-idb';

/** How events are written: the API's appendBatch, coalesced append(), or Dexie bulkAdd alone. */
export type ApiVariant = 'api-batch' | 'api-append' | 'dexie';

export interface PairResult {
  variant: ApiVariant;
  batch: number;
  events: number;
  apiMs: number;
  rawMs: number;
  apiEventsPerSec: number;
  rawEventsPerSec: number;
}

export interface LatencyStats {
  calls: number;
  medianMs: number;
  p95Ms: number;
}

export interface TailResult {
  events: number;
  fillMs: number;
  fillEventsPerSec: number;
  tail100: LatencyStats;
  queries: Record<string, LatencyStats>;
}

function makeEvents(count: number, seed: number): EventEnvelope[] {
  const maker = createEventMaker({ seed });
  return Array.from({ length: count }, (_, i) =>
    tokenEvent(maker, i, { corr_id: `c${i % 100}`, project_id: `p${i % 5}` }),
  );
}

function stats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { calls: samples.length, medianMs: at(0.5), p95Ms: at(0.95) };
}

/** A writer for one variant into a fresh database: write(batch) resolves after commit. */
async function openWriter(variant: ApiVariant, name: string) {
  if (variant === 'dexie') {
    const db = createJournalDb(name);
    await db.open();
    return {
      write: (rows: EventEnvelope[]) =>
        db.transaction('rw', db.events, () => db.events.bulkAdd(rows, { allKeys: true })),
      close: () => db.close(),
    };
  }
  const journal = await openJournal({ name });
  return {
    write: (rows: EventEnvelope[]) =>
      variant === 'api-batch' ? journal.appendBatch(rows) : Promise.all(rows.map((event) => journal.append(event))),
    close: () => journal.close(),
  };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Writes the same `count` events through `variant` and through raw IndexedDB, one
 * database each (both fresh), alternating batch by batch so both see the same disk
 * and background conditions. `apiFirst` flips which goes first in each pair.
 */
async function pair(
  variant: ApiVariant,
  batch: number,
  count: number,
  apiFirst: boolean,
  names: string[],
): Promise<PairResult> {
  const events = makeEvents(count, 42);
  const stamp = `${names.length}-${Date.now()}`;
  names.push(`bench-raw-${stamp}`, `bench-${variant}-${stamp}`);
  const raw = await openRawDb(names[names.length - 2]!);
  const writer = await openWriter(variant, names[names.length - 1]!);
  let apiMs = 0;
  let rawMs = 0;
  for (let i = 0; i < count; i += batch) {
    const rows = events.slice(i, i + batch);
    const runApi = async () => void (apiMs += await timed(() => writer.write(rows)));
    const runRaw = async () => void (rawMs += await timed(() => rawAddBatch(raw, rows)));
    if (apiFirst) await runApi().then(runRaw);
    else await runRaw().then(runApi);
  }
  writer.close();
  raw.close();
  const perSec = (ms: number) => (count / ms) * 1000;
  return {
    variant,
    batch,
    events: count,
    apiMs,
    rawMs,
    apiEventsPerSec: perSec(apiMs),
    rawEventsPerSec: perSec(rawMs),
  };
}

/** Events per second of validation alone (core validateBatch), batches of `batch`. */
function validateOnly(batch: number, count: number): number {
  const events = makeEvents(count, 42);
  const start = performance.now();
  for (let i = 0; i < count; i += batch) validateBatch(events.slice(i, i + batch));
  return (count / (performance.now() - start)) * 1000;
}

async function time(calls: number, run: () => Promise<unknown>): Promise<LatencyStats> {
  for (let i = 0; i < 5; i++) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

/** Fills a fresh journal with `total` events through appendBatch, then times reads. */
async function tailLatency(total: number, batch: number, calls: number): Promise<TailResult> {
  const name = `bench-tail-${Date.now()}`;
  const journal = await openJournal({ name });
  const maker = createEventMaker({ seed: 9 });
  const start = performance.now();
  for (let i = 0; i < total; i += batch) {
    const events = Array.from({ length: Math.min(batch, total - i) }, (_, j) =>
      tokenEvent(maker, i + j, { corr_id: `c${(i + j) % 100}`, project_id: `p${(i + j) % 5}` }),
    );
    await journal.appendBatch(events);
  }
  const fillMs = performance.now() - start;
  const tail100 = await time(calls, async () => {
    const rows = await journal.tail(100);
    if (rows.length !== 100 || rows[0]!.seq !== total) throw new Error('tail returned the wrong rows');
  });
  const queries: Record<string, LatencyStats> = {
    'query {} (100)': await time(20, () => journal.query({})),
    'query {corrId} (100)': await time(20, () => journal.query({ corrId: 'c7' })),
    'query {projectId, kind} (100)': await time(20, () =>
      journal.query({ projectId: 'p3', kindPrefixes: ['tokens.'] }),
    ),
    'query {kindPrefixes} (100)': await time(20, () => journal.query({ kindPrefixes: ['tokens.'] })),
    'count()': await time(20, () => journal.count()),
  };
  journal.close();
  await deleteDb(name);
  return { events: total, fillMs, fillEventsPerSec: (total / fillMs) * 1000, tail100, queries };
}

/** What scripts/bench.mjs calls through page.evaluate. */
export interface BenchApi {
  pair(variant: ApiVariant, batch: number, count: number, apiFirst: boolean): Promise<PairResult>;
  validateOnly: typeof validateOnly;
  tailLatency: typeof tailLatency;
  averageEventBytes(): number;
  /** Deletes every database the pair runs created. */
  cleanup(): Promise<void>;
}

function createBenchApi(): BenchApi {
  const names: string[] = [];
  return {
    pair: (variant, batch, count, apiFirst) => pair(variant, batch, count, apiFirst, names),
    validateOnly,
    tailLatency,
    averageEventBytes: () => {
      const sample = makeEvents(100, 1);
      return sample.reduce((sum, event) => sum + JSON.stringify(event).length, 0) / sample.length;
    },
    cleanup: async () => {
      for (const name of names.splice(0)) await deleteDb(name);
    },
  };
}

(window as unknown as { arwBench: BenchApi }).arwBench = createBenchApi();
document.getElementById('state')!.textContent = 'ready';
