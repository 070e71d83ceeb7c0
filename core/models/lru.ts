/**
 * Least-recently-used eviction of whole models: which cached models to delete so that
 * `needBytes` more fit. Partial downloads and protected ids (the one being downloaded,
 * the loaded model) are never picked. Pure: the store deletes what this returns.
 */

export interface EvictionCandidate {
  key: string;
  bytes: number;
  lastUsed: number;
  state: string;
}

/**
 * The keys to evict, oldest first, freeing at least `needBytes` beyond `freeBytes`;
 * undefined when even evicting every candidate would not free enough.
 */
export function pickEvictions(
  models: readonly EvictionCandidate[],
  freeBytes: number,
  needBytes: number,
  protectedKeys: ReadonlySet<string> = new Set(),
): string[] | undefined {
  if (freeBytes >= needBytes) return [];
  const candidates = models
    .filter((m) => m.state === 'cached' && !protectedKeys.has(m.key))
    .sort((a, b) => a.lastUsed - b.lastUsed || a.key.localeCompare(b.key));
  const picked: string[] = [];
  let free = freeBytes;
  for (const model of candidates) {
    if (free >= needBytes) break;
    picked.push(model.key);
    free += model.bytes;
  }
  return free >= needBytes ? picked : undefined;
}
