/**
 * How the stream starts (SPEC §8): from the stored read-model snapshot when it fits the
 * journal, folding only the events it does not hold, or else from a full scan. Either
 * way it then reads the tail for the ring, and counts. The stream owns the signals;
 * this module only reads the journal and builds the states it hands back.
 */
import type { Journal, StoredEvent } from '../../core/journal/types';
import {
  applyToReadModels,
  initReadModelStates,
  snapshotReadModels,
  type ReadModels,
  type ReadModelStates,
} from '../../core/read-models';
import { createFoldedSeqs, type FoldedSeqs } from './folded-seqs';
import { openSnapshot, type SnapshotStore, type StoredSnapshot } from './snapshot-store';
import type { StreamErasure } from './stream-erasure';

/** Where the read-models came from at start, and how many events were folded to get there. */
export interface StreamStart {
  from: 'snapshot' | 'journal';
  folded: number;
  /** Why the stored snapshot was not used (from 'journal'). */
  reason?: string;
}

/** The read-model states and which seqs they hold. */
export interface FoldTarget {
  states: ReadModelStates;
  folded: FoldedSeqs;
}

export const emptyTarget = (models: ReadModels): FoldTarget => ({
  states: initReadModelStates(models),
  folded: createFoldedSeqs(),
});

/** The snapshot row for `target` now (SPEC §8): core's snapshot and the seqs near the top it holds. */
export function snapshotOf(
  models: ReadModels,
  target: FoldTarget,
  facts: { erased: number; count: number },
  nowMs: number,
): StoredSnapshot {
  const taken = new Date(nowMs).toISOString();
  const core = snapshotReadModels(models, target.states, target.folded.top(), taken);
  return { ...core, folded: target.folded.ranges(), ...facts };
}

/**
 * Folds `event` unless `target` holds its seq already; true when the seq was new (an
 * event of the journal not counted yet; the read-models may still skip a repeated id).
 */
export function foldInto(models: ReadModels, target: FoldTarget, event: StoredEvent): boolean {
  if (target.folded.has(event.seq)) return false;
  target.folded.add(event.seq);
  applyToReadModels(models, target.states, event);
  return true;
}

/** Folds every event above `afterSeq` into `target`, chunk by chunk; `onChunk` sees each chunk after. */
export async function scanInto(
  journal: Journal,
  models: ReadModels,
  target: FoldTarget,
  afterSeq: number,
  onChunk: (chunk: readonly StoredEvent[], folded: number) => void = () => undefined,
): Promise<void> {
  let last = afterSeq;
  await journal.scan(
    (chunk) => {
      let folded = 0;
      for (const event of chunk) if (foldInto(models, target, event)) folded++;
      // The chunk saw every event of its seq span: its gaps hold nothing to fold.
      const end = chunk[chunk.length - 1]!.seq;
      target.folded.through(last, end);
      last = end;
      onChunk(chunk, folded);
    },
    undefined,
    afterSeq > 0 ? afterSeq : undefined,
  );
}

/**
 * Fresh states from a full scan (after an erasure: a fold cannot take events back out),
 * then the live events that arrived meanwhile (`during`, filled by the caller); `count`
 * is the seqs they hold, the stream's event count from then on.
 */
export async function rebuildTarget(
  journal: Journal,
  models: ReadModels,
  erasure: StreamErasure,
  during: readonly StoredEvent[],
): Promise<{ target: FoldTarget; count: number }> {
  const target = emptyTarget(models);
  let count = 0;
  // The journal's record names every erased episode, also those whose leases.* stay.
  await erasure.load();
  await scanInto(journal, models, target, 0, (_, folded) => void (count += folded));
  for (const event of during) if (foldInto(models, target, event)) count++;
  return { target, count };
}

export interface LoadDeps {
  journal: Journal;
  models: ReadModels;
  snapshots: SnapshotStore | undefined;
  erasure: StreamErasure;
  tailSize: number;
  onProgress(done: number, total: number): void;
  /** The states being built, handed over before the scan: a failed scan still shows what it folded. */
  use(target: FoldTarget): void;
}

export interface Loaded {
  /** The newest events, newest first. */
  tail: StoredEvent[];
  /** Ids of the newest scanned events: live deliveries of these are not new. */
  scannedTail: Set<string>;
  /** The journal's events: those the snapshot held (its count) and every seq folded since. */
  eventCount: number;
  start: StreamStart;
}

/** The snapshot if one is stored and fits, else why not. */
async function trySnapshot(deps: LoadDeps, newestSeq: number) {
  if (!deps.snapshots) return { ok: false as const, reason: 'no snapshot store', stored: false };
  let raw: unknown;
  try {
    raw = await deps.snapshots.loadSnapshot();
  } catch (error) {
    return { ok: false as const, reason: `the snapshot could not be read (${String(error)})`, stored: true };
  }
  const opened = openSnapshot(deps.models, raw, { newestSeq, erased: deps.erasure.recordSize() });
  return { ...opened, stored: raw !== undefined };
}

export async function loadStream(deps: LoadDeps): Promise<Loaded> {
  const { journal, models } = deps;
  const [newest] = await Promise.all([journal.tail(1), deps.erasure.load()]);
  const opened = await trySnapshot(deps, newest[0]?.seq ?? 0);
  // Said once per start, so a snapshot that keeps being refused shows up in the console.
  if (!opened.ok && opened.stored)
    console.info(`read-model snapshot not used: ${opened.reason}; rebuilding from the journal`);
  const target = opened.ok ? { states: opened.states, folded: opened.folded } : emptyTarget(models);
  deps.use(target);
  // From a snapshot: the window's holes (late deliveries it had not folded) and everything after it.
  const after = opened.ok ? target.folded.resumeAfter() : 0;
  const total = opened.ok ? Math.max(0, (newest[0]?.seq ?? 0) - after) : await journal.count();
  deps.onProgress(0, total);
  let done = 0;
  let folded = 0;
  let newestIds: string[] = [];
  await scanInto(journal, models, target, after, (chunk, n) => {
    for (const event of chunk) deps.erasure.fold(event);
    folded += n;
    newestIds = newestIds.concat(chunk.map((event) => event.id)).slice(-2 * deps.tailSize);
    done += chunk.length;
    deps.onProgress(done, Math.max(total, done));
  });
  const scannedTail = new Set(newestIds);
  // Events committed between the scan's end and this read are in the tail only.
  const tail = await journal.tail(deps.tailSize);
  for (const event of [...tail].reverse()) {
    deps.erasure.fold(event);
    if (foldInto(models, target, event)) folded++;
  }
  if (tail.length > 0) target.folded.through(tail[tail.length - 1]!.seq - 1, tail[0]!.seq);
  if (!opened.ok)
    return { tail, scannedTail, eventCount: folded, start: { from: 'journal', folded, reason: opened.reason } };
  return { tail, scannedTail, eventCount: opened.count + folded, start: { from: 'snapshot', folded } };
}
