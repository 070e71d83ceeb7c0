/**
 * Wires the server journal into the gated surface: the event store and read-models,
 * `GET /events`, `/events/tail`, `/state/*` (leases too) on the route registry (sync scopes
 * `events:read` / `state:read`, gating keys of the same name), and the `/sync`
 * replication hub. A token limited to some projects must name one (`project=`).
 */
import type { Context } from 'hono';
import type { Clock } from '../../core/lib/clock';
import type { EventLimits } from '../../spec/limits';
import { SYNC_MAX_FRAME_BYTES } from '../../spec/sync-protocol';
import type { Principal } from '../auth/authenticate';
import type { SessionRegistry } from '../auth/sessions';
import { hasScope } from '../auth/access';
import { problemResponse } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import type { AppEnv } from '../http/context';
import type { ReadRouteSink } from '../replication/http';
import { createServerReadModels, type ServerReadModels } from '../replication/read-model-state';
import { createServerLeases, type ServerLeases } from '../replication/lease-state';
import type { ServerLog } from '../log';
import { createSyncHub, type SyncHub, type SyncPrincipal } from '../replication/sync-hub';
import type { ServerDb } from '../storage/db';
import { createEventStore, type EventStore } from '../storage/event-store';
import { createReadModelSnapshots } from '../storage/read-model-snapshots';
import { mountEventRoutes } from './events';
import { mountStateRoutes } from './state';
import { mountLeaseRoutes } from './state-leases';

/** Bounds on incoming events (ARW_EVENT_MAX_DEPTH, ARW_EVENT_MAX_BYTES, ARW_EVENT_MAX_FUTURE_SECS). */
export interface JournalLimits {
  event: EventLimits;
  maxFutureSecs: number;
}

export interface JournalParts {
  events: EventStore;
  readModels: ServerReadModels;
  leases: ServerLeases;
  hub: SyncHub;
  close(): void;
}

/** A sink that declares read routes on the registry with their sync gate. */
export function registrySink(registry: RouteRegistry): ReadRouteSink {
  return (spec, handler) =>
    registry.route(
      {
        method: 'GET',
        path: spec.path,
        gate: { sync: spec.need },
        gatingKey: spec.need,
        description: spec.description,
        ...(spec.produces ? { produces: spec.produces } : {}),
        project: (c: Context<AppEnv>) => c.req.query('project'),
      },
      (c, { principal }) => {
        if (principal?.projects && c.req.query('project') === undefined) {
          const reach = principal.projects.join(', ') || '(none)';
          return problemResponse(
            'forbidden',
            `this token reaches only some projects (${reach}): add project=<id>`,
            c.req.path,
          );
        }
        return handler(c, principal);
      },
    );
}

/** What a sync socket may do, from the authenticated principal. */
export function syncPrincipalOf(principal: Principal): SyncPrincipal {
  const admin = principal.kind === 'admin';
  return {
    device: principal.label,
    projects: principal.projects ?? '*',
    canPush: admin || hasScope(principal, 'sync:push'),
    canRead: admin || hasScope(principal, 'events:read'),
  };
}

/** Opens the journal store over `db`, declares its routes and the /sync socket. */
export function mountJournal(
  registry: RouteRegistry,
  deps: {
    db: ServerDb;
    serverId: string;
    clock: Clock;
    log: ServerLog;
    sessions: SessionRegistry;
    onRejected?: (kind: string, reason: string) => void;
    onUnreadable?: () => void;
    limits?: JournalLimits;
  },
): JournalParts {
  const events = createEventStore(deps.db, {
    onListenerError: (error) => deps.log.error({ err: error }, 'journal listener failed'),
    ...(deps.onRejected ? { onRejected: deps.onRejected } : {}),
    onUnreadable: (seq, reason) => {
      deps.log.warn({ server_seq: seq, reason }, 'stored event skipped on read (not served, not folded)');
      deps.onUnreadable?.();
    },
    now: deps.clock.now,
    ...(deps.limits ? { limits: deps.limits.event, maxFutureMs: deps.limits.maxFutureSecs * 1000 } : {}),
  });
  const snapshots = createReadModelSnapshots(deps.db);
  const readModels = createServerReadModels(events, {
    onSkipped: (event, error) =>
      deps.log.warn({ server_seq: event.server_seq, kind: event.kind, err: error }, 'read-models skipped event'),
    snapshots,
    onSnapshotRefused: (scope, reason) =>
      deps.log.warn({ scope, reason }, 'read-model snapshot ignored (it does not fit): rebuilding from the journal'),
    onError: (error, what) => deps.log.error({ err: error }, `read-models: ${what} failed`),
    now: deps.clock.now,
  });
  const leases = createServerLeases(events, {
    onSkipped: (event, error) =>
      deps.log.warn({ server_seq: event.server_seq, kind: event.kind, err: error }, 'lease view skipped event'),
  });
  const hub = createSyncHub({ store: events, serverId: deps.serverId, clock: deps.clock, log: deps.log });
  const route = registrySink(registry);
  mountEventRoutes(route, { store: events, serverId: deps.serverId, clock: deps.clock, sessions: deps.sessions });
  mountStateRoutes(route, { readModels, clock: deps.clock });
  mountLeaseRoutes(route, { leases, clock: deps.clock });
  registry.upgrade(
    {
      path: '/sync',
      gate: { sync: 'events:read' },
      gatingKey: 'events:read',
      description:
        'WebSocket: event replication (hello/push/events, cursors, protocol version); ?token= (pushing needs sync:push).',
      channel: 'sync',
      maxPayload: SYNC_MAX_FRAME_BYTES,
    },
    (ws, { principal }) => hub.handleConnection(ws, syncPrincipalOf(principal)),
  );
  return {
    events,
    readModels,
    leases,
    hub,
    close: () => {
      hub.close();
      readModels.close();
      snapshots.close();
      leases.close();
    },
  };
}
