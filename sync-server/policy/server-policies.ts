/**
 * The server's policies (issue 14 item 5): the shipped defaults plus the project-shared
 * policies folded from the store's `policies.*` events (a personal one stays on the
 * person's devices even if it reached the server), and the same Cedar engine the browser
 * runs, over the nodejs build. `authorize` is core's `simulate` over the project's leases:
 * where the server decides a tool call (`/mcp`, later) it asks here. Rebuilt on erasure.
 */
import { createCedarPolicyEngine, type CedarPolicyEngine } from '../../core/policy/cedar/engine';
import type { CedarApi } from '../../core/policy/cedar/cedar-api';
import {
  applyPoliciesEvent,
  createPolicySetModel,
  policyList,
  type PolicySetModel,
  type PolicySource,
} from '../../core/policy/cedar/policy-set';
import { simulateDecision } from '../../core/policy/cedar/simulate';
import type { Judgement } from '../../core/policy/judge';
import { applyPolicyEvent, createPolicyState, type PolicyState } from '../../core/policy/leases';
import type { PermissionRequest, ToolManifest } from '../../core/policy/types';
import { BUILTIN_MANIFESTS } from '../../core/tools/manifests';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { EventStore } from '../storage/event-store';

/** The kinds folded here: the policies, and the leases/never-list `authorize` decides with. */
const PREFIXES = ['policies.', 'leases.', 'policy.'] as const;

let cedar: Promise<CedarApi> | undefined;
/** The nodejs build, loaded on the first decision that needs it (the `.` entry fails in Node). */
export function loadNodeCedar(): Promise<CedarApi> {
  // A CommonJS module: its functions are named exports, or under `default` where Node could not list them.
  cedar ??= import('@cedar-policy/cedar-wasm/nodejs').then(
    (module) => ('isAuthorized' in module ? module : (module as { default: unknown }).default) as CedarApi,
  );
  return cedar;
}

export interface ServerPolicies {
  /** Shipped and project policies (a new array after each change). */
  list(): readonly PolicySource[];
  /** What the decision point would decide for `request` on this server now (no events, no prompt). */
  authorize(request: PermissionRequest): Promise<Judgement>;
  engine: CedarPolicyEngine;
  close(): void;
}

export interface ServerPoliciesDeps {
  now: () => number;
  /** The server's id: `context.device` in policies. */
  device: string;
  tools?: () => readonly ToolManifest[];
  load?: () => Promise<CedarApi>;
  onSkipped?: (event: ServerEvent, error: unknown) => void;
}

export function createServerPolicies(store: EventStore, deps: ServerPoliciesDeps): ServerPolicies {
  let model: PolicySetModel = createPolicySetModel();
  let list: readonly PolicySource[] = [];
  let byProject = new Map<string, PolicyState>();
  const publish = () => {
    list = policyList(model);
  };
  const apply = (event: ServerEvent): boolean => {
    if (!PREFIXES.some((prefix) => event.kind.startsWith(prefix))) return false;
    try {
      if (event.kind.startsWith('policies.')) {
        // A personal policy is the person's own devices' business, even if it reached the server.
        if (event.kind === 'policies.saved' && event.payload.origin === 'personal') return false;
        return applyPoliciesEvent(model, event);
      }
      // A lease applies in its project only (core's findLease checks it); fold per project.
      const key = event.project_id ?? '';
      let state = byProject.get(key);
      if (state === undefined) byProject.set(key, (state = createPolicyState()));
      applyPolicyEvent(state, event);
    } catch (error) {
      deps.onSkipped?.(event, error);
    }
    return false;
  };
  const rebuild = () => {
    model = createPolicySetModel();
    byProject = new Map();
    for (let cursor = 0; ;) {
      const rows = store.rowsOfKinds(cursor, PREFIXES);
      if (rows.length === 0) break;
      rows.forEach((row) => apply(row.event));
      cursor = rows[rows.length - 1]!.event.server_seq;
    }
    publish();
  };
  rebuild();
  const unsubscribe = store.onAppended((events) => {
    let changed = false;
    for (const event of events) changed = apply(event) || changed;
    if (changed) publish();
  });
  const stopErased = store.onErased(({ ids }) => {
    if (ids.length > 0) rebuild();
  });
  const engine = createCedarPolicyEngine({
    cedar: deps.load ?? loadNodeCedar,
    policies: () => list,
    tools: deps.tools ?? (() => BUILTIN_MANIFESTS),
    device: deps.device,
    now: deps.now,
  });
  return {
    list: () => list,
    engine,
    authorize(request) {
      const state = byProject.get(request.projectId ?? '') ?? createPolicyState();
      return simulateDecision(request, { engine, state, now: deps.now() });
    },
    close() {
      unsubscribe();
      stopErased();
    },
  };
}
