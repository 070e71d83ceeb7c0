/**
 * The server's Prometheus registry (prom-client): per-route request counts and
 * latency histograms, events accepted/rejected by kind, WebSocket connections, Yjs
 * docs, NATS state and poison messages, rate-limit rejections. Other modules report
 * through the small `ServerMetrics` API; one instance per app (no global registry).
 * Every label value comes from a closed set (labels.ts): series never grow with input.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { EVENTS_STREAM, YJS_STREAM } from '../../core/nats';
import { POISON_REASONS, type PoisonReason } from '../bridge/types';
import type { RequestObservation } from '../http/context';
import { kindLabel, OTHER, reasonLabel } from './labels';

/** NATS connection states as gauge values (arw_nats_state). */
export const NATS_STATES = { disabled: 0, connecting: 1, connected: 2, reconnecting: 3, closed: 4 } as const;
export type NatsState = keyof typeof NATS_STATES;

export interface ServerMetrics {
  readonly registry: Registry;
  observeRequest(observation: RequestObservation): void;
  /** Kinds outside the vocabulary are counted as `kind="other"` (labels.ts). */
  eventAccepted(kind: string, count?: number): void;
  /** `reason`: `invalid:<envelope field>` (see `rejectReason`) or a catalog code; anything else counts as `other`. */
  eventRejected(kind: string, reason: string, count?: number): void;
  /** A stored event row that reads skip because it cannot be served (counted once per row). */
  eventUnreadable(): void;
  /** A NATS message terminated as poison, by stream (`ARW_EVENTS` / `ARW_YJS`) and reason. */
  natsPoison(stream: string, reason: PoisonReason): void;
  /** `channel`: `sync` | `yjs` | `events` (SSE). */
  wsOpened(channel: string): void;
  wsClosed(channel: string): void;
  setYjsDocs(count: number): void;
  setNatsState(state: NatsState): void;
  rateLimited(group: string): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
}

const STREAMS: ReadonlySet<string> = new Set([EVENTS_STREAM, YJS_STREAM]);

/** Latency buckets in seconds (reference A.14: 5 ms … 10 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

/** A fresh registry with every family registered. */
export function createServerMetrics(options: { defaultMetrics?: boolean } = {}): ServerMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'arw_process_' });
  const requests = new Counter({
    name: 'arw_http_requests_total',
    help: 'HTTP requests by method, route template and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'arw_http_request_duration_seconds',
    help: 'HTTP request latency by method and route template.',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const events = new Counter({
    name: 'arw_events_total',
    help: 'Events received by kind and outcome (accepted/rejected).',
    labelNames: ['kind', 'outcome', 'reason'],
    registers: [registry],
  });
  const ws = new Gauge({
    name: 'arw_ws_connections',
    help: 'Open WebSocket/SSE connections by channel.',
    labelNames: ['channel'],
    registers: [registry],
  });
  const yjsDocs = new Gauge({
    name: 'arw_yjs_docs_loaded',
    help: 'Yjs documents loaded in memory.',
    registers: [registry],
  });
  const nats = new Gauge({
    name: 'arw_nats_state',
    help: 'NATS connection state: 0 disabled, 1 connecting, 2 connected, 3 reconnecting, 4 closed.',
    registers: [registry],
  });
  const limited = new Counter({
    name: 'arw_rate_limited_total',
    help: 'Requests rejected with 429 by route group.',
    labelNames: ['group'],
    registers: [registry],
  });
  const poison = new Counter({
    name: 'arw_nats_poison_total',
    help: 'NATS messages terminated (never redelivered) because they cannot be parsed or validated, by stream and reason.',
    labelNames: ['stream', 'reason'],
    registers: [registry],
  });
  const unreadable = new Counter({
    name: 'arw_events_unreadable_total',
    help: 'Stored event rows skipped on read because they cannot be served (e.g. written by an older version).',
    registers: [registry],
  });
  nats.set(0);
  yjsDocs.set(0);
  return {
    registry,
    observeRequest({ method, route, status, seconds }) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    eventAccepted: (kind, count = 1) => events.inc({ kind: kindLabel(kind), outcome: 'accepted', reason: '' }, count),
    eventRejected: (kind, reason, count = 1) =>
      events.inc({ kind: kindLabel(kind), outcome: 'rejected', reason: reasonLabel(reason) }, count),
    eventUnreadable: () => unreadable.inc(),
    natsPoison: (stream, reason) =>
      poison.inc({
        stream: STREAMS.has(stream) ? stream : OTHER,
        reason: (POISON_REASONS as readonly string[]).includes(reason) ? reason : OTHER,
      }),
    wsOpened: (channel) => ws.inc({ channel }),
    wsClosed: (channel) => ws.dec({ channel }),
    setYjsDocs: (count) => yjsDocs.set(count),
    setNatsState: (state) => nats.set(NATS_STATES[state]),
    rateLimited: (group) => limited.inc({ group }),
    render: () => registry.metrics(),
  };
}
