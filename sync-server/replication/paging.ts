/**
 * Pages of a `/state/*` view (issue 13 item 6): `limit` items after an opaque cursor, and
 * `next_cursor` when more remain. A cursor is the base64url JSON of the last item's sort
 * key, and a page starts at the first item ordered after it: an item that left the view
 * meanwhile (evicted, out of its window) does not shift the next page, and none is
 * served twice. Orders: episodes newest activity first (`last` descending, then id);
 * stage items oldest first by (time, id); leases by (created, id); beliefs by position.
 */

/** A sort key: what a cursor holds. */
export type SortKey = readonly (string | number)[];

/** How the items of one view are ordered. */
export interface ViewOrder<T> {
  /** The key of an item (its shape is what a cursor of this view must have). */
  key(item: T, index: number): SortKey;
  /** Negative when key `a` comes before key `b`. */
  compare(a: SortKey, b: SortKey): number;
  /** Says whether a decoded cursor has this order's shape. */
  fits(key: SortKey): boolean;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

const byText = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const strings = (n: number) => (key: SortKey) => key.length === n && key.every((part) => typeof part === 'string');

/** Stage items and anything ordered oldest → newest by (time, id). */
export const TIME_ID_ORDER: ViewOrder<{ time: string; id: string }> = {
  key: (item) => [item.time, item.id],
  compare: (a, b) => byText(a[0]!, b[0]!) || byText(a[1]!, b[1]!),
  fits: strings(2),
};

/** Episodes: newest activity first (`last` descending), then id ascending (core's view order). */
export const EPISODE_ORDER: ViewOrder<{ last: string; id: string }> = {
  key: (item) => [item.last, item.id],
  compare: (a, b) => byText(b[0]!, a[0]!) || byText(a[1]!, b[1]!),
  fits: strings(2),
};

/** Leases: by creation, then id (core's liveLeases order). */
export const LEASE_ORDER: ViewOrder<{ created: string; id: string }> = {
  key: (item) => [item.created, item.id],
  compare: TIME_ID_ORDER.compare,
  fits: strings(2),
};

/** Beliefs have no id: their position in the current set. */
export const POSITION_ORDER: ViewOrder<unknown> = {
  key: (_item, index) => [index],
  compare: (a, b) => (a[0] as number) - (b[0] as number),
  fits: (key) => key.length === 1 && Number.isSafeInteger(key[0]) && (key[0] as number) >= 0,
};

export const encodeCursor = (key: SortKey): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** The key in `cursor` when it is one of `order`'s, else undefined. */
export function decodeCursor(cursor: string, order: ViewOrder<never>): SortKey | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || !key.every((part) => typeof part === 'string' || typeof part === 'number'))
      return undefined;
    return order.fits(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Up to `limit` items of `items` (already in `order`) after `after`, with the cursor of the next page. */
export function pageOf<T>(items: readonly T[], order: ViewOrder<T>, limit: number, after?: SortKey): Page<T> {
  let from = 0;
  if (after !== undefined) {
    // Binary search: the first item ordered after the cursor.
    let high = items.length;
    while (from < high) {
      const mid = (from + high) >>> 1;
      if (order.compare(order.key(items[mid]!, mid), after) <= 0) from = mid + 1;
      else high = mid;
    }
  }
  const page = items.slice(from, from + limit);
  const last = from + page.length - 1;
  return from + limit < items.length && page.length > 0
    ? { items: page, next_cursor: encodeCursor(order.key(items[last]!, last)) }
    : { items: page };
}
