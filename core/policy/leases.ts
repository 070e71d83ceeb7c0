/**
 * The policy fold: live leases and the never-list from `leases.created|revoked|expired`,
 * `policy.never.added|removed` and the `policy.decision`s that spend a lease's budget.
 * Like the read-models it gives the same state whatever the order or repetition of
 * delivery (events replicate between devices), and indexes leases by capability so one
 * decision looks only at the grants that could match. Its memory is bounded by the leases,
 * not by the events: lease and never events are idempotent by their own ids, and the ids of
 * counted decisions are kept only per lease until it ends (issue 13: no fold keeps a set of
 * every event id).
 */
import type { EventEnvelope } from '../../spec';
import {
  LeasesCreatedSchema,
  LeasesExpiredSchema,
  LeasesRevokedSchema,
  PolicyDecisionSchema,
  PolicyNeverSchema,
} from '../../spec/payloads/policy';
import { parseRequestScope, scopeMatcher, type ScopeMatcher } from './scope';
import type { Lease, NeverRule, PermissionRequest } from './types';

/** SPEC §3: no lease outlives 24 h from its creation, whatever its event says. */
export const MAX_LEASE_MS = 86_400_000;

interface IndexedLease {
  lease: Lease;
  matches: ScopeMatcher;
  /** The event that created it: of two creations of one id, the lower event id wins. */
  eventId: string;
}

interface NeverEntry {
  rule: NeverRule;
  active: boolean;
  matches: ScopeMatcher;
  /** The newest add/remove decides (ULIDs sort by time). */
  eventId: string;
}

/** The folded state. Treat as read-only outside this module. */
export interface PolicyState {
  /** Bumped on every change (the `/state/leases` version). */
  version: number;
  readonly leases: Map<string, IndexedLease>;
  readonly byCapability: Map<string, IndexedLease[]>;
  /** Revoked or expired lease ids; kept so a revoke that arrives before its lease still wins. */
  readonly ended: Set<string>;
  /** Allowed decisions per lease id, each event counted once. */
  readonly uses: Map<string, number>;
  /** The decision ids counted per lease that has not ended: a repeat is not counted again. */
  readonly counted: Map<string, Set<string>>;
  readonly nevers: Map<string, NeverEntry>;
}

export function createPolicyState(): PolicyState {
  return {
    version: 0,
    leases: new Map(),
    byCapability: new Map(),
    ended: new Set(),
    uses: new Map(),
    counted: new Map(),
    nevers: new Map(),
  };
}

function unindex(state: PolicyState, entry: IndexedLease): void {
  const list = state.byCapability.get(entry.lease.capability);
  if (list === undefined) return;
  const rest = list.filter((other) => other !== entry);
  if (rest.length === 0) state.byCapability.delete(entry.lease.capability);
  else state.byCapability.set(entry.lease.capability, rest);
}

function endLease(state: PolicyState, leaseId: string): void {
  state.ended.add(leaseId);
  // An ended lease's uses no longer matter for any decision: forget which events they were.
  state.counted.delete(leaseId);
  const entry = state.leases.get(leaseId);
  if (entry === undefined) return;
  state.leases.delete(leaseId);
  unindex(state, entry);
}

function createLease(state: PolicyState, event: EventEnvelope): boolean {
  const parsed = LeasesCreatedSchema.safeParse(event.payload);
  if (!parsed.success) return false;
  const raw = parsed.data.lease;
  if (state.ended.has(raw.id)) return false;
  const earlier = state.leases.get(raw.id);
  if (earlier !== undefined && earlier.eventId <= event.id) return false;
  const created = Date.parse(raw.created);
  const lease: Lease = {
    id: raw.id,
    capability: raw.capability,
    subject: raw.subject,
    granted_by: raw.granted_by,
    created,
    ttl_until: Math.min(Date.parse(raw.ttl_until), created + MAX_LEASE_MS),
    ...(raw.scope === undefined ? {} : { scope: raw.scope }),
    ...(raw.reason === undefined ? {} : { reason: raw.reason }),
    ...(raw.budget === undefined ? {} : { budget: raw.budget }),
    ...(event.project_id === undefined ? {} : { project_id: event.project_id }),
  };
  if (earlier !== undefined) unindex(state, earlier);
  const entry: IndexedLease = { lease, matches: scopeMatcher(lease.scope), eventId: event.id };
  state.leases.set(lease.id, entry);
  const list = state.byCapability.get(lease.capability);
  if (list === undefined) state.byCapability.set(lease.capability, [entry]);
  else list.push(entry);
  return true;
}

const neverKey = (rule: NeverRule) => `${rule.capability}\u0000${rule.scope ?? ''}\u0000${rule.subject ?? ''}`;

function setNever(state: PolicyState, event: EventEnvelope, active: boolean): boolean {
  const parsed = PolicyNeverSchema.safeParse(event.payload);
  if (!parsed.success) return false;
  const { capability, scope, subject } = parsed.data;
  const rule: NeverRule = {
    capability,
    ...(scope === undefined ? {} : { scope }),
    ...(subject === undefined ? {} : { subject }),
  };
  const key = neverKey(rule);
  const earlier = state.nevers.get(key);
  if (earlier !== undefined && earlier.eventId >= event.id) return false;
  state.nevers.set(key, { rule, active, matches: scopeMatcher(rule.scope), eventId: event.id });
  return true;
}

function countUse(state: PolicyState, event: EventEnvelope): boolean {
  const parsed = PolicyDecisionSchema.safeParse(event.payload);
  if (!parsed.success || parsed.data.decision !== 'allow' || parsed.data.lease_id === undefined) return false;
  const leaseId = parsed.data.lease_id;
  if (state.ended.has(leaseId)) return false;
  let ids = state.counted.get(leaseId);
  if (ids === undefined) state.counted.set(leaseId, (ids = new Set()));
  if (ids.has(event.id)) return false;
  ids.add(event.id);
  state.uses.set(leaseId, (state.uses.get(leaseId) ?? 0) + 1);
  return true;
}

function applyKind(state: PolicyState, event: EventEnvelope): boolean {
  switch (event.kind) {
    case 'leases.created':
      return createLease(state, event);
    case 'leases.revoked':
    case 'leases.expired': {
      const parsed = (event.kind === 'leases.revoked' ? LeasesRevokedSchema : LeasesExpiredSchema).safeParse(
        event.payload,
      );
      if (!parsed.success || state.ended.has(parsed.data.lease_id)) return false;
      endLease(state, parsed.data.lease_id);
      return true;
    }
    case 'policy.never.added':
      return setNever(state, event, true);
    case 'policy.never.removed':
      return setNever(state, event, false);
    case 'policy.decision':
      return countUse(state, event);
    default:
      return false;
  }
}

/** Folds one event in (in place, for speed) and returns the state; other kinds and repeats change nothing. */
export function applyPolicyEvent(state: PolicyState, event: EventEnvelope): PolicyState {
  if (applyKind(state, event)) state.version += 1;
  return state;
}

function isLive(state: PolicyState, lease: Lease, now: number): boolean {
  return lease.ttl_until > now && (lease.budget === undefined || (state.uses.get(lease.id) ?? 0) < lease.budget);
}

/** Leases in force at `now` (not revoked, expired, past their TTL or spent), oldest first; optionally one project's. */
export function liveLeases(state: PolicyState, now: number, projectId?: string): Lease[] {
  const out: Lease[] = [];
  for (const { lease } of state.leases.values()) {
    if (!isLive(state, lease, now)) continue;
    if (projectId !== undefined && lease.project_id !== projectId) continue;
    out.push(lease);
  }
  return out.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Allowed uses counted against a lease so far. */
export function leaseUses(state: PolicyState, leaseId: string): number {
  return state.uses.get(leaseId) ?? 0;
}

/**
 * A live lease that allows `request`: same capability, a scope that covers the call's,
 * subject `*` or the caller's, and (when the lease was made in a project) the same project.
 */
export function findLease(
  state: PolicyState,
  request: Pick<PermissionRequest, 'capability' | 'scope' | 'subject' | 'projectId'>,
  now: number,
): Lease | undefined {
  const candidates = state.byCapability.get(request.capability);
  if (candidates === undefined) return undefined;
  const scope = parseRequestScope(request.scope);
  for (const { lease, matches } of candidates) {
    if (lease.subject !== '*' && lease.subject !== request.subject) continue;
    if (lease.project_id !== undefined && lease.project_id !== request.projectId) continue;
    if (isLive(state, lease, now) && matches(scope)) return lease;
  }
  return undefined;
}

/** The never-list in force (every project: a "never" is the safe direction everywhere). */
export function nevers(state: PolicyState): NeverRule[] {
  return [...state.nevers.values()].filter((entry) => entry.active).map((entry) => entry.rule);
}

/** The never rule that denies `request`, if any: same capability, subject unset/`*`/equal, scope covering. */
export function findNever(
  state: PolicyState,
  request: Pick<PermissionRequest, 'capability' | 'scope' | 'subject'>,
): NeverRule | undefined {
  if (state.nevers.size === 0) return undefined;
  const scope = parseRequestScope(request.scope);
  for (const entry of state.nevers.values()) {
    const { rule } = entry;
    if (!entry.active || rule.capability !== request.capability) continue;
    if (rule.subject !== undefined && rule.subject !== '*' && rule.subject !== request.subject) continue;
    if (entry.matches(scope)) return rule;
  }
  return undefined;
}
