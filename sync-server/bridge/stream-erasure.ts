/**
 * Erasure in JetStream (SPEC §7): what a tombstone removes from the server's journal also
 * leaves the streams, or a new instance replaying them would bring it back. A thread's
 * Yjs updates share one subject (`arw.yjs.<doc>`): one purge. Events share subjects per
 * project and kind, so they are deleted one by one by the stream sequence their publish
 * was acknowledged with (storage/nats-seqs.ts keeps it), securely erased on disk.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM, yjsSubject, YJS_STREAM } from '../../core/nats';

export interface StreamErasure {
  /** Removes every stored `arw.yjs.<doc>` message; resolves with how many (0 once the bridge closed). */
  purgeYjs(doc: string): Promise<number>;
  /** Deletes these `ARW_EVENTS` messages (already gone ones are skipped); resolves with how many went. */
  deleteEvents(seqs: readonly number[]): Promise<number>;
}

/** `connected` resolves with the JetStream manager once connected, or undefined when the bridge closed. */
export function createStreamErasure(connected: () => Promise<{ jsm: JetStreamManager } | undefined>): StreamErasure {
  return {
    async purgeYjs(doc) {
      const clients = await connected();
      return clients ? (await clients.jsm.streams.purge(YJS_STREAM, { filter: yjsSubject(doc) })).purged : 0;
    },
    async deleteEvents(seqs) {
      const clients = await connected();
      if (!clients) return 0;
      let deleted = 0;
      for (const seq of seqs) {
        try {
          if (await clients.jsm.streams.deleteMessage(EVENTS_STREAM, seq, true)) deleted += 1;
        } catch (error) {
          // Another instance or an earlier try deleted it already: that is the wanted end state.
          if (!/no message found/i.test(String((error as Error)?.message))) throw error;
        }
      }
      return deleted;
    },
  };
}
