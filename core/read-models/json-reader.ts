/**
 * Small typed readers for untrusted JSON, for the read-model snapshot decoder. Hand
 * written rather than a schema library because a snapshot holds thousands of episode
 * records and is read on the start's critical path, where a cold schema compile and
 * walk cost several times more than the JSON.parse itself. A reader throws a
 * JsonShapeError naming the path and what was expected; the decoder turns it into a
 * refusal, so nothing outside sees the throw.
 */

export class JsonShapeError extends Error {}

export type JsonObject = Readonly<Record<string, unknown>>;

function fail(path: string, expected: string, value: unknown): never {
  const got =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : typeof value;
  throw new JsonShapeError(`${path}: expected ${expected}, got ${got}`);
}

export function object(value: unknown, path: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'an object', value);
  return value as JsonObject;
}

export function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

export function string(o: JsonObject, key: string, path: string): string {
  const value = o[key];
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a string', value);
  return value;
}

export function number(o: JsonObject, key: string, path: string): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${path}.${key}`, 'a finite number', value);
  return value;
}

/** A whole number ≥ 0 (counts, versions). */
export function count(o: JsonObject, key: string, path: string): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(`${path}.${key}`, 'a whole number of at least 0', value);
  }
  return value;
}

export function boolean(o: JsonObject, key: string, path: string): boolean {
  const value = o[key];
  if (typeof value !== 'boolean') fail(`${path}.${key}`, 'true or false', value);
  return value;
}

export function strings(value: unknown, path: string): string[] {
  const items = array(value, path);
  for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'string') fail(`${path}[${i}]`, 'a string', items[i]);
  return items as string[];
}

/** `read(o[key])` when the key is present (and not undefined), else undefined. */
export function optional<T>(o: JsonObject, key: string, read: (o: JsonObject, key: string) => T): T | undefined {
  return o[key] === undefined ? undefined : read(o, key);
}
