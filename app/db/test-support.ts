/**
 * Deterministic events and fresh database names for the journal's tests and benchmark.
 * Built on core's event factory and ULID source with a fake clock and a seeded random
 * source, so runs repeat exactly. Not used by the app itself.
 */
import type { EventEnvelope } from '../../spec';
import { createEventFactory, type MakeEvent } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';

/** A small seeded PRNG (mulberry32) as core's RandomBytes. */
function seededBytes(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0;
  return (length) => {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
    }
    return bytes;
  };
}

export interface EventMaker {
  make: MakeEvent;
  /** Moves the fake clock on (ms). */
  advance(ms: number): void;
}

/** An event factory whose clock starts at `startMs` and moves 1 ms per event. */
export function createEventMaker(options: { seed?: number; startMs?: number; actor?: string } = {}): EventMaker {
  let now = options.startMs ?? Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  const clock = { now: () => now++ };
  const newId = createUlidFactory(() => now, seededBytes(options.seed ?? 1));
  const make = createEventFactory({ actor: options.actor ?? 'device-test', clock, newId });
  return { make, advance: (ms) => void (now += ms) };
}

/** A `tokens.out` event of roughly `bytes` serialized bytes (default ~300). */
export function tokenEvent(
  maker: EventMaker,
  index: number,
  context: { corr_id?: string; project_id?: string } = {},
  bytes = 300,
): EventEnvelope {
  const base = maker.make('tokens.out', { seq: index, count: 8, text: '' }, { ...context });
  const filler = Math.max(0, bytes - JSON.stringify(base).length);
  base.payload = { seq: index, count: 8, text: 'x'.repeat(filler) };
  return base;
}

/** A database name no other test uses. */
export function freshDbName(prefix = 'journal-test'): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
