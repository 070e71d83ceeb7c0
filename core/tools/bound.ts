/**
 * Bounds a tool's result to a size in bytes of JSON, so one call cannot flood the
 * model's context or the journal. Long strings are cut first, then long arrays; what
 * comes out is still valid JSON and says `truncated: true`.
 */
import { utf8Length } from './utf8';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What cutting left: the value and whether anything was cut. */
export interface Bounded {
  value: Json;
  truncated: boolean;
}

const ELLIPSIS = '…';

const size = (value: Json): number => utf8Length(JSON.stringify(value));

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
const fitsMarked = (value: Json, maxBytes: number) => size(marked(value)) <= maxBytes;

/** Strings are not cut below this while dropping array items can make room (ids stay whole). */
const MIN_CHARS = 200;

/**
 * `value` as it goes to the model: unchanged when its JSON fits in `maxBytes`, else with
 * long strings cut (each to the same length, not below 200 characters), then arrays
 * shortened, then strings cut further, and a `truncated: true` marker. A result that
 * cannot fit at all (a huge object of keys) becomes `{ truncated: true, note }`.
 */
export function boundJson(value: Json, maxBytes: number): Bounded {
  if (size(value) <= maxBytes) return { value, truncated: false };
  const maxChars = longest(value, (item) => (typeof item === 'string' ? item.length : 0));
  const allItems = longest(value, (item) => (Array.isArray(item) ? item.length : 0));
  const fits = (chars: number, items: number) => fitsMarked(cut(value, chars, items), maxBytes);
  const done = (chars: number, items: number): Bounded => ({
    value: marked(cut(value, chars, items)),
    truncated: true,
  });
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
  return { value: { truncated: true, note: `the result was larger than ${maxBytes} bytes of JSON` }, truncated: true };
}
/** A tool's return value as JSON (undefined becomes null); throws on values JSON cannot hold. */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as Json);
}
