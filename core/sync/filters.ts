/**
 * Event filters shared by the server's reads, SSE and tail (SPEC E6): project, kind
 * prefixes (OR-combined, lower-cased on input) and corr_id. Pure: no storage, no IO.
 */
import { kindMatchesPrefix } from '../../spec/kinds';
import type { EventEnvelope } from '../../spec/envelope';

export interface EventFilter {
  /** Only events of this project. */
  projectId?: string;
  /** Kind prefixes, OR-combined; empty or absent = every kind. */
  prefixes?: readonly string[];
  corrId?: string;
}

/** True when `event` passes every part of `filter`. */
export function matchesFilter(event: EventEnvelope, filter: EventFilter): boolean {
  if (filter.projectId !== undefined && event.project_id !== filter.projectId) return false;
  if (filter.corrId !== undefined && event.corr_id !== filter.corrId) return false;
  return kindMatchesPrefix(event.kind, filter.prefixes ?? []);
}

/**
 * Splits repeated and comma-separated `prefix` values into a clean list: trimmed,
 * lower-cased, empties dropped, duplicates removed, order kept.
 */
export function parsePrefixes(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const prefix = part.trim().toLowerCase();
      if (prefix !== '' && !out.includes(prefix)) out.push(prefix);
    }
  }
  return out;
}

/** A kind prefix is a (possibly partial) kind: lower-case letters, digits, `.`, `-`. */
export const PREFIX_PATTERN = /^[a-z0-9][a-z0-9.-]*$/;

/** Splits `items` into consecutive chunks of at most `size` (size ≥ 1). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be ≥ 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
