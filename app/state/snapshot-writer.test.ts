/**
 * The background snapshot writer (SPEC §8): after 2000 folded events or when the page
 * leaves, at most once per 10 s, in idle time; a failed write is logged, not fatal; an
 * erasure clears the row and holds writes until the rebuilt states are written.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSnapshotWriter, type PageLifecycle } from './snapshot-writer';
import type { SnapshotStore, StoredSnapshot } from './snapshot-store';

function memoryStore() {
  const log: string[] = [];
  let row: unknown;
  let failNext = false;
  const store: SnapshotStore = {
    loadSnapshot: async () => row,
    async saveSnapshot(snapshot) {
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      row = snapshot;
      log.push(`save ${snapshot.position}`);
    },
    async clearSnapshot() {
      row = undefined;
      log.push('clear');
    },
  };
  return { store, log, row: () => row, failOnce: () => void (failNext = true) };
}

function pageStandIn() {
  const listeners = new Set<() => void>();
  const page: PageLifecycle = {
    onLeave(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { page, leave: () => listeners.forEach((listener) => listener()) };
}

let ms = 0;
let position = 0;
const take = (): StoredSnapshot => ({ position }) as StoredSnapshot;
const idleQueue: Array<() => void> = [];
const runIdle = () => idleQueue.splice(0).forEach((task) => task());

beforeEach(() => {
  vi.useFakeTimers();
  ms = 100_000;
  position = 0;
  idleQueue.length = 0;
});
afterEach(() => vi.useRealTimers());

function writer(store: SnapshotStore, page?: PageLifecycle, onError?: (error: unknown) => void) {
  return createSnapshotWriter({
    store,
    take,
    now: () => ms,
    idle: (task) => void idleQueue.push(task),
    page,
    ...(onError ? { onError } : {}),
  });
}

describe('snapshot writer', () => {
  it('writes in idle time once 2000 events were folded, then not again within 10 s', async () => {
    const { store, log } = memoryStore();
    const w = writer(store);
    position = 1999;
    w.folded(1999);
    runIdle();
    await w.idle();
    expect(log).toEqual([]);
    position = 2000;
    w.folded(1);
    expect(log).toEqual([]); // queued for idle time, not written on the folding call
    runIdle();
    await w.idle();
    expect(log).toEqual(['save 2000']);
    position = 4000;
    w.folded(2000);
    ms += 4_000;
    vi.advanceTimersByTime(4_000);
    runIdle();
    await w.idle();
    expect(log).toEqual(['save 2000']);
    ms += 6_000;
    vi.advanceTimersByTime(6_000);
    runIdle();
    await w.idle();
    expect(log).toEqual(['save 2000', 'save 4000']);
    w.dispose();
  });

  it('writes at once when the page leaves (pagehide), if anything was folded since the last write', async () => {
    const { store, log } = memoryStore();
    const { page, leave } = pageStandIn();
    const w = writer(store, page);
    leave();
    await w.idle();
    expect(log).toEqual([]);
    position = 7;
    w.folded(7);
    leave();
    await w.idle();
    expect(log).toEqual(['save 7']);
    w.dispose();
    position = 9;
    w.folded(2);
    leave();
    await w.idle();
    expect(log).toEqual(['save 7']);
  });

  it('logs a failed write and keeps going', async () => {
    const { store, log, failOnce } = memoryStore();
    const errors: unknown[] = [];
    const w = writer(store, undefined, (error) => errors.push(error));
    failOnce();
    await w.writeNow();
    expect(errors).toEqual([expect.objectContaining({ message: 'disk full' })]);
    ms += 10_000;
    position = 3;
    await w.writeNow();
    expect(log).toEqual(['save 3']);
  });

  it('invalidate clears the row and holds writes until resume', async () => {
    const { store, log, row } = memoryStore();
    const { page, leave } = pageStandIn();
    const w = writer(store, page);
    position = 5;
    await w.writeNow();
    expect(row()).toEqual({ position: 5 });
    await w.invalidate();
    expect(row()).toBeUndefined();
    ms += 20_000;
    position = 6;
    w.folded(5000);
    leave();
    runIdle();
    await w.idle();
    expect(log).toEqual(['save 5', 'clear']);
    w.resume();
    runIdle();
    await w.idle();
    expect(log).toEqual(['save 5', 'clear', 'save 6']);
  });
});
