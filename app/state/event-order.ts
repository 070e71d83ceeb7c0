/**
 * Ordering and merging of events for display: by `time`, then `id` (ULIDs sort by
 * creation), deduplicated by `id`. Pure; used by the stream and the views.
 */
import type { EventEnvelope } from '../../spec';
import { compareEvents } from '../../core/read-models/order';

export { compareEvents };

/** Merges lists into one chronological list without duplicate ids (the first copy wins). */
export function mergeEvents<E extends EventEnvelope>(...lists: ReadonlyArray<readonly E[]>): E[] {
  const byId = new Map<string, E>();
  for (const list of lists) for (const event of list) if (!byId.has(event.id)) byId.set(event.id, event);
  return [...byId.values()].sort(compareEvents);
}

/**
 * Appends `incoming` to a chronological list, dropping ids already present, and keeps
 * only the newest `capacity` entries. Returns a new array (signals need identity change).
 */
export function appendBounded<E extends EventEnvelope>(
  current: readonly E[],
  incoming: readonly E[],
  capacity: number,
  seen: Set<string>,
): E[] {
  const fresh = incoming.filter((event) => {
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    return true;
  });
  if (fresh.length === 0) return current as E[];
  let next = current.concat(fresh);
  // Live batches are almost always newer; sort only when one arrived out of order.
  const boundary = current.length;
  if (boundary > 0 && fresh.some((event) => compareEvents(event, current[boundary - 1]!) < 0)) next.sort(compareEvents);
  if (next.length > capacity) {
    const dropped = next.slice(0, next.length - capacity);
    for (const event of dropped) seen.delete(event.id);
    next = next.slice(next.length - capacity);
  }
  return next;
}
