/**
 * The bridge's bounded in-memory outbox: publishes wait here while NATS is unreachable
 * and drain when it returns. On overflow, Yjs updates of one document are first merged
 * into one (no edit is lost); only then are the oldest events dropped (and counted:
 * event replication can re-publish them from the server journal).
 */
import * as Y from 'yjs';

export interface OutboxItem {
  subject: string;
  data: Uint8Array;
  /** JetStream de-duplication id (events: the event id). */
  msgId?: string;
  /** Set for Yjs updates: the document, so overflow can merge per document. */
  doc?: string;
}

export interface Outbox {
  push(item: OutboxItem): void;
  /** Up to `n` oldest items, left in place until `remove`d. */
  peek(n: number): OutboxItem[];
  /** Removes these items (by identity) after they were published. */
  remove(items: readonly OutboxItem[]): void;
  size(): number;
  /** Events dropped on overflow since start. */
  dropped(): number;
}

/** Creates an outbox holding at most `capacity` items. */
export function createOutbox(capacity: number): Outbox {
  let items: OutboxItem[] = [];
  let dropped = 0;

  const mergeYjs = () => {
    const byDoc = new Map<string, OutboxItem[]>();
    for (const item of items) if (item.doc !== undefined) byDoc.set(item.doc, [...(byDoc.get(item.doc) ?? []), item]);
    const replaced = new Map<OutboxItem, OutboxItem | undefined>();
    for (const group of byDoc.values()) {
      if (group.length < 2) continue;
      const first = group[0]!;
      replaced.set(first, { ...first, data: Y.mergeUpdates(group.map((item) => item.data)) });
      for (const item of group.slice(1)) replaced.set(item, undefined);
    }
    items = items.flatMap((item) => (replaced.has(item) ? (replaced.get(item) ? [replaced.get(item)!] : []) : [item]));
  };

  return {
    push(item) {
      items.push(item);
      if (items.length <= capacity) return;
      mergeYjs();
      while (items.length > capacity) {
        const index = items.findIndex((candidate) => candidate.doc === undefined);
        if (index < 0) break;
        items.splice(index, 1);
        dropped += 1;
      }
    },
    peek: (n) => items.slice(0, n),
    remove(done) {
      const gone = new Set(done);
      items = items.filter((item) => !gone.has(item));
    },
    size: () => items.length,
    dropped: () => dropped,
  };
}
