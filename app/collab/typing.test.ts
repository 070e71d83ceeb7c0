/** The typing signal: on with fresh unsent text, off after 3 s idle, on send/blur, on empty. */
import { expect, test } from 'vitest';
import { createTypingTracker, TYPING_IDLE_MS } from './typing';

function fakeTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    setTimeout: (fn: () => void, ms: number) => (pending.set(next, { at: now + ms, fn }), next++),
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at > now) continue;
        pending.delete(id);
        timer.fn();
      }
    },
  };
}

test('typing turns on with text, stays on while keys come, and turns off after the idle time', () => {
  const timers = fakeTimers();
  const changes: boolean[] = [];
  const tracker = createTypingTracker((typing) => changes.push(typing), timers);
  tracker.input('h');
  tracker.input('he');
  timers.advance(TYPING_IDLE_MS - 1);
  tracker.input('hel');
  timers.advance(TYPING_IDLE_MS - 1);
  expect(changes).toEqual([true]);
  timers.advance(1);
  expect(changes).toEqual([true, false]);
});

test('send/blur and an emptied draft clear it at once; only changes are reported', () => {
  const timers = fakeTimers();
  const changes: boolean[] = [];
  const tracker = createTypingTracker((typing) => changes.push(typing), timers);
  tracker.input('x');
  tracker.stop();
  tracker.stop();
  tracker.input('y');
  tracker.input('   ');
  timers.advance(TYPING_IDLE_MS * 2);
  expect(changes).toEqual([true, false, true, false]);
});
