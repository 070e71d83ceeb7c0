/**
 * The receiving half of a replication client: one cursor per subscribed project (the
 * highest `server_seq` received), and de-duplication of delivered events by id. A
 * cursor only moves forward, and only from `events` / `caught-up`, never from `pushed`:
 * an own event's seq can be ahead of another device's event not yet delivered.
 */

/** A subscription as `hello` / `subscribe` carry it. */
export interface CursorEntry {
  project_id: string;
  after: number;
}

export interface CursorBook {
  /** The cursor of `projectId` (0 when unknown). */
  get(projectId: string): number;
  /** Moves the cursor forward to `seq`; a lower value is ignored. */
  advance(projectId: string, seq: number): void;
  /** Adds a project at cursor 0 if it is not tracked yet. */
  track(projectId: string): void;
  /** Every tracked project with its cursor, for `hello`. */
  subscriptions(): CursorEntry[];
}

/** Creates a cursor book, optionally from saved cursors. */
export function createCursorBook(initial: readonly CursorEntry[] = []): CursorBook {
  const cursors = new Map<string, number>();
  for (const entry of initial) cursors.set(entry.project_id, Math.max(entry.after, cursors.get(entry.project_id) ?? 0));
  return {
    get: (projectId) => cursors.get(projectId) ?? 0,
    advance(projectId, seq) {
      if (seq > (cursors.get(projectId) ?? 0)) cursors.set(projectId, seq);
    },
    track(projectId) {
      if (!cursors.has(projectId)) cursors.set(projectId, 0);
    },
    subscriptions: () => [...cursors].map(([project_id, after]) => ({ project_id, after })),
  };
}
