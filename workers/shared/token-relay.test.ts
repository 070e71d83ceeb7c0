import { describe, expect, it } from 'vitest';
import { createTokenRelay, type RelayTimers } from './token-relay';

/** Timers on a hand-moved clock: `advance` runs the timers that fall due. */
function manualTimers() {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: RelayTimers = {
    now: () => now,
    setTimeout: (run, ms) => (due.set((next += 1), { at: now + ms, run }), next),
    clearTimeout: (handle) => void due.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= now) {
        due.delete(id);
        timer.run();
      }
    }
  };
  return { timers, advance, pending: () => due.size };
}

describe('token relay', () => {
  it('sends the first token at once, then batches tokens within the interval', () => {
    const { timers, advance } = manualTimers();
    const batches: string[][] = [];
    const relay = createTokenRelay((tokens) => batches.push(tokens), timers, 16);
    relay.push('a');
    expect(batches).toEqual([['a']]);
    advance(5);
    relay.push('b');
    advance(5);
    relay.push('c');
    expect(batches).toEqual([['a']]);
    advance(6);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('sends on push once the interval has passed, before its timer task gets to run', () => {
    const { timers, advance } = manualTimers();
    const batches: string[][] = [];
    const relay = createTokenRelay((tokens) => batches.push(tokens), timers, 16);
    relay.push('a');
    advance(3);
    relay.push('b');
    // A busy model loop: time passes without the timer task getting a turn.
    let busy = 0;
    const clock = timers.now;
    timers.now = () => clock() + busy;
    busy = 20;
    relay.push('c');
    expect(batches).toEqual([['a'], ['b', 'c']]);
    timers.now = clock;
  });

  it('flush sends what is pending and cancels the timer; nothing is lost or reordered', () => {
    const { timers, advance, pending } = manualTimers();
    const batches: string[][] = [];
    const relay = createTokenRelay((tokens) => batches.push(tokens), timers, 16);
    const words = Array.from({ length: 100 }, (_, i) => `w${i} `);
    for (const word of words) {
      relay.push(word);
      advance(1);
    }
    relay.flush();
    expect(pending()).toBe(0);
    expect(batches.flat()).toEqual(words);
    // 100 tokens over 100 ms at one batch per 16 ms: far fewer messages than tokens.
    expect(batches.length).toBeLessThanOrEqual(8);
    relay.flush();
    expect(batches.flat()).toHaveLength(100);
  });
});
