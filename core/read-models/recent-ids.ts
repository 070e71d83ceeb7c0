/**
 * A bounded window of the newest event ids, used to ignore a duplicate delivery. The
 * journal holds each id once; duplicates reach a fold only close together (the
 * stream's scan overlapping its live tail, another tab's late broadcast, a relay
 * resending a page), so remembering the last few thousand ids is enough, and memory
 * stays flat however long the journal grows. An id older than the window, delivered
 * again, is folded again: callers that can deliver that late must de-duplicate by
 * journal position instead.
 */

export const DEFAULT_RECENT_IDS = 4096;

export interface RecentIds {
  /** The most ids kept; adding beyond it forgets the oldest (first in, first out). */
  readonly capacity: number;
  readonly size: number;
  /** True when `id` is new (and now remembered); false when it is in the window already. */
  add(id: string): boolean;
  has(id: string): boolean;
  /** The ids, oldest → newest: `restoreRecentIds(x.toJSON())` behaves exactly like `x`. */
  toJSON(): string[];
}

function checkedCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`RecentIds capacity must be a whole number of at least 1, got ${String(capacity)}`);
  }
  return capacity;
}

/** An empty window of at most `capacity` ids. */
export function createRecentIds(capacity = DEFAULT_RECENT_IDS): RecentIds {
  const cap = checkedCapacity(capacity);
  const members = new Set<string>();
  // A ring: `ring[head]` is the oldest id once the window is full.
  const ring: string[] = [];
  let head = 0;
  return {
    capacity: cap,
    get size() {
      return members.size;
    },
    add(id) {
      if (members.has(id)) return false;
      members.add(id);
      if (ring.length < cap) {
        ring.push(id);
      } else {
        members.delete(ring[head]!);
        ring[head] = id;
        head = (head + 1) % cap;
      }
      return true;
    },
    has: (id) => members.has(id),
    toJSON: () => [...ring.slice(head), ...ring.slice(0, head)],
  };
}

/** A window holding `ids` (oldest → newest); beyond `capacity` only the newest are kept. */
export function restoreRecentIds(ids: readonly string[], capacity = DEFAULT_RECENT_IDS): RecentIds {
  const recent = createRecentIds(capacity);
  for (const id of ids) recent.add(id);
  return recent;
}
