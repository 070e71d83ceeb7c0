/**
 * Gating keys (SPEC §3, reference C.6.3): deny-only. A pattern is an exact key or a
 * prefix ending in `*`; a key is allowed unless some pattern matches it (deny wins,
 * there are no allow rules). Pure: the caller owns where the list comes from.
 */

/** True when `pattern` (exact, or a prefix ending in `*`) matches `key`. */
export function matchesGatingPattern(pattern: string, key: string): boolean {
  return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : pattern === key;
}

/** A valid pattern: `[a-z0-9:._-]+` with at most one `*`, only at the end. */
export function isValidGatingPattern(pattern: string): boolean {
  return /^[a-z0-9:._<>-]*\*?$/i.test(pattern) && pattern.length > 0 && pattern.length <= 200;
}

/** Splits a csv (`ARW_GATING_DENY`) into trimmed, de-duplicated patterns. */
export function parseDenyList(csv: string | undefined): string[] {
  if (!csv) return [];
  return [
    ...new Set(
      csv
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    ),
  ];
}

export interface GatingPolicy {
  /** The first deny pattern that matches `key`, or undefined when the key is allowed. */
  deniedBy(key: string): string | undefined;
  /** Current deny patterns, sorted. */
  list(): string[];
  /** Replaces the deny list (runtime change); returns the new sorted list. */
  replace(patterns: readonly string[]): string[];
  /** A counter bumped on every change (for caches and ETags). */
  version(): number;
}

/** A deny list held in memory, starting from `initial`. Invalid patterns throw. */
export function createGatingPolicy(initial: readonly string[] = []): GatingPolicy {
  let patterns: string[] = [];
  let version = 0;
  const replace = (next: readonly string[]) => {
    const bad = next.find((pattern) => !isValidGatingPattern(pattern));
    if (bad !== undefined) throw new RangeError(`invalid gating pattern '${bad}'`);
    patterns = [...new Set(next)].sort();
    version += 1;
    return [...patterns];
  };
  replace(initial);
  return {
    deniedBy: (key) => patterns.find((pattern) => matchesGatingPattern(pattern, key)),
    list: () => [...patterns],
    replace,
    version: () => version,
  };
}
