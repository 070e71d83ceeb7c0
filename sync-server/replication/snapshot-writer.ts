/**
 * When read-model snapshots are written (issue 13 item 5): once a set caught up, then
 * whenever at least `snapshotEveryRows` rows were folded since its last one, at most once
 * per `snapshotMinIntervalMs` per scope. A write happens on a later turn (setImmediate or
 * a timer), never inside an append; its cost is bounded because the states are (core's
 * caps). `stillCurrent` is asked at write time: a set dropped or erased meanwhile is not
 * written.
 */
import { runSteps, type Steps } from '../../core/lib/steps';
import { READ_MODEL_SNAPSHOT_VERSION, type ReadModelSnapshot } from '../../core/read-models/snapshot';
import type { ReadModelSnapshots } from '../storage/read-model-snapshots';
import type { ReadModelSet } from './read-model-set';
import { createTurnScheduler, type TurnScheduler } from './sliced-fold';
import { snapshotText } from './snapshot-text';

export const SNAPSHOT_EVERY_ROWS = 5000;
export const SNAPSHOT_MIN_INTERVAL_MS = 30_000;

export interface SnapshotPolicy {
  /** Rows folded since the last snapshot before another is due (default 5000). */
  snapshotEveryRows?: number;
  /** Least time between two snapshots of one scope (default 30 s). */
  snapshotMinIntervalMs?: number;
  /** Wall clock (ms) for the interval and `taken` (default Date.now). */
  now?: () => number;
}

export interface SnapshotWriter {
  /** A set reached the store's end after folding rows: write it soon. */
  caughtUp(set: ReadModelSet, stillCurrent: () => boolean): void;
  /** A set folded live rows: write it when the policy says so. */
  appended(set: ReadModelSet, stillCurrent: () => boolean): void;
  /** Stores `set` now: a snapshot already taken, and one of what it folded since (shutdown). */
  flush(set: ReadModelSet): void;
  /** Drops every pending write (erasure, close). */
  cancel(): void;
  written(): number;
}

/** A writer over `store`; without one, every call is a no-op. */
export function createSnapshotWriter(
  store: ReadModelSnapshots | undefined,
  policy: SnapshotPolicy,
  report: (error: unknown, what: string) => void,
  turns: TurnScheduler = createTurnScheduler(),
): SnapshotWriter {
  const everyRows = policy.snapshotEveryRows ?? SNAPSHOT_EVERY_ROWS;
  const minInterval = policy.snapshotMinIntervalMs ?? SNAPSHOT_MIN_INTERVAL_MS;
  const now = policy.now ?? Date.now;
  const lastWrite = new Map<string, number>();
  /** Scope → how to call off its due write, and (once taken) how to store it at once. */
  const pending = new Map<string, { callOff(): void; saveNow?(): void }>();
  let count = 0;

  /** Stores `snapshot` of `set` (already taken: later folds do not change it) with its text `body`. */
  const save = (set: ReadModelSet, snapshot: ReadModelSnapshot, body: string, at: number) => {
    try {
      store?.save({
        scope: set.scope,
        version: READ_MODEL_SNAPSHOT_VERSION,
        position: snapshot.position,
        taken: snapshot.taken,
        body,
      });
      lastWrite.set(set.scope, at);
      count += 1;
    } catch (error) {
      report(error, `writing the read-model snapshot of ${set.scope === '' ? 'the journal' : `project ${set.scope}`}`);
    }
  };

  const take = (set: ReadModelSet) => {
    const at = now();
    return { snapshot: set.snapshot(new Date(at).toISOString()), at };
  };

  const schedule = (set: ReadModelSet, stillCurrent: () => boolean, delay: number) => {
    if (store === undefined || pending.has(set.scope)) return;
    const run = () => {
      if (!stillCurrent() || set.sinceSnapshot === 0) return void pending.delete(set.scope);
      const { snapshot, at } = take(set);
      // Serialising a snapshot at the caps takes tens of ms: line by line (snapshot-text.ts)
      // in the server's shared turns; the copy above is what is written.
      const text = snapshotText(snapshot);
      let calledOff = false;
      function* write(): Steps<void> {
        const body = yield* text;
        pending.delete(set.scope);
        if (stillCurrent()) save(set, snapshot, body, at);
      }
      void turns.run(write(), () => calledOff);
      pending.set(set.scope, {
        callOff: () => void (calledOff = true),
        saveNow: () => {
          calledOff = true;
          save(set, snapshot, runSteps(text), at);
        },
      });
    };
    // A due snapshot never keeps the process alive.
    if (delay <= 0) {
      const handle = setImmediate(run).unref();
      pending.set(set.scope, { callOff: () => clearImmediate(handle) });
    } else {
      const handle = setTimeout(run, delay).unref();
      pending.set(set.scope, { callOff: () => clearTimeout(handle) });
    }
  };

  return {
    caughtUp: (set, stillCurrent) => schedule(set, stillCurrent, 0),
    appended(set, stillCurrent) {
      if (set.sinceSnapshot < everyRows) return;
      const since = now() - (lastWrite.get(set.scope) ?? Number.NEGATIVE_INFINITY);
      schedule(set, stillCurrent, since >= minInterval ? 0 : minInterval - since);
    },
    flush(set) {
      const due = pending.get(set.scope);
      if (due !== undefined) {
        pending.delete(set.scope);
        due.callOff();
        due.saveNow?.();
      }
      if (set.sinceSnapshot === 0) return;
      const { snapshot, at } = take(set);
      save(set, snapshot, runSteps(snapshotText(snapshot)), at);
    },
    cancel() {
      for (const due of pending.values()) due.callOff();
      pending.clear();
    },
    written: () => count,
  };
}
