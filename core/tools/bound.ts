/**
 * Bounds a tool's result to a size in bytes of JSON, so one call cannot flood the
 * model's context or the journal. Long strings are cut first, then long arrays; what
 * comes out is still valid JSON and says `truncated: true`.
 */
import { utf8Fits } from './utf8';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What cutting left: the value, whether anything was cut, and the value's JSON text (the model reads that). */
export interface Bounded {
  value: Json;
  truncated: boolean;
  json: string;
}

const ELLIPSIS = '…';

/** The value with every string cut to `maxChars` and every array to `maxItems`. */
function cut(value: Json, maxChars: number, maxItems: number): Json {
  if (typeof value === 'string') return value.length > maxChars ? value.slice(0, maxChars) + ELLIPSIS : value;
  if (Array.isArray(value)) return value.slice(0, maxItems).map((item) => cut(item, maxChars, maxItems));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) out[key] = cut(item, maxChars, maxItems);
    return out;
  }
  return value;
}

function longest(value: Json, pick: (value: Json) => number): number {
  let max = pick(value);
  if (Array.isArray(value)) for (const item of value) max = Math.max(max, longest(item, pick));
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) max = Math.max(max, longest(item, pick));
  return max;
}

/** The largest n in [low, high] for which `fits(n)`, or -1 when not even `low` fits. */
function largest(low: number, high: number, fits: (n: number) => boolean): number {
  if (high < low || !fits(low)) return -1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Adds the marker: on an object itself, otherwise by wrapping the value. */
function marked(value: Json): Json {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...value, truncated: true };
  return { value, truncated: true };
}

/** A marker-included size check for a candidate. */
const fitsMarked = (value: Json, maxBytes: number) => utf8Fits(JSON.stringify(marked(value)), maxBytes);

/** Strings are not cut below this while dropping array items can make room (ids stay whole). */
const MIN_CHARS = 200;

/**
 * `value` as it goes to the model: unchanged when its JSON fits in `maxBytes`, else with
 * long strings cut (each to the same length, not below 200 characters), then arrays
 * shortened, then strings cut further, and a `truncated: true` marker. A result that
 * cannot fit at all (a huge object of keys) becomes `{ truncated: true, note }`.
 */
export function boundJson(value: Json, maxBytes: number, json = JSON.stringify(value)): Bounded {
  if (utf8Fits(json, maxBytes)) return { value, truncated: false, json };
  const maxChars = longest(value, (item) => (typeof item === 'string' ? item.length : 0));
  const allItems = longest(value, (item) => (Array.isArray(item) ? item.length : 0));
  const fits = (chars: number, items: number) => fitsMarked(cut(value, chars, items), maxBytes);
  const done = (chars: number, items: number): Bounded => {
    const out = marked(cut(value, chars, items));
    return { value: out, truncated: true, json: JSON.stringify(out) };
  };
  const floor = Math.min(MIN_CHARS, maxChars);
  const chars = largest(floor, maxChars, (n) => fits(n, allItems));
  if (chars >= 0) return done(chars, allItems);
  const items = largest(0, allItems, (n) => fits(floor, n));
  if (items >= 0)
    return done(
      Math.max(
        floor,
        largest(floor, maxChars, (n) => fits(n, items)),
      ),
      items,
    );
  const short = largest(0, floor, (n) => fits(n, 0));
  if (short >= 0) return done(short, 0);
  const note = { truncated: true, note: `the result was larger than ${maxBytes} bytes of JSON` };
  return { value: note, truncated: true, json: JSON.stringify(note) };
}
/** A tool's return value as JSON (undefined becomes null); throws on values JSON cannot hold. */
export function toJson(value: unknown): Json {
  return jsonOf(value).value;
}

/**
 * A tool's return value as JSON and its JSON text, serialized once. The value is always a
 * fresh copy (the journal never shares an object the executor still holds): plain data is
 * copied directly, sharing only its strings; anything else (a Date, toJSON, undefined, a
 * class, more than COPY_NODES values) goes through JSON text and back as before.
 */
export function jsonOf(value: unknown): { value: Json; json: string } {
  if (value === undefined) return { value: null, json: 'null' };
  let copy: Json | typeof NOT_PLAIN = NOT_PLAIN;
  try {
    copy = plainCopy(value, { left: COPY_NODES });
  } catch {
    // A getter or proxy that throws: JSON.stringify below meets it again and its error is the one reported.
  }
  if (copy !== NOT_PLAIN) return { value: copy, json: JSON.stringify(copy) };
  const json = JSON.stringify(value);
  return json === undefined ? { value: null, json: 'null' } : { value: JSON.parse(json) as Json, json };
}

const NOT_PLAIN = Symbol('not plain');
/** Values copied directly before the JSON round trip takes over: bounds the work wasted on a large tree, and ends a cycle. */
const COPY_NODES = 1024;

/**
 * A copy of `value` equal to JSON.parse(JSON.stringify(value)), or NOT_PLAIN for anything
 * where the two could differ: numbers JSON rewrites (NaN, ±Infinity, -0), values it drops
 * or calls (undefined, functions, symbols, toJSON), objects whose prototype is not Object's
 * (boxed primitives unbox), an own `__proto__` key, and trees over the budget (cycles too).
 */
function plainCopy(value: unknown, budget: { left: number }): Json | typeof NOT_PLAIN {
  if ((budget.left -= 1) < 0) return NOT_PLAIN;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : NOT_PLAIN;
  if (typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  // Arrays serialize by index whatever their class; JSON ignores their other properties.
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = plainCopy(value[i], budget);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out.push(item);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return NOT_PLAIN;
    const item = plainCopy((value as Record<string, unknown>)[key], budget);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out[key] = item;
  }
  return out;
}
