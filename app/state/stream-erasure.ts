/**
 * What the stream knows of erasures (SPEC §7): core's erasure index, folded from the
 * events the stream sees and seeded with the journal's record of erased episodes, so
 * the episodes view leaves out an erased episode whose `leases.*` events stay behind,
 * also after a reload. Owns no signal and no subscription: the stream calls it.
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
  /** Reads the journal's record of erased episodes (at load and after each erasure). */
  load(): Promise<void>;
  /** The episodes view without erased episodes. */
  visible(episodes: EpisodeSummary[]): EpisodeSummary[];
  /** True when `event` may hide episodes (a tombstone): the episodes view is then recomputed. */
  hides(event: EventEnvelope): boolean;
}

export function createStreamErasure(journal: Journal): StreamErasure {
  const index = createErasureIndex();
  return {
    fold: (event) => void foldErasure(index, event),
    async load() {
      const record = await journal.erasedEpisodes();
      for (const [conversation, corrIds] of Object.entries(record)) noteErasedEpisodes(index, conversation, corrIds);
    },
    visible: (episodes) => episodes.filter((episode) => !isErasedEpisode(index, episode.id)),
    hides: (event) => event.kind === TOMBSTONE_KIND,
  };
}
