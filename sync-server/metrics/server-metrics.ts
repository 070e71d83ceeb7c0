/**
 * The server's Prometheus registry (prom-client): per-route request counts and
 * latency histograms, events accepted/rejected by kind, WebSocket connections, Yjs
 * docs, NATS state, rate-limit rejections. Other modules report through the small
 * `ServerMetrics` API; one instance per app (no global registry).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestObservation } from '../http/context';

/** NATS connection states as gauge values (arw_nats_state). */
export const NATS_STATES = { disabled: 0, connecting: 1, connected: 2, reconnecting: 3, closed: 4 } as const;
export type NatsState = keyof typeof NATS_STATES;

export interface ServerMetrics {
  readonly registry: Registry;
  observeRequest(observation: RequestObservation): void;
  eventAccepted(kind: string, count?: number): void;
  /** `reason` is a short catalog code (`event-invalid`, `sync-project-forbidden`, ...). */
  eventRejected(kind: string, reason: string, count?: number): void;
  /** `channel`: `sync` | `yjs` | `events` (SSE). */
  wsOpened(channel: string): void;
  wsClosed(channel: string): void;
  setYjsDocs(count: number): void;
  setNatsState(state: NatsState): void;
  rateLimited(group: string): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
}

/** Latency buckets in seconds (reference A.14: 5 ms … 10 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

/** A fresh registry with every family registered. */
export function createServerMetrics(options: { defaultMetrics?: boolean } = {}): ServerMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'arw_process_' });
  const requests = new Counter({ name: 'arw_http_requests_total', help: 'HTTP requests by method, route template and status.', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({ name: 'arw_http_request_duration_seconds', help: 'HTTP request latency by method and route template.', labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const events = new Counter({ name: 'arw_events_total', help: 'Events received by kind and outcome (accepted/rejected).', labelNames: ['kind', 'outcome', 'reason'], registers: [registry] });
  const ws = new Gauge({ name: 'arw_ws_connections', help: 'Open WebSocket/SSE connections by channel.', labelNames: ['channel'], registers: [registry] });
  const yjsDocs = new Gauge({ name: 'arw_yjs_docs_loaded', help: 'Yjs documents loaded in memory.', registers: [registry] });
  const nats = new Gauge({ name: 'arw_nats_state', help: 'NATS connection state: 0 disabled, 1 connecting, 2 connected, 3 reconnecting, 4 closed.', registers: [registry] });
  const limited = new Counter({ name: 'arw_rate_limited_total', help: 'Requests rejected with 429 by route group.', labelNames: ['group'], registers: [registry] });
  nats.set(0);
  yjsDocs.set(0);
  return {
    registry,
    observeRequest({ method, route, status, seconds }) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    eventAccepted: (kind, count = 1) => events.inc({ kind, outcome: 'accepted', reason: '' }, count),
    eventRejected: (kind, reason, count = 1) => events.inc({ kind, outcome: 'rejected', reason }, count),
    wsOpened: (channel) => ws.inc({ channel }),
    wsClosed: (channel) => ws.dec({ channel }),
    setYjsDocs: (count) => yjsDocs.set(count),
    setNatsState: (state) => nats.set(NATS_STATES[state]),
    rateLimited: (group) => limited.inc({ group }),
    render: () => registry.metrics(),
  };
}
