/**
 * One writer per device (issue 3, item 8): the tab holding the Web Lock
 * `arw-sync-leader` is the only one that opens sync sockets. The lock is held for the
 * life of the tab; when that tab closes the browser grants it to the next waiting tab
 * at once, which takes over from the send position saved in IndexedDB.
 */

export const LEADER_LOCK = 'arw-sync-leader';

/** The part of `navigator.locks` used here. */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

export interface LeaderElection {
  isLeader(): boolean;
  /** Gives up leadership (or the place in the queue). */
  release(): void;
}

/**
 * Queues for the lock and calls `onLeader` once it is granted. Without Web Locks
 * (very old browsers) the tab leads alone: two such tabs could both sync, which the
 * server's de-duplication by id keeps correct, only wasteful.
 */
export function electLeader(
  onLeader: () => void,
  locks: LockManagerLike | undefined,
  name = LEADER_LOCK,
): LeaderElection {
  let leader = false;
  let released = false;
  let release = () => {};
  if (!locks) {
    leader = true;
    queueMicrotask(onLeader);
    return { isLeader: () => leader, release: () => void (leader = false) };
  }
  const held = new Promise<void>((resolve) => (release = resolve));
  void locks
    .request(name, async () => {
      if (released) return;
      leader = true;
      onLeader();
      await held;
      leader = false;
    })
    .catch(() => undefined);
  return {
    isLeader: () => leader,
    release() {
      released = true;
      release();
    },
  };
}
