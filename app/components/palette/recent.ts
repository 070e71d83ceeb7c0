/**
 * The palette's recent items: ids of what was run last, newest first, capped and kept in
 * local storage so they lead the list after a reload. Storage that throws or holds
 * something else is treated as empty; the list then lasts for the session.
 */
import { createSignal, type Accessor } from 'solid-js';

export const RECENT_KEY = 'arw:palette:recent';
export const RECENT_CAP = 12;

export interface RecentItems {
  /** Item ids, most recently used first. */
  ids: Accessor<readonly string[]>;
  /** Moves `id` to the front (adding it), dropping the oldest past the cap. */
  use(id: string): void;
}

function read(store: Pick<Storage, 'getItem'> | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((id): id is string => typeof id === 'string').slice(0, RECENT_CAP)
      : [];
  } catch {
    return [];
  }
}

export function createRecentItems(
  store: Pick<Storage, 'getItem' | 'setItem'> | undefined,
  cap = RECENT_CAP,
): RecentItems {
  const [ids, setIds] = createSignal<readonly string[]>(read(store));
  return {
    ids,
    use(id) {
      const next = [id, ...ids().filter((other) => other !== id)].slice(0, cap);
      setIds(next);
      try {
        store?.setItem(RECENT_KEY, JSON.stringify(next));
      } catch {
        // Storage full or blocked: recents last for this session.
      }
    },
  };
}
