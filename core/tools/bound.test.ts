import { describe, expect, test } from 'vitest';
import { boundJson, toJson, type Json } from './bound';
import { utf8Length } from './utf8';

const bytes = (value: Json) => utf8Length(JSON.stringify(value));

describe('boundJson', () => {
  test('a result that fits is returned as it is', () => {
    const value = { a: 'short', list: [1, 2, 3] };
    expect(boundJson(value, 100)).toEqual({ value, truncated: false });
  });

  test('long strings are cut to fit and the object says truncated: true', () => {
    const value = { status: 200, body: 'é'.repeat(5000), title: 'Kept whole' };
    const bounded = boundJson(value, 2000);
    expect(bounded.truncated).toBe(true);
    expect(bytes(bounded.value)).toBeLessThanOrEqual(2000);
    expect(bytes(bounded.value)).toBeGreaterThan(1900);
    const out = bounded.value as { status: number; body: string; title: string; truncated: boolean };
    expect(out.status).toBe(200);
    expect(out.title).toBe('Kept whole');
    expect(out.truncated).toBe(true);
    expect(out.body.endsWith('…')).toBe(true);
  });

  test('many short items: arrays are shortened once strings cannot give more room', () => {
    const value = { matches: Array.from({ length: 500 }, (_, i) => ({ id: `e${i}`, n: i })) };
    const bounded = boundJson(value, 1000);
    expect(bytes(bounded.value)).toBeLessThanOrEqual(1000);
    const out = bounded.value as { matches: { id: string }[]; truncated: boolean };
    expect(out.truncated).toBe(true);
    expect(out.matches.length).toBeGreaterThan(10);
    expect(out.matches[0]).toEqual({ id: 'e0', n: 0 });
  });

  test('a top-level string or array is wrapped as { value, truncated }', () => {
    const bounded = boundJson('x'.repeat(500), 100);
    expect(bounded.value).toMatchObject({ truncated: true });
    expect((bounded.value as { value: string }).value.startsWith('xxx')).toBe(true);
    expect(bytes(bounded.value)).toBeLessThanOrEqual(100);
  });

  test('what cannot fit at all becomes a note, still JSON', () => {
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`key${i}`, i]));
    const bounded = boundJson(wide, 120);
    expect(bounded).toEqual({
      value: { truncated: true, note: 'the result was larger than 120 bytes of JSON' },
      truncated: true,
    });
  });
});

describe('toJson', () => {
  test('keeps JSON values, drops what JSON drops, maps undefined to null', () => {
    expect(toJson({ a: 1, b: undefined, d: new Date(0) })).toEqual({ a: 1, d: '1970-01-01T00:00:00.000Z' });
    expect(toJson(undefined)).toBeNull();
    expect(() => toJson({ n: 1n })).toThrow();
  });
});
