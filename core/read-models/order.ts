/**
 * The one total order read-models use for "newest" and "oldest": by `time`, then by
 * `id`. Envelope times are ISO-8601 UTC with milliseconds (SPEC E1), so they compare
 * as strings; the id breaks ties so the order never depends on arrival. `time` comes
 * from the client's clock: a server folds it no later than it received the event.
 */

/** The two fields that place an event in the order. */
export interface Ordered {
  readonly time: string;
  readonly id: string;
}

/** Negative when `a` comes before `b`, positive after, 0 for the same event. */
export function compareEvents(a: Ordered, b: Ordered): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Milliseconds since the epoch of an envelope time. */
export function timeMs(time: string): number {
  return Date.parse(time);
}

/**
 * `event` as a server folds it: a `time` later than `receivedMs` (when the server stored
 * it) becomes that moment, so a clock running ahead cannot keep an event "newest" or
 * inside a window longer than one that is right. Unknown receipt: the event as it is.
 */
export function clampToReceipt<E extends Ordered>(event: E, receivedMs: number | undefined): E {
  if (receivedMs === undefined || !(timeMs(event.time) > receivedMs)) return event;
  return { ...event, time: new Date(receivedMs).toISOString() };
}
