/**
 * The per-route gate, for HTTP routes and raw WebSocket upgrades alike: sliding-window
 * rate limits (per IP, then per token; failed auth costs the IP more), authentication,
 * scope, project and gating key. Returns a decision plus RateLimit-* headers.
 */
import type { SlidingWindowLimiter, RateDecision } from '../../core/rate-limit/sliding-window';
import type { GatingPolicy } from '../../core/gating/deny-list';
import { decideAccess, type RouteGate } from '../auth/access';
import type { Authenticator, Principal } from '../auth/authenticate';

export type RateGroup = 'public' | 'sync' | 'admin';

export interface GuardInput {
  ip: string;
  token: string | undefined;
  gate: RouteGate;
  gatingKey?: string | undefined;
  project?: string | undefined;
  /** Refusal detail when a token limited to some projects names no project (see decideAccess). */
  projectRequired?: string | undefined;
}

export type GuardResult =
  | { ok: true; principal: Principal | undefined; headers: Record<string, string> }
  | {
      ok: false;
      status: 401 | 403 | 429;
      code: 'unauthorized' | 'forbidden' | 'gated' | 'rate-limited';
      detail: string;
      gatingKey?: string;
      headers: Record<string, string>;
    };

export interface GuardDeps {
  authenticator: Authenticator;
  gating: GatingPolicy;
  limiters: Record<RateGroup, SlidingWindowLimiter>;
  /** Cost charged to the IP for a failed authentication (≥ 1). */
  authFailureCost: number;
  onRateLimited?: (group: RateGroup) => void;
}

export interface Guard {
  evaluate(input: GuardInput): GuardResult;
  readonly gating: GatingPolicy;
  readonly authenticator: Authenticator;
}

/** The rate-limit group of a gate. */
export function rateGroupOf(gate: RouteGate): RateGroup {
  return gate === 'public' ? 'public' : 'admin' in gate ? 'admin' : 'sync';
}

function rateHeaders(decisions: RateDecision[]): Record<string, string> {
  const tightest = decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(tightest.limit),
    'RateLimit-Remaining': String(tightest.remaining),
    'RateLimit-Reset': String(Math.ceil(tightest.resetMs / 1000)),
  };
  const denied = decisions.find((d) => !d.allowed);
  if (denied) headers['Retry-After'] = String(Math.max(1, Math.ceil(denied.retryAfterMs / 1000)));
  return headers;
}

/** Builds the guard over shared limiters, authenticator and gating policy. */
export function createGuard(deps: GuardDeps): Guard {
  const limited = (group: RateGroup, decisions: RateDecision[]): GuardResult => {
    deps.onRateLimited?.(group);
    return {
      ok: false,
      status: 429,
      code: 'rate-limited',
      detail: `rate limit exceeded for ${group} routes`,
      headers: rateHeaders(decisions),
    };
  };
  return {
    gating: deps.gating,
    authenticator: deps.authenticator,
    evaluate(input) {
      const group = rateGroupOf(input.gate);
      const limiter = deps.limiters[group];
      const ipKey = `ip:${input.ip}`;
      const byIp = limiter.hit(ipKey);
      if (!byIp.allowed) return limited(group, [byIp]);
      const auth =
        input.gate === 'public'
          ? ({ ok: false, reason: 'missing' } as const)
          : deps.authenticator.authenticate(input.token);
      const decisions = [byIp];
      if (!auth.ok && input.gate !== 'public' && input.token !== undefined)
        limiter.charge(ipKey, deps.authFailureCost - 1);
      if (auth.ok) {
        const byToken = limiter.hit(`token:${auth.principal.fingerprint}`);
        decisions.push(byToken);
        if (!byToken.allowed) return limited(group, decisions);
      }
      const access = decideAccess({
        gate: input.gate,
        gatingKey: input.gatingKey,
        auth,
        project: input.project,
        projectRequired: input.projectRequired,
        gating: deps.gating,
      });
      const headers = rateHeaders(decisions);
      if (access.ok) return { ok: true, principal: access.principal, headers };
      return {
        ok: false,
        status: access.status,
        code: access.code,
        detail: access.detail,
        ...('gatingKey' in access && access.gatingKey ? { gatingKey: access.gatingKey } : {}),
        headers,
      };
    },
  };
}
