/**
 * What the stream knows of erasures (SPEC §7): core's erasure index, folded from the
 * events the stream sees and seeded with the journal's record of erased episodes and
 * its tombstones, so the episodes view leaves out an erased episode whose `leases.*`
 * events stay behind, also after a reload or a start from a read-model snapshot. Owns
 * no signal and no subscription: the stream calls it.
 */
import type { Journal } from '../../core/journal/types';
import type { EventEnvelope } from '../../spec';
import type { EpisodeSummary } from '../../core/read-models';
import {
  createErasureIndex,
  foldErasure,
  isErasedEpisode,
  noteErasedEpisodes,
  TOMBSTONE_KIND,
} from '../../core/read-models/erasure';

export interface StreamErasure {
  fold(event: EventEnvelope): void;
  /**
   * Reads the journal's record of erased episodes and its tombstones (at load and after
   * each erasure): a start from a read-model snapshot folds only the newest events, so
   * older tombstones must come from the journal. Costs what was deleted, not the journal.
   */
  load(): Promise<void>;
  /** Corr ids in the journal's record as last loaded (a snapshot notes it: SPEC §8). */
  recordSize(): number;
  /** The episodes view without erased episodes. */
  visible(episodes: EpisodeSummary[]): EpisodeSummary[];
  /** True when `event` may hide episodes (a tombstone): the episodes view is then recomputed. */
  hides(event: EventEnvelope): boolean;
}

export function createStreamErasure(journal: Journal): StreamErasure {
  const index = createErasureIndex();
  let recordSize = 0;
  return {
    fold: (event) => void foldErasure(index, event),
    async load() {
      const record = await journal.erasedEpisodes();
      recordSize = 0;
      for (const [conversation, corrIds] of Object.entries(record)) {
        noteErasedEpisodes(index, conversation, corrIds);
        recordSize += corrIds.length;
      }
      for (let beforeSeq: number | undefined; ;) {
        const query = { kindPrefixes: [TOMBSTONE_KIND], limit: 1000 };
        const page = await journal.query(beforeSeq === undefined ? query : { ...query, beforeSeq });
        for (const event of page.events) foldErasure(index, event);
        if (page.nextBeforeSeq === undefined) break;
        beforeSeq = page.nextBeforeSeq;
      }
    },
    recordSize: () => recordSize,
    // An episode whose start came before the snapshot is not in the index: its summary names its conversation.
    visible: (episodes) =>
      episodes.filter(
        (episode) =>
          !isErasedEpisode(index, episode.id) &&
          !(episode.conversation_id !== undefined && index.erased.has(episode.conversation_id)),
      ),
    hides: (event) => event.kind === TOMBSTONE_KIND,
  };
}
