import { describe, expect, test } from 'vitest';
import { boundJson, jsonOf, toJson, type Json } from './bound';
import { utf8Length } from './utf8';

const bytes = (value: Json) => utf8Length(JSON.stringify(value));

describe('boundJson', () => {
  test('a result that fits is returned as it is', () => {
    const value = { a: 'short', list: [1, 2, 3] };
    expect(boundJson(value, 100)).toEqual({ value, truncated: false, json: JSON.stringify(value) });
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
    expect(bounded.json).toBe(JSON.stringify(bounded.value));
  });

  test('the limit is in UTF-8 bytes: two-byte characters are cut where as many ASCII ones fit', () => {
    expect(boundJson({ s: 'x'.repeat(80) }, 100).truncated).toBe(false);
    expect(boundJson({ s: 'é'.repeat(80) }, 100).truncated).toBe(true);
    // {"s":""} is 8 bytes, each é 2.
    expect(boundJson({ s: 'é'.repeat(46) }, 100).truncated).toBe(false);
    expect(boundJson({ s: 'é'.repeat(47) }, 100).truncated).toBe(true);
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
      json: '{"truncated":true,"note":"the result was larger than 120 bytes of JSON"}',
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

class Point {
  constructor(
    public x = 1,
    public y = 2,
  ) {}
}
class List extends Array<number> {}

/** Values whose copy must be exactly what the JSON round trip gives, one trick each. */
function trickyValues(): unknown[] {
  let nested: unknown = 'leaf';
  for (let i = 0; i < 200; i++) nested = { nested };
  return [
    { expression: '(2+3)*4', value: 20 },
    { body: 'é😀'.repeat(300), lone: '\ud800', status: 200, ok: true, none: null },
    [1, 'two', null, [3, [4]], { five: 5 }],
    'text',
    42,
    { zero: -0 },
    [-0],
    { nan: NaN },
    [Infinity],
    { gone: undefined, kept: 1 },
    [undefined],
    [1, , 3],
    { fn: () => 1, sym: Symbol('s') },
    { when: new Date(0) },
    { own: { toJSON: (key: string) => `toJSON for ${key}` } },
    Object.assign([1, 2], { toJSON: () => 'the array replaced' }),
    Object.assign([1, 2], { extra: 'dropped' }),
    List.from([1, 2]),
    new Point(),
    { map: new Map([[1, 2]]) },
    [new String('boxed'), new Number(3), new Boolean(false)],
    Object.assign(Object.create(null) as object, { a: 1, b: [true, null] }),
    JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
    new Proxy({ a: 1, list: [1, 2] }, {}),
    nested,
    { items: Array.from({ length: 3000 }, (_, i) => ({ id: i })) },
  ];
}

describe('jsonOf', () => {
  test('the value is exactly the JSON round trip and the text is its JSON', () => {
    for (const value of trickyValues()) {
      const expected = JSON.parse(JSON.stringify(value)) as Json;
      const out = jsonOf(value);
      expect(out.value).toStrictEqual(expected);
      expect(JSON.stringify(out.value, (_key, item: unknown) => (Object.is(item, -0) ? '-0' : item))).toBe(
        JSON.stringify(expected),
      );
      expect(out.json).toBe(JSON.stringify(expected));
    }
  });

  test("the copy shares no object with the tool's value", () => {
    const value = { list: [{ n: 1 }], meta: { a: 'x' } };
    const out = jsonOf(value).value as typeof value;
    expect(out).not.toBe(value);
    expect(out.list).not.toBe(value.list);
    value.list[0]!.n = 2;
    value.meta.a = 'changed';
    expect(out).toEqual({ list: [{ n: 1 }], meta: { a: 'x' } });
  });

  test('a getter runs once; one that throws, a cycle or a BigInt throw as JSON.stringify does', () => {
    let reads = 0;
    expect(
      jsonOf({
        get n() {
          return ++reads;
        },
      }),
    ).toEqual({ value: { n: 1 }, json: '{"n":1}' });
    expect(reads).toBe(1);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { cyclic };
    expect(() => jsonOf(cyclic)).toThrow(/circular/);
    expect(() => jsonOf({ n: 1n })).toThrow(/BigInt/);
    expect(() =>
      jsonOf({
        get bad() {
          throw new Error('getter broke');
        },
      }),
    ).toThrow('getter broke');
  });
});
