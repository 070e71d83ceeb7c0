/**
 * Debug's side of `#/debug/episode/<corr_id>`: following the link selects the episode (the
 * sidecar shows it) and expands its row; the row is scrolled into view once it is listed
 * (after a reload, when the journal has been read). Says why a linked episode is not shown.
 */
import { createEffect, createMemo, on, type Accessor } from 'solid-js';

export interface EpisodeLinkDeps {
  /** The corr_id in the URL, if any. */
  linked: Accessor<string | undefined>;
  /** The rows Debug lists (filters applied). */
  listed: Accessor<readonly { id: string }[]>;
  /** Every episode this tab knows. */
  known: Accessor<readonly { id: string }[]>;
  /** True once the journal has been read (before, a missing episode may still come). */
  loaded: Accessor<boolean>;
  select(corrId: string): void;
  expand(corrId: string): void;
  scrollTo(corrId: string): void;
}

/** Why the linked episode has no row: filtered out, or not in this browser's journal. */
export type EpisodeLinkProblem = { corrId: string; reason: 'filtered' | 'missing' };

export function followEpisodeLink(deps: EpisodeLinkDeps): Accessor<EpisodeLinkProblem | undefined> {
  createEffect(
    on(deps.linked, (corrId) => {
      if (!corrId) return;
      deps.select(corrId);
      deps.expand(corrId);
    }),
  );
  // Scroll once per followed link, not again each time the list changes under it.
  let scrolledTo: string | undefined;
  createEffect(() => {
    const corrId = deps.linked();
    if (!corrId) scrolledTo = undefined;
    if (!corrId || scrolledTo === corrId || !deps.listed().some((episode) => episode.id === corrId)) return;
    scrolledTo = corrId;
    deps.scrollTo(corrId);
  });
  return createMemo((): EpisodeLinkProblem | undefined => {
    const corrId = deps.linked();
    if (!corrId || deps.listed().some((episode) => episode.id === corrId)) return undefined;
    if (deps.known().some((episode) => episode.id === corrId)) return { corrId, reason: 'filtered' };
    return deps.loaded() ? { corrId, reason: 'missing' } : undefined;
  });
}
