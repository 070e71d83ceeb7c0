/**
 * The server's lease view (SPEC §2 `/state/leases`, §3): core's policy fold over the
 * store's `leases.*` and `policy.*` events, one state for all projects and one per
 * project, rebuilt at start and kept from `onAppended`. Policy events are few beside the
 * journal, so every project's state is kept; the rebuild reads only those kinds, through
 * the kind index (its cost follows the policy rows, not the journal). An erasure
 * (SPEC §7) removes an episode's policy.* events (its leases stay): the states are rebuilt.
 */
import { randomBytes } from 'node:crypto';
import { applyPolicyEvent, createPolicyState, liveLeases, type PolicyState } from '../../core/policy';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { EventStore } from '../storage/event-store';

/** The kinds the fold reads (SQL prefix filter). */
export const POLICY_PREFIXES = ['leases.', 'policy.'] as const;

/** One item of `/state/leases`: times as ISO, with the milliseconds left at `now`. */
export interface LeaseItem {
  id: string;
  capability: string;
  scope?: string;
  subject: string;
  granted_by: string;
  created: string;
  ttl_until: string;
  time_left_ms: number;
}

export interface LeaseView {
  version: number;
  items: LeaseItem[];
}

export interface ServerLeases {
  /** Live leases at `now`, of one project or (undefined) of all. */
  view(projectId: string | undefined, now: number): LeaseView;
  /** Changes when the states are rebuilt (an erasure) or the server restarts: part of the ETag. */
  revision(): string;
  close(): void;
}

/** Folds `store` and follows it until `close()`; `onSkipped` hears of an event the fold threw on. */
export function createServerLeases(
  store: EventStore,
  options: { onSkipped?: (event: ServerEvent, error: unknown) => void } = {},
): ServerLeases {
  let all = createPolicyState();
  const byProject = new Map<string, PolicyState>();
  const apply = (event: ServerEvent) => {
    if (!POLICY_PREFIXES.some((prefix) => event.kind.startsWith(prefix))) return;
    try {
      applyPolicyEvent(all, event);
      if (event.project_id === undefined) return;
      let state = byProject.get(event.project_id);
      if (state === undefined) byProject.set(event.project_id, (state = createPolicyState()));
      applyPolicyEvent(state, event);
    } catch (error) {
      // One bad event must not take the view down (as the read-models, H3).
      options.onSkipped?.(event, error);
    }
  };
  // Through the kind index: the start reads the policy rows only, not the whole journal.
  const rebuild = () => {
    for (let cursor = 0; ;) {
      const rows = store.rowsOfKinds(cursor, POLICY_PREFIXES);
      if (rows.length === 0) return;
      rows.forEach((row) => apply(row.event));
      cursor = rows[rows.length - 1]!.event.server_seq;
    }
  };
  const boot = randomBytes(4).toString('hex');
  let rebuilds = 0;
  rebuild();
  const unsubscribe = store.onAppended((events) => events.forEach(apply));
  const stopErased = store.onErased(({ ids }) => {
    if (ids.length === 0) return;
    all = createPolicyState();
    byProject.clear();
    rebuilds += 1;
    rebuild();
  });

  return {
    view(projectId, now) {
      const state = projectId === undefined ? all : byProject.get(projectId);
      if (state === undefined) return { version: 0, items: [] };
      const items = liveLeases(state, now).map((lease): LeaseItem => ({
        id: lease.id,
        capability: lease.capability,
        ...(lease.scope === undefined ? {} : { scope: lease.scope }),
        subject: lease.subject,
        granted_by: lease.granted_by,
        created: new Date(lease.created).toISOString(),
        ttl_until: new Date(lease.ttl_until).toISOString(),
        time_left_ms: lease.ttl_until - now,
      }));
      return { version: state.version, items };
    },
    revision: () => `${boot}.${rebuilds}`,
    close: () => {
      unsubscribe();
      stopErased();
    },
  };
}
