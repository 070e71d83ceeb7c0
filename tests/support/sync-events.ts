/** Valid test events for sync tests: ULIDs from the real clock, one actor per device. */
import { randomBytes } from 'node:crypto';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec/envelope';

/** Returns `make(n, options)` producing `n` `obs.recorded` events of `project` for `actor`. */
export function createTestEvents(actor: string, project = 'p1') {
  const clock = { now: () => Date.now() };
  const make = createEventFactory({ actor, clock, newId: createUlidFactory(clock.now, (n) => randomBytes(n)) });
  return (
    n: number,
    context: { kind?: 'obs.recorded' | 'episode.started'; corr_id?: string; project_id?: string } = {},
  ): EventEnvelope[] =>
    Array.from({ length: n }, (_, i) =>
      context.kind === 'episode.started'
        ? make(
            'episode.started',
            { agent: 'probe' },
            { project_id: context.project_id ?? project, ...(context.corr_id ? { corr_id: context.corr_id } : {}) },
          )
        : make(
            'obs.recorded',
            { source: actor, text: `${actor} #${i}` },
            { project_id: context.project_id ?? project, ...(context.corr_id ? { corr_id: context.corr_id } : {}) },
          ),
    );
}
