/**
 * The registry of gating keys (SPEC §3, reference C.6) and of token scopes. Routes
 * name a key from here; `ARW_GATING_DENY` and `/admin/gating` deny keys by pattern.
 * docs/gating-keys.md is generated from this table (drift-checked in tests).
 */

export interface GatingKeyInfo {
  readonly id: string;
  readonly group: string;
  readonly summary: string;
  readonly stability: 'stable' | 'beta' | 'experimental';
}

const key = (
  id: string,
  group: string,
  summary: string,
  stability: GatingKeyInfo['stability'] = 'stable',
): GatingKeyInfo => ({ id, group, summary, stability });

export const GATING_KEYS: readonly GatingKeyInfo[] = [
  key('events:read', 'Sync', 'Read the event stream (`/events`, `/events/tail`).'),
  key('state:read', 'Sync', 'Read the server read-models (`/state/*`).'),
  key('sync:push', 'Sync', 'Replicate events to the server over `/sync`.'),
  key('yjs:connect', 'Sync', 'Join a collaborative Yjs document over `/yjs/:doc`.'),
  key('introspect:about', 'Introspection', 'Read `/about` (routes, gates, event kinds).'),
  key('introspect:spec', 'Introspection', 'Read the generated specs under `/spec/*`.'),
  key('introspect:metrics', 'Introspection', 'Read Prometheus metrics at `/metrics`.'),
  key('admin:tokens', 'Administration', 'List, create, rotate and revoke tokens.'),
  key('admin:gating', 'Administration', 'Read and replace the runtime gating deny list.'),
  key('admin:metrics', 'Administration', 'Read per-route metrics as JSON for the status page.'),
  key('admin:policies', 'Administration', 'List the Cedar policies the server decides with (`/admin/policies`).'),
  key('models:download', 'Models', 'Download a model.', 'beta'),
  key('tools:run', 'Tools', 'Run an agent tool.', 'beta'),
  key('feedback:apply', 'Feedback', 'Apply a feedback suggestion.', 'beta'),
  key('governor:set', 'Governor', 'Change the governor profile.', 'beta'),
  key('hierarchy:role:set', 'Hierarchy', 'Change this node’s hierarchy role.', 'beta'),
  key('rpu:trust:reload', 'Regulatory Provenance', 'Reload the capsule trust store.', 'beta'),
  key('queue:enqueue', 'Orchestration', 'Enqueue a job.', 'beta'),
];

/** Keys composed at runtime; `<id>` is a tool id such as `math.eval`. */
export const DYNAMIC_GATING_KEYS: readonly { pattern: string; summary: string }[] = [
  {
    pattern: 'io:ingress:tools.<id>',
    summary: 'Input to tool `<id>` (deny `io:ingress:tools.*` to stop all tool input).',
  },
  { pattern: 'io:egress:tools.<id>', summary: 'Output of tool `<id>` leaving the device or server.' },
];

/** Scopes an admin token may carry; `admin:*` carries all of them. */
export const ADMIN_SCOPES = ['admin:tokens', 'admin:gating', 'admin:metrics', 'admin:policies'] as const;
/** Scopes a project-scoped sync token may carry. */
export const SYNC_SCOPES = ['events:read', 'state:read', 'sync:push', 'yjs:connect'] as const;

export type AdminScope = (typeof ADMIN_SCOPES)[number];
export type SyncScope = (typeof SYNC_SCOPES)[number];

/** True when `id` is a registered static key. */
export function isGatingKey(id: string): boolean {
  return GATING_KEYS.some((info) => info.id === id) || /^io:(ingress|egress):tools\.[a-z0-9._-]+$/.test(id);
}
