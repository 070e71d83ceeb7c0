/**
 * Event kind names (SPEC E2): lower dot.case. Legacy CamelCase spellings
 * (`Models.DownloadProgress`) are accepted on input and normalized here, by the
 * original's rule: split each dot segment at case changes, lower-case, re-join.
 */

/** A kind is one or more lower-case segments joined by dots; `-` may appear inside a segment. */
export const KIND_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** Splits one segment at case changes, keeping acronym runs together (`HTTPServer` → `http`, `server`). */
function splitSegment(segment: string): string[] {
  const parts = segment.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9-]+|[A-Z]+/g);
  return parts ?? [segment];
}

/** Normalizes a kind to lower dot.case. Already-normal kinds come back unchanged. */
export function normalizeKind(kind: string): string {
  return kind
    .split('.')
    .filter((segment) => segment.length > 0)
    .flatMap(splitSegment)
    .map((part) => part.toLowerCase())
    .join('.');
}

/** True when `kind` starts with one of `prefixes` (an empty list matches everything). */
export function kindMatchesPrefix(kind: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => kind.startsWith(prefix));
}
