/** The recent-ids window: FIFO, bounded, and lossless through toJSON/restore. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRecentIds, DEFAULT_RECENT_IDS, restoreRecentIds } from './recent-ids';

describe('recent ids', () => {
  it('add is true for a new id and false for one in the window', () => {
    const recent = createRecentIds(3);
    expect([recent.add('a'), recent.add('b'), recent.add('a')]).toEqual([true, true, false]);
    expect(recent.size).toBe(2);
    expect(recent.has('a')).toBe(true);
    expect(recent.has('c')).toBe(false);
  });

  it('forgets the oldest beyond the capacity, first in first out; a forgotten id is new again', () => {
    const recent = createRecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) recent.add(id);
    expect(recent.toJSON()).toEqual(['b', 'c', 'd']);
    expect(recent.has('a')).toBe(false);
    expect(recent.add('a')).toBe(true);
    expect(recent.toJSON()).toEqual(['c', 'd', 'a']);
    // A repeat does not refresh an id's place.
    expect(recent.add('c')).toBe(false);
    recent.add('e');
    expect(recent.toJSON()).toEqual(['d', 'a', 'e']);
  });

  it('defaults to 4096 ids and refuses a capacity that is not a whole number of at least 1', () => {
    expect(createRecentIds().capacity).toBe(DEFAULT_RECENT_IDS);
    expect(DEFAULT_RECENT_IDS).toBe(4096);
    expect(() => createRecentIds(0)).toThrow(/at least 1, got 0/);
    expect(() => createRecentIds(1.5)).toThrow(/whole number/);
  });

  it('restoreRecentIds keeps the newest when given more than the capacity', () => {
    expect(restoreRecentIds(['a', 'b', 'c'], 2).toJSON()).toEqual(['b', 'c']);
  });

  it('behaves like a model of "the last n distinct ids", and restores to an equal window at any point', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 60 }),
        fc.nat(),
        (capacity, ids, cut) => {
          const recent = createRecentIds(capacity);
          let model: string[] = [];
          let copy = createRecentIds(capacity);
          ids.forEach((id, index) => {
            if (index === cut % (ids.length + 1)) copy = restoreRecentIds(recent.toJSON(), capacity);
            const fresh = !model.includes(id);
            if (fresh) model = [...model, id].slice(-capacity);
            expect(recent.add(id)).toBe(fresh);
            if (index >= cut % (ids.length + 1)) copy.add(id);
          });
          expect(recent.toJSON()).toEqual(model);
          expect(recent.size).toBe(model.length);
          if (cut % (ids.length + 1) < ids.length) expect(copy.toJSON()).toEqual(model);
        },
      ),
      { numRuns: 300 },
    );
  });
});
