/**
 * Ends this device's leases on time: each lease it granted gets one `leases.expired`
 * when its `ttl_until` passes (one timer for the soonest, re-armed on every change).
 * Leases of other devices are left to them; the fold treats them as ended by time.
 */
import type { EventEnvelope } from '../../spec';
import type { Clock } from '../../core/lib/clock';
import type { Scheduler } from './scheduler';

export interface OwnLease {
  id: string;
  ttl_until: number;
  project_id?: string;
}

export interface LeaseExpiryDeps {
  actor: string;
  scheduler: Scheduler;
  clock: Clock;
  /** Writes `leases.expired` for these leases (and folds it). */
  expire(leases: OwnLease[]): Promise<void>;
  onError(error: unknown): void;
}

export interface LeaseExpiry {
  /** Takes note of a lease event (created, revoked, expired); others are ignored. */
  note(event: EventEnvelope): void;
  /** Expires what is due now and sets the timer for the next one. */
  rearm(): void;
  /** This device's leases that have not ended yet (for tests and diagnostics). */
  open(): OwnLease[];
}

/** setTimeout's longest delay; a later end is re-armed when that timer fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;

function createdLease(
  payload: Record<string, unknown>,
): { id: string; granted_by: string; ttl_until: number } | undefined {
  const lease = payload['lease'] as Record<string, unknown> | undefined;
  if (!lease || typeof lease['id'] !== 'string' || typeof lease['ttl_until'] !== 'string') return undefined;
  return { id: lease['id'], granted_by: String(lease['granted_by']), ttl_until: Date.parse(lease['ttl_until']) };
}

export function createLeaseExpiry(deps: LeaseExpiryDeps): LeaseExpiry {
  const mine = new Map<string, OwnLease>();
  const ended = new Set<string>();
  const writing = new Set<string>();

  const rearm = () => {
    deps.scheduler.cancel('expire');
    const at = deps.clock.now();
    const due: OwnLease[] = [];
    let next = Infinity;
    for (const lease of mine.values()) {
      if (writing.has(lease.id)) continue;
      if (lease.ttl_until <= at) due.push(lease);
      else next = Math.min(next, lease.ttl_until);
    }
    if (due.length > 0) {
      for (const lease of due) writing.add(lease.id);
      // A failed write leaves the lease open: the next change (or start) tries again.
      deps
        .expire(due)
        .catch(deps.onError)
        .finally(() => {
          for (const lease of due) writing.delete(lease.id);
        });
    }
    if (next !== Infinity) deps.scheduler.once('expire', Math.min(next - at, MAX_DELAY_MS), rearm);
  };

  return {
    note(event) {
      if (event.kind === 'leases.created') {
        const lease = createdLease(event.payload);
        if (!lease || ended.has(lease.id) || lease.granted_by !== deps.actor || Number.isNaN(lease.ttl_until)) return;
        mine.set(lease.id, {
          id: lease.id,
          ttl_until: lease.ttl_until,
          ...(event.project_id === undefined ? {} : { project_id: event.project_id }),
        });
      } else if (event.kind === 'leases.revoked' || event.kind === 'leases.expired') {
        const id = event.payload['lease_id'];
        if (typeof id !== 'string') return;
        ended.add(id);
        mine.delete(id);
      }
    },
    rearm,
    open: () => [...mine.values()],
  };
}
