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
  // An episode makes most of its events within one millisecond: format each millisecond once.
  let lastMs = NaN;
  let lastTime = '';
  return (kind, payload, context = {}) => {
    const id = options.newId();
    const ms = options.clock.now();
    if (ms !== lastMs) {
      lastTime = isoTime(ms);
      lastMs = ms;
    }
    const event: EventEnvelope = { id, time: lastTime, kind, v: EVENT_KINDS[kind].v, actor: options.actor, payload };
    const fields = event as Record<string, unknown>;
    for (const key of Object.keys(context)) {
      const value = (context as Record<string, unknown>)[key];
      if (value !== undefined) fields[key] = value;
    }
    return event;
  };
}
