/**
 * The event factory: ids and times from the injected sources on every event (a time
 * formatted once per millisecond never outlives its millisecond), the kind's version, and
 * the context's defined fields in their order.
 */
import { describe, expect, test } from 'vitest';
import { createEventFactory } from './event-factory';

describe('createEventFactory', () => {
  test('every event takes the clock time of its own making, also when the clock goes back', () => {
    const times = [0, 0, 1, 1_772_000_000_123, 1_772_000_000_123, 999, -1];
    let i = 0;
    let id = 0;
    const make = createEventFactory({ actor: 'a', clock: { now: () => times[i++]! }, newId: () => `id-${id++}` });
    const events = times.map(() => make('tokens.in', { count: 1, text: 'x' }));
    expect(events.map((event) => event.time)).toEqual(times.map((ms) => new Date(ms).toISOString()));
    expect(events.map((event) => event.id)).toEqual(times.map((_, n) => `id-${n}`));
  });

  test('the envelope fields come first, then the defined context fields in their order', () => {
    const make = createEventFactory({ actor: 'dev', clock: { now: () => 0 }, newId: () => 'id' });
    const event = make(
      'tokens.in',
      { count: 2, text: 'a b' },
      { project_id: 'p1', corr_id: undefined, severity: 'error', code: 'c' },
    );
    expect(JSON.stringify(event)).toBe(
      '{"id":"id","time":"1970-01-01T00:00:00.000Z","kind":"tokens.in","v":1,"actor":"dev",' +
        '"payload":{"count":2,"text":"a b"},"project_id":"p1","severity":"error","code":"c"}',
    );
  });

  test('a clock time that is not a date throws, every time', () => {
    const make = createEventFactory({ actor: 'a', clock: { now: () => NaN }, newId: () => 'id' });
    expect(() => make('tokens.in', { count: 1, text: '' })).toThrow(RangeError);
    expect(() => make('tokens.in', { count: 1, text: '' })).toThrow(RangeError);
  });
});
