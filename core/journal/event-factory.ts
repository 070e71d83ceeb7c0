/**
 * Builds envelopes for known kinds with ids, times and versions filled in. Clock and
 * id source are injected so tests and the probe agent are deterministic.
 */
import { EVENT_KINDS, type EventEnvelope, type EventKind, type PayloadOf, type Severity } from '../../spec';
import { isoTime, type Clock } from '../lib/clock';

export interface EventContext {
  corr_id?: string;
  span_id?: string;
  parent_id?: string;
  project_id?: string;
  code?: string;
  status?: string;
  severity?: Severity;
}

export type MakeEvent = <K extends EventKind>(kind: K, payload: PayloadOf<K>, context?: EventContext) => EventEnvelope;

/** Returns `make(kind, payload, context)` for one actor (a device or an agent). */
export function createEventFactory(options: { actor: string; clock: Clock; newId: () => string }): MakeEvent {
  return (kind, payload, context = {}) => {
    const event: EventEnvelope = {
      id: options.newId(),
      time: isoTime(options.clock.now()),
      kind,
      v: EVENT_KINDS[kind].v,
      actor: options.actor,
      payload: payload as Record<string, unknown>,
    };
    for (const [key, value] of Object.entries(context)) {
      if (value !== undefined) (event as Record<string, unknown>)[key] = value;
    }
    return event;
  };
}
