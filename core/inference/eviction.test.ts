/**
 * The eviction policy on its own: LRU order, the cap before the budget, never a busy
 * engine and never the most recently used one; a property test over random pools.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseEvictions, type EvictionCandidate } from './eviction';

const MIB = 1024 * 1024;
const engine = (key: string, lastUse: number, bytes = MIB, idle = true): EvictionCandidate => ({
  key,
  bytes,
  lastUse,
  idle,
});

describe('chooseEvictions', () => {
  it('within both limits nothing goes; an empty pool has nothing to evict', () => {
    expect(chooseEvictions([engine('a', 1), engine('b', 2)], { maxEngines: 2, budgetBytes: 2 * MIB })).toEqual([]);
    expect(chooseEvictions([], { maxEngines: 0, budgetBytes: 0 })).toEqual([]);
  });

  it('over the budget, the least recently used idle engines go until it fits', () => {
    const pool = [
      engine('c', 4, 40 * MIB),
      engine('a', 3, 40 * MIB),
      engine('b', 2, 40 * MIB),
      engine('d', 1, 10 * MIB),
    ];
    expect(chooseEvictions(pool, { maxEngines: 10, budgetBytes: 85 * MIB })).toEqual([
      { key: 'd', reason: 'memory-budget' },
      { key: 'b', reason: 'memory-budget' },
    ]);
  });

  it('the engine cap is checked before the budget, and the budget again after each pick', () => {
    const pool = [engine('a', 1, 50 * MIB), engine('b', 2, 50 * MIB), engine('c', 3, 50 * MIB)];
    expect(chooseEvictions(pool, { maxEngines: 2, budgetBytes: 60 * MIB })).toEqual([
      { key: 'a', reason: 'engine-limit' },
      { key: 'b', reason: 'memory-budget' },
    ]);
  });

  it('never picks an engine that is generating or has queued work; the older idle one goes instead', () => {
    const pool = [engine('busy', 1, 60 * MIB, false), engine('idle', 2, 60 * MIB), engine('newest', 3, 60 * MIB)];
    expect(chooseEvictions(pool, { maxEngines: 4, budgetBytes: 100 * MIB })).toEqual([
      { key: 'idle', reason: 'memory-budget' },
    ]);
  });

  it('stays over the limits when only busy engines and the newest are left', () => {
    const pool = [engine('busy', 1, 60 * MIB, false), engine('newest', 2, 60 * MIB)];
    expect(chooseEvictions(pool, { maxEngines: 1, budgetBytes: 10 * MIB })).toEqual([]);
  });

  it('keeps the most recently used engine even when it alone is over the budget, busy or not', () => {
    expect(chooseEvictions([engine('big', 1, 500 * MIB)], { maxEngines: 1, budgetBytes: 64 * MIB })).toEqual([]);
    expect(
      chooseEvictions([engine('old', 1), engine('big', 2, 500 * MIB, false)], { maxEngines: 4, budgetBytes: 64 * MIB }),
    ).toEqual([{ key: 'old', reason: 'memory-budget' }]);
  });

  it('property: picks only idle non-newest engines, oldest first, and stops exactly when within limits or out of victims', () => {
    const pools = fc.uniqueArray(fc.record({ lastUse: fc.nat(1000), bytes: fc.nat(100), idle: fc.boolean() }), {
      selector: (e) => e.lastUse,
      maxLength: 8,
    });
    fc.assert(
      fc.property(pools, fc.nat(9), fc.nat(600), (raw, maxEngines, budgetBytes) => {
        const pool = raw.map((e, i) => ({ ...e, key: `e${i}` }));
        const chosen = chooseEvictions(pool, { maxEngines, budgetBytes });
        const byKey = new Map(pool.map((e) => [e.key, e]));
        const newest = Math.max(...pool.map((e) => e.lastUse));
        const picked = chosen.map((c) => byKey.get(c.key)!);
        expect(picked.every((e) => e.idle && e.lastUse !== newest)).toBe(true);
        expect(picked.map((e) => e.lastUse)).toEqual([...picked.map((e) => e.lastUse)].sort((a, b) => a - b));
        const left = pool.filter((e) => !chosen.some((c) => c.key === e.key));
        const within = left.length <= maxEngines && left.reduce((sum, e) => sum + e.bytes, 0) <= budgetBytes;
        const victimsLeft = left.some((e) => e.idle && e.lastUse !== newest);
        expect(within || !victimsLeft).toBe(true);
        // Each pick was needed: before it, the pool was over a limit.
        if (chosen.length > 0) {
          const beforeLast = [...left, picked.at(-1)!];
          expect(beforeLast.length > maxEngines || beforeLast.reduce((sum, e) => sum + e.bytes, 0) > budgetBytes).toBe(
            true,
          );
        }
      }),
    );
  });
});
