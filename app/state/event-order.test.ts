import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { appendBounded, compareEvents, mergeEvents } from './event-order';

function ev(id: string, ms: number): EventEnvelope {
  return {
    id,
    time: new Date(ms).toISOString(),
    kind: 'obs.recorded',
    v: 1,
    actor: 'device:x',
    payload: { source: 'user' },
  };
}

describe('compareEvents', () => {
  it('orders by time, then by id', () => {
    const list = [ev('B', 2), ev('C', 1), ev('A', 2)].sort(compareEvents);
    expect(list.map((e) => e.id)).toEqual(['C', 'A', 'B']);
  });
});

describe('mergeEvents', () => {
  it('dedupes by id across lists and orders chronologically', () => {
    const merged = mergeEvents([ev('B', 2), ev('A', 1)], [ev('A', 1), ev('C', 3)]);
    expect(merged.map((e) => e.id)).toEqual(['A', 'B', 'C']);
  });
});

describe('appendBounded', () => {
  it('keeps the newest entries up to the capacity and forgets dropped ids', () => {
    const seen = new Set<string>();
    let ring = appendBounded([], [ev('A', 1), ev('B', 2)], 3, seen);
    ring = appendBounded(ring, [ev('B', 2), ev('C', 3), ev('D', 4)], 3, seen);
    expect(ring.map((e) => e.id)).toEqual(['B', 'C', 'D']);
    expect(seen.has('A')).toBe(false);
  });
  it('returns the same array when nothing is new', () => {
    const seen = new Set<string>();
    const ring = appendBounded([], [ev('A', 1)], 3, seen);
    expect(appendBounded(ring, [ev('A', 1)], 3, seen)).toBe(ring);
  });
  it('sorts a late arrival into place', () => {
    const seen = new Set<string>();
    const ring = appendBounded(appendBounded([], [ev('B', 5)], 10, seen), [ev('A', 1)], 10, seen);
    expect(ring.map((e) => e.id)).toEqual(['A', 'B']);
  });
});
