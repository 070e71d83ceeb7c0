/**
 * One tool call as a Cedar request (issue 14): principal = the agent (`Agent::"recipe:x"`
 * with its kind, name and version), action = the capability (`Action::"net:http"`),
 * resource = the scope (`Resource::"net://example.org"` with host, path, project), and a
 * context with the tool's manifest, the project, the device, the mode, the lease and the
 * time. Every attribute is always present (empty string, 0) so policies need no `has`.
 */
import { parseRequestScope } from '../scope';
import type { PermissionRequest, PolicyFacts, ToolManifest } from '../types';
import { CEDAR_TYPES } from './schema';

type Uid = { type: string; id: string };
type Value = string | number | boolean | Value[] | { [key: string]: Value } | { __entity: Uid };

export interface CedarEntity {
  uid: Uid;
  attrs: Record<string, Value>;
  parents: Uid[];
}

export interface CedarRequest {
  principal: Uid;
  action: Uid;
  resource: Uid;
  context: Record<string, Value>;
  entities: CedarEntity[];
}

/** The resource id of a call without a scope. */
export const NO_SCOPE = 'none';

/** `recipe:x` → kind `recipe`, name `x`; anything without a known prefix is a device actor. */
export function agentOf(subject: string): { kind: string; name: string } {
  const match = /^(recipe|agent|model):(.*)$/.exec(subject);
  return match === null ? { kind: 'device', name: subject } : { kind: match[1]!, name: match[2]! };
}

function resourceAttrs(scope: string | undefined, projectId: string | undefined): Record<string, Value> {
  const base = { scope: scope ?? '', kind: 'none', host: '', port: 0, path: '', access: '', project: projectId ?? '' };
  const parsed = parseRequestScope(scope);
  if (parsed === undefined) return base;
  switch (parsed.scheme) {
    case 'net':
      return { ...base, kind: 'net', host: parsed.host, port: parsed.port ?? 0 };
    case 'path':
      return { ...base, kind: 'path', path: parsed.segments.join('/') };
    case 'project':
      return { ...base, kind: 'project', access: parsed.access };
    case 'other':
      return { ...base, kind: /^([a-z][a-z0-9+.-]*):/.exec(parsed.raw)?.[1] ?? 'other' };
    default:
      return { ...base, kind: 'invalid' };
  }
}

function toolEntity(name: string, manifest: ToolManifest | undefined): CedarEntity {
  const permissions = manifest?.permissions ?? [];
  return {
    uid: { type: CEDAR_TYPES.tool, id: name },
    attrs: {
      name,
      version: manifest?.version ?? '',
      capabilities: [...new Set(permissions.map((p) => p.capability))],
      permissions: permissions.map((p) => ({ capability: p.capability, scope: p.scope ?? '', reason: p.reason })),
    },
    parents: [],
  };
}

export interface RequestDeps {
  device: string;
  tool(name: string): ToolManifest | undefined;
}

/** The Cedar request for `request`, given what the modes and leases said (`facts`). */
export function cedarRequestFor(request: PermissionRequest, facts: PolicyFacts, deps: RequestDeps): CedarRequest {
  const principal = { type: CEDAR_TYPES.agent, id: request.subject };
  const resource = { type: CEDAR_TYPES.resource, id: request.scope ?? NO_SCOPE };
  const tool = toolEntity(request.tool, deps.tool(request.tool));
  const at = new Date(facts.now);
  const lease = facts.lease;
  return {
    principal,
    action: { type: CEDAR_TYPES.action, id: request.capability },
    resource,
    context: {
      tool: { __entity: tool.uid },
      capability: request.capability,
      project: request.projectId ?? '',
      device: deps.device,
      mode: facts.mode,
      lease: {
        present: lease !== undefined,
        id: lease?.id ?? '',
        ttl_left_secs: lease === undefined ? 0 : Math.max(0, Math.floor((lease.ttl_until - facts.now) / 1000)),
      },
      time: { hour: at.getHours(), minute: at.getMinutes(), weekday: at.getDay() },
    },
    entities: [
      { uid: principal, attrs: { ...agentOf(request.subject), version: request.subjectVersion ?? '' }, parents: [] },
      { uid: resource, attrs: resourceAttrs(request.scope, request.projectId), parents: [] },
      tool,
    ],
  };
}
