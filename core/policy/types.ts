/**
 * The shapes of the one decision point (SPEC §3, §7): what a tool call asks for, what a
 * recipe's modes say, a live lease, and the answer. `core/policy/` owns the logic;
 * callers (the agent loop, the workflow runner, the palette) only see these types.
 */

/** `ask` prompts the person; `allow` runs without asking; `never` denies without asking. */
export type PermissionMode = 'ask' | 'allow' | 'never';

/** A mode as a recipe declares it: the bare word, or with the lease length an allow grants. */
export type ModeSetting = PermissionMode | { mode: PermissionMode; ttl_secs?: number };

/** What one tool call needs, derived from its arguments by the tool's definition. */
export interface PermissionNeed {
  /** A capability of SPEC §3, e.g. `net:http`, `fs:write`, `project:read`. */
  capability: string;
  /** The scope the call touches, e.g. `net://example.com`, `path://notes/a.md`, `project://write`. */
  scope?: string;
}

/** One question to the decision point: this subject wants to make this call. */
export interface PermissionRequest extends PermissionNeed {
  /** Who asks: `recipe:<id>`, `agent:<id>` or a device actor. */
  subject: string;
  /** The tool being called, for the prompt's words. */
  tool: string;
  /** The mode the recipe (or the chat agent's defaults) sets for this tool; `ask` when unset. */
  mode?: ModeSetting;
  /** The episode the call belongs to; every policy event carries it. */
  corrId?: string;
  projectId?: string;
  /** Plain words on why the agent wants it (shown in the prompt). */
  reason?: string;
  /** The recipe's version when the subject is a recipe (a Cedar principal attribute). */
  subjectVersion?: string;
}

/** A time-limited grant (SPEC §3 lease fields). Times are epoch milliseconds here; ISO in events. */
export interface Lease {
  id: string;
  capability: string;
  scope?: string;
  /** The recipe/agent/device the lease is for; `*` for anyone on this person's devices. */
  subject: string;
  granted_by: string;
  reason?: string;
  created: number;
  ttl_until: number;
  budget?: number;
  project_id?: string;
}

/** A "never" the person set: this capability (optionally only this scope) is denied without asking. */
export interface NeverRule {
  capability: string;
  scope?: string;
  subject?: string;
}

/** The pure answer: allow, deny or ask the person, with the reason in plain words. */
export type Verdict =
  | { decision: 'allow'; reason: string; lease_id?: string; mode: PermissionMode }
  | { decision: 'deny'; reason: string; mode: PermissionMode }
  | { decision: 'ask'; reason: string; mode: PermissionMode; ttl_secs?: number };

/** One thing a tool may touch, as its permission manifest declares it (issue 14). */
export interface ToolPermission {
  capability: string;
  /** A scope pattern the tool's calls stay within, e.g. `net://*`, `path://**`. */
  scope?: string;
  /** Plain words on why the tool needs it. */
  reason: string;
}

/** A tool as the policy engine sees it: its id, version and permission manifest. */
export interface ToolManifest {
  id: string;
  version?: string;
  permissions: readonly ToolPermission[];
}

/** What the modes and leases already said about a request, handed to the engine as context. */
export interface PolicyFacts {
  mode: PermissionMode;
  /** Epoch ms of the decision. */
  now: number;
  /** The live lease that covers the call, if any. */
  lease?: { id: string; ttl_until: number };
}

/** A policy engine's answer: whether it forbids, why, and which policies decided. */
export interface EngineVerdict {
  forbid: boolean;
  reason?: string;
  /** The forbidding policies on a forbid, the permitting ones otherwise. */
  policy_ids?: string[];
}

/**
 * The slot a policy engine (Cedar) plugs into: it may only forbid, on top of the modes
 * and leases (SPEC §7). A throw or a rejected promise is a deny (fail closed).
 */
export interface PolicyEngine {
  forbids(request: PermissionRequest, facts?: PolicyFacts): EngineVerdict | Promise<EngineVerdict>;
}

/** What the person answered to an inline prompt. */
export type PromptAnswer =
  { answer: 'once' } | { answer: 'lease'; ttl_secs: number } | { answer: 'deny' } | { answer: 'never' };

/** The final outcome the caller acts on. */
export interface Authorization {
  allowed: boolean;
  reason: string;
  lease_id?: string;
  /** Who decided: `policy` (modes, never-list, leases, engine) or the person's device actor. */
  by: string;
}
