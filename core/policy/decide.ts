/**
 * The pure decision (SPEC §3, §7): never-list or mode `never` → deny; mode `allow` →
 * allow; a live lease that covers the call → allow; otherwise ask. No IO and no clock of
 * its own: the decision point passes the state and `now`, and turns an `ask` into a prompt.
 */
import { findLease, findNever, type PolicyState } from './leases';
import type { ModeSetting, PermissionMode, PermissionRequest, Verdict } from './types';

/** The lease length offered when neither the mode nor the recipe says (SPEC §3: default 1 h). */
export const DEFAULT_TTL_SECS = 3600;
export const MIN_TTL_SECS = 1;
export const MAX_TTL_SECS = 86_400;

/** A TTL within SPEC §3's bounds (1 s to 24 h), whole seconds. */
export function clampTtl(secs: number): number {
  if (!Number.isFinite(secs)) return DEFAULT_TTL_SECS;
  return Math.min(MAX_TTL_SECS, Math.max(MIN_TTL_SECS, Math.round(secs)));
}

/** The bare mode and its lease length of a recipe's setting (unset → `ask`). */
export function modeOf(setting: ModeSetting | undefined): { mode: PermissionMode; ttl_secs?: number } {
  if (setting === undefined) return { mode: 'ask' };
  if (typeof setting === 'string') return { mode: setting };
  return setting.ttl_secs === undefined ? { mode: setting.mode } : { mode: setting.mode, ttl_secs: setting.ttl_secs };
}

/** `net:http on net://example.com`, for reasons. */
export function describeNeed(request: Pick<PermissionRequest, 'capability' | 'scope'>): string {
  return request.scope === undefined ? request.capability : `${request.capability} on ${request.scope}`;
}

export interface DecideContext {
  /** Overrides the request's own `mode` when given. */
  mode?: ModeSetting;
  state: PolicyState;
  /** Epoch ms. */
  now: number;
}

/** Decides `request` against the modes, the never-list and the live leases. */
export function decide(request: PermissionRequest, context: DecideContext): Verdict {
  const { mode, ttl_secs } = modeOf(context.mode ?? request.mode);
  const need = describeNeed(request);
  const never = findNever(context.state, request);
  if (never !== undefined) {
    const what = never.scope === undefined ? never.capability : `${never.capability} on ${never.scope}`;
    return { decision: 'deny', mode, reason: `${what} is on the never-list` };
  }
  if (mode === 'never') return { decision: 'deny', mode, reason: `${request.tool} is set to never (${need})` };
  if (mode === 'allow') return { decision: 'allow', mode, reason: `${request.tool} is set to allow (${need})` };
  const lease = findLease(context.state, request, context.now);
  if (lease !== undefined) {
    const until = new Date(lease.ttl_until).toISOString();
    return { decision: 'allow', mode, lease_id: lease.id, reason: `lease ${lease.id} allows ${need} until ${until}` };
  }
  return {
    decision: 'ask',
    mode,
    ttl_secs: clampTtl(ttl_secs ?? DEFAULT_TTL_SECS),
    reason: `no lease allows ${need} for ${request.subject}`,
  };
}
