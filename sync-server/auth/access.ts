/**
 * Authorisation of one call: the route's gate (public / admin scope / sync scope),
 * the project a sync token may reach, and the gating deny list (deny wins). Order
 * (reference A.7): 401 before any gate evaluation, then 403 for scope or gating key.
 */
import type { GatingPolicy } from '../../core/gating/deny-list';
import { matchesGatingPattern } from '../../core/gating/deny-list';
import type { RouteGate } from '../../spec/http';
import type { AuthFailureReason, Principal } from './authenticate';

export type { RouteGate };

export type AccessDecision =
  | { ok: true; principal: Principal | undefined }
  | { ok: false; status: 401; code: 'unauthorized'; reason: AuthFailureReason; detail: string }
  | { ok: false; status: 403; code: 'forbidden' | 'gated'; detail: string; gatingKey?: string };

/** True when `principal` holds `scope` (admin scopes may use a trailing `*`, e.g. `admin:*`). */
export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.some((held) => matchesGatingPattern(held, scope));
}

/** True when `principal` may reach `project` (admins reach every project). */
export function canAccessProject(principal: Principal, project: string): boolean {
  return principal.projects === null || principal.projects.includes(project);
}

const FAILURE_DETAIL: Record<AuthFailureReason, string> = {
  missing: 'this route needs a token: Authorization: Bearer <token> (or X-ARW-Admin)',
  unknown: 'the token is not known',
  revoked: 'the token was revoked',
  expired: 'the token has expired',
};

export interface AccessRequest {
  gate: RouteGate;
  gatingKey?: string | undefined;
  /** Outcome of authentication (undefined principal with reason when it failed). */
  auth: { ok: true; principal: Principal } | { ok: false; reason: AuthFailureReason };
  /** Project the call touches, checked against a sync token's projects. */
  project?: string | undefined;
  /** When set, a token limited to some projects must name one: this is the refusal's detail. */
  projectRequired?: string | undefined;
  gating: GatingPolicy;
}

/** Decides one call; public routes ignore the token but still honour gating keys. */
export function decideAccess(request: AccessRequest): AccessDecision {
  const { gate, auth } = request;
  let principal: Principal | undefined;
  if (gate !== 'public') {
    if (!auth.ok)
      return { ok: false, status: 401, code: 'unauthorized', reason: auth.reason, detail: FAILURE_DETAIL[auth.reason] };
    principal = auth.principal;
    if ('admin' in gate) {
      if (principal.kind !== 'admin' || !hasScope(principal, gate.admin))
        return { ok: false, status: 403, code: 'forbidden', detail: `the token lacks the scope '${gate.admin}'` };
    } else if (principal.kind === 'sync' && !hasScope(principal, gate.sync)) {
      return { ok: false, status: 403, code: 'forbidden', detail: `the token lacks the scope '${gate.sync}'` };
    }
    if (request.project === undefined && request.projectRequired !== undefined && principal.projects !== null) {
      return { ok: false, status: 403, code: 'forbidden', detail: request.projectRequired };
    }
    if (request.project !== undefined && !canAccessProject(principal, request.project)) {
      return {
        ok: false,
        status: 403,
        code: 'forbidden',
        detail: `the token does not reach project '${request.project}'`,
      };
    }
  }
  if (request.gatingKey !== undefined) {
    const pattern = request.gating.deniedBy(request.gatingKey);
    if (pattern !== undefined) {
      return {
        ok: false,
        status: 403,
        code: 'gated',
        detail: `denied by gating key '${request.gatingKey}' (pattern '${pattern}')`,
        gatingKey: request.gatingKey,
      };
    }
  }
  return { ok: true, principal };
}
