/** The fold order and the server's clamp of client times (H4). */
import { describe, expect, it } from 'vitest';
import { clampToReceipt, compareEvents } from './order';

const at = (time: string, id = 'a') => ({ time, id, kind: 'obs.recorded' });

describe('H4 clampToReceipt', () => {
  it('H4: a time after the receipt becomes the receipt; an earlier one, an unknown receipt or an unparsable time stay', () => {
    const received = Date.parse('2026-12-01T12:00:00.000Z');
    expect(clampToReceipt(at('2026-12-01T12:04:59.000Z'), received)).toEqual(at('2026-12-01T12:00:00.000Z'));
    expect(clampToReceipt(at('2026-12-01T11:59:00.000Z'), received)).toEqual(at('2026-12-01T11:59:00.000Z'));
    expect(clampToReceipt(at('2026-12-01T12:04:59.000Z'), undefined).time).toBe('2026-12-01T12:04:59.000Z');
    expect(clampToReceipt(at('not a time'), received).time).toBe('not a time');
  });

  it('H4: the clamped copy orders before an event received later, and the input is not changed', () => {
    const ahead = at('2026-12-01T12:04:00.000Z', 'b');
    const clamped = clampToReceipt(ahead, Date.parse('2026-12-01T12:00:00.000Z'));
    expect(compareEvents(clamped, at('2026-12-01T12:00:01.000Z', 'a'))).toBeLessThan(0);
    expect(ahead.time).toBe('2026-12-01T12:04:00.000Z');
  });
});
