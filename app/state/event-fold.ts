/**
 * A journal fold kept live in the app: the events a service reads (history from the
 * journal, then the one stream's live events, which overlap) applied once each, with a
 * version signal that moves when something was applied. The recipes and projects services
 * use it; their folds are pure and live in core/.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { Journal } from '../../core/journal/types';
import type { EventEnvelope } from '../../spec';

export interface EventFold {
  /** Applies the events it accepts and has not seen; bumps `version` when any was applied. */
  fold(events: readonly EventEnvelope[]): void;
  version: Accessor<number>;
  /** Folds the journal's history of `kindPrefixes`, page by page (1000 events a page). */
  readAll(journal: Pick<Journal, 'query'>, kindPrefixes: readonly string[]): Promise<void>;
}

export function createEventFold(
  accept: (event: EventEnvelope) => boolean,
  apply: (event: EventEnvelope) => void,
): EventFold {
  // Only the accepted kinds' ids are kept (installs, project changes): few, unlike the journal.
  const seen = new Set<string>();
  const [version, setVersion] = createSignal(0);
  const fold = (events: readonly EventEnvelope[]) => {
    let changed = false;
    for (const event of events) {
      if (!accept(event) || seen.has(event.id)) continue;
      seen.add(event.id);
      apply(event);
      changed = true;
    }
    if (changed) setVersion((v) => v + 1);
  };
  return {
    version,
    fold,
    async readAll(journal, kindPrefixes) {
      let beforeSeq: number | undefined;
      do {
        const page = await journal.query({ kindPrefixes, limit: 1000, beforeSeq });
        fold(page.events);
        beforeSeq = page.nextBeforeSeq;
      } while (beforeSeq !== undefined);
    },
  };
}
