/**
 * A journal fold kept live in the app: the events a service reads (history from the
 * journal, then the one stream's live events, which overlap) applied once each, with a
 * version signal that moves when something was applied. The recipes and projects services
 * use it; their folds are pure and live in core/.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { EventEnvelope } from '../../spec';

export interface EventFold {
  /** Applies the events it accepts and has not seen; bumps `version` when any was applied. */
  fold(events: readonly EventEnvelope[]): void;
  version: Accessor<number>;
}

export function createEventFold(
  accept: (event: EventEnvelope) => boolean,
  apply: (event: EventEnvelope) => void,
): EventFold {
  // Only the accepted kinds' ids are kept (installs, project changes): few, unlike the journal.
  const seen = new Set<string>();
  const [version, setVersion] = createSignal(0);
  return {
    version,
    fold(events) {
      let changed = false;
      for (const event of events) {
        if (!accept(event) || seen.has(event.id)) continue;
        seen.add(event.id);
        apply(event);
        changed = true;
      }
      if (changed) setVersion((v) => v + 1);
    },
  };
}
