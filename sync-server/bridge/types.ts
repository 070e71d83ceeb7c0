/**
 * The NATS bridge's public contract: states, health (for /healthz and `runtime.health`
 * events), deliveries and the bridge interface. Types and one pure mapping only.
 */
import type { EventEnvelope } from '../../spec';

/** Connection state reported on /healthz. */
export const BRIDGE_STATES = ['disabled', 'connecting', 'connected', 'reconnecting', 'closed'] as const;
export type BridgeState = (typeof BRIDGE_STATES)[number];

export interface BridgeHealth {
  state: BridgeState;
  servers: string[];
  /** Publishes waiting in the outbox. */
  pending: number;
  /** Events dropped because the outbox overflowed. */
  dropped: number;
  published: number;
  delivered: number;
  last_error?: string;
  /** ISO time of the last state change. */
  since: string;
}

/** One message given to a `subscribe` handler. */
export interface NatsDelivery {
  subject: string;
  data: Uint8Array;
  /** Stream sequence number. */
  seq: number;
  /** The publishing server instance, when it was one of ours. */
  serverId: string | undefined;
  json<T = unknown>(): T;
}

export interface SubscribeOptions {
  /** Durable consumer name: resumes after restarts; without it an ephemeral consumer sees only new messages. */
  durable?: string;
  /** Where a new consumer starts (default 'new'; durables usually want 'all'). */
  deliver?: 'all' | 'new';
}

/**
 * Why a consumed message was terminated (`term()`: never redelivered), the `reason` label
 * of `arw_nats_poison_total`. A closed set: message contents never become a label.
 */
export const POISON_REASONS = [
  'not-json',
  'envelope-invalid',
  'kind-unknown',
  'event-invalid',
  'subject-invalid',
  'yjs-malformed',
  'yjs-refused',
] as const;
export type PoisonReason = (typeof POISON_REASONS)[number];

/**
 * A handler's word on one remote message: stored (ack), or refused for good (term, counted
 * as poison). Throwing instead means "could not store now" (nak: redelivered later).
 */
export type RemoteVerdict = { ok: true } | { ok: false; reason: PoisonReason; detail: string };

/** Returning nothing counts as stored. */
export type RemoteEventHandler = (event: EventEnvelope) => RemoteVerdict | void | Promise<RemoteVerdict | void>;
export type RemoteYjsHandler = (
  doc: string,
  update: Uint8Array,
) => RemoteVerdict | void | Promise<RemoteVerdict | void>;

export interface NatsBridge {
  readonly serverId: string;
  state(): BridgeState;
  health(): BridgeHealth;
  /** Queues `event` for `arw.events.<project>.<kind>` with Nats-Msg-Id = event id. Never throws, never waits. */
  publishEvent(event: EventEnvelope): void;
  /** Queues a Yjs update for `arw.yjs.<doc>`. Never throws, never waits. */
  publishYjs(doc: string, update: Uint8Array): void;
  /**
   * Delivers events published by other instances: ack after the returned promise resolves,
   * term (poison) on a refusing verdict, nak (redelivery) when it throws. Messages that are
   * not JSON or not an envelope never reach the handler (terminated as poison).
   */
  onRemoteEvent(handler: RemoteEventHandler): void;
  /** Delivers Yjs updates published by other instances, as onRemoteEvent; updates that do not decode are poison. */
  onRemoteYjs(handler: RemoteYjsHandler): void;
  /** A topic-filtered consumer (e.g. `arw.events.*.policy.>`); returns a function that stops it. */
  subscribe(
    subjectPattern: string,
    handler: (delivery: NatsDelivery) => void | Promise<void>,
    options?: SubscribeOptions,
  ): () => void;
  /** Erasure (SPEC §7, stream-erasure.ts): purges a document's updates; waits for a connection. */
  purgeYjs(doc: string): Promise<number>;
  /** Erasure: deletes these `ARW_EVENTS` messages by stream sequence; waits for a connection. */
  deleteEvents(seqs: readonly number[]): Promise<number>;
  /** Resolves once the outbox is empty (or `timeoutMs` passes → false). */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Stops consumers and drains the connection. */
  close(): Promise<void>;
}

/** The `runtime.health` payload for the bridge (spec RuntimeHealthSchema, extra fields allowed). */
export function bridgeHealthPayload(
  health: BridgeHealth,
): { component: string; state: 'ok' | 'degraded' | 'down'; detail: string } & Record<string, unknown> {
  const state =
    health.state === 'connected' || health.state === 'disabled'
      ? 'ok'
      : health.state === 'closed'
        ? 'down'
        : 'degraded';
  const detail =
    health.state === 'disabled'
      ? 'NATS not configured'
      : `NATS ${health.state}${health.pending > 0 ? `, ${health.pending} waiting to publish` : ''}${health.last_error ? ` (last error: ${health.last_error})` : ''}`;
  return {
    component: 'nats',
    state,
    detail,
    nats_state: health.state,
    pending: health.pending,
    dropped: health.dropped,
  };
}
