/**
 * The Cedar policy engine behind the decision point (issue 14), runtime-free: the browser
 * and the server hand in their Cedar build. A policy list is prepared once (split into
 * single policies, preparsed) per change of the list's identity and per project, then
 * every call reuses it. A set whose only enabled policies are the baseline permit decides
 * without Cedar (the same answer, and the wasm need not load). Anything Cedar cannot
 * evaluate is a forbid with the reason (fail closed).
 */
import { describeNeed, modeOf } from '../decide';
import type { EngineVerdict, PermissionRequest, PolicyEngine, PolicyFacts, ToolManifest } from '../types';
import { cedarMessage, type CedarApi } from './cedar-api';
import { BASELINE_POLICY_TEXT, policiesFor, type PolicySource } from './policy-set';
import { cedarRequestFor } from './request';

export interface CedarEngineDeps {
  /** Loads Cedar (lazily, once): called only when a set needs evaluating. */
  cedar(): Promise<CedarApi>;
  /** The current policy list; a new array means a change (it is prepared again). */
  policies(): readonly PolicySource[];
  /** The tool registry's manifests (the Cedar `Tool` entities). */
  tools(): readonly ToolManifest[];
  /** This device (or server) id, `context.device`. */
  device: string;
  /** The version of a subject's recipe when the request does not say (`principal.version`). */
  version?(subject: string): string | undefined;
  /** Epoch ms when the caller gives no facts (default Date.now). */
  now?: () => number;
}

type Prepared =
  | { kind: 'trivial'; ids: string[] }
  | { kind: 'error'; reason: string; ids: string[] }
  | { kind: 'ready'; psetId: string; sourceOf: Map<string, PolicySource> };

interface CacheEntry {
  prepared: Promise<Prepared>;
  slot?: string;
}

export interface CedarPolicyEngine extends PolicyEngine {
  /** As `forbids`, against `list` instead of the current policies (the tester's drafts). */
  evaluate(request: PermissionRequest, facts: PolicyFacts, list?: readonly PolicySource[]): Promise<EngineVerdict>;
  /** Loads Cedar and prepares the current list for the default project. */
  ready(projectId?: string): Promise<void>;
}

const COMMENT = /\/\/[^\n]*/g;
/** A policy that is exactly the baseline permit (comments and spacing aside). */
const isBaseline = (text: string) => text.replace(COMMENT, '').replace(/\s+/g, ' ').trim() === BASELINE_POLICY_TEXT;

const named = (policy: PolicySource) => `"${policy.name}" (${policy.id})`;

export function createCedarPolicyEngine(deps: CedarEngineDeps): CedarPolicyEngine {
  let cedar: Promise<CedarApi> | undefined;
  const loadCedar = () => {
    cedar ??= deps.cedar();
    // A failed load is tried again next time; this call still fails (and so denies).
    cedar.catch(() => (cedar = undefined));
    return cedar;
  };
  const cache = new WeakMap<readonly PolicySource[], Map<string, CacheEntry>>();
  /** Which preparation currently holds each Cedar-side id (a re-prepare overwrites it). */
  const slots = new Map<string, CacheEntry>();
  let toolList: readonly ToolManifest[] | undefined;
  let toolMap = new Map<string, ToolManifest>();

  const toolOf = (name: string) => {
    const list = deps.tools();
    if (list !== toolList) {
      toolList = list;
      toolMap = new Map(list.map((tool) => [tool.id, tool]));
    }
    return toolMap.get(name);
  };

  async function prepare(
    list: readonly PolicySource[],
    projectId: string | undefined,
    slot: string,
  ): Promise<Prepared> {
    const enabled = policiesFor(list, projectId);
    // Nothing enabled is not trivial: Cedar denies what no policy permits.
    if (enabled.length > 0 && enabled.every((policy) => isBaseline(policy.text)))
      return { kind: 'trivial', ids: enabled.map((policy) => policy.id) } satisfies Prepared;
    const api = await loadCedar();
    const staticPolicies: Record<string, string> = {};
    const sourceOf = new Map<string, PolicySource>();
    for (const policy of enabled) {
      const parts = api.policySetTextToParts(policy.text);
      if (parts.type === 'failure') {
        const why = parts.errors.map(cedarMessage).join('; ');
        const reason = `policy ${named(policy)} does not parse (${why}), so every call is denied until it is fixed or switched off`;
        return { kind: 'error', reason, ids: [policy.id] } satisfies Prepared;
      }
      parts.policies.forEach((text, n) => {
        const id = parts.policies.length === 1 ? policy.id : `${policy.id}#${n + 1}`;
        staticPolicies[id] = text;
        sourceOf.set(id, policy);
      });
    }
    const done = api.preparsePolicySet(slot, { staticPolicies });
    if (done.type === 'failure') {
      const why = done.errors.map(cedarMessage).join('; ');
      return { kind: 'error', reason: `the policies could not be prepared (${why})`, ids: [] } satisfies Prepared;
    }
    return { kind: 'ready', psetId: slot, sourceOf } satisfies Prepared;
  }

  /** Prepared once per (list, project); concurrent first calls share one preparation. */
  function preparedFor(list: readonly PolicySource[], projectId: string | undefined, live: boolean) {
    const key = projectId ?? '';
    let byProject = cache.get(list);
    if (byProject === undefined) cache.set(list, (byProject = new Map()));
    const found = byProject.get(key);
    if (found !== undefined && (found.slot === undefined || slots.get(found.slot) === found)) return found.prepared;
    const slot = `arw-${live ? 'live' : 'draft'}:${key}`;
    const entry: CacheEntry = { prepared: prepare(list, projectId, slot), slot };
    byProject.set(key, entry);
    slots.set(slot, entry);
    // A failed preparation (Cedar did not load) is tried again on the next call.
    entry.prepared.catch(() => byProject.delete(key));
    return entry.prepared;
  }

  async function evaluate(
    request: PermissionRequest,
    facts: PolicyFacts,
    list?: readonly PolicySource[],
  ): Promise<EngineVerdict> {
    const current = list ?? deps.policies();
    const prepared = await preparedFor(current, request.projectId, list === undefined);
    if (prepared.kind === 'trivial') return { forbid: false, policy_ids: prepared.ids };
    if (prepared.kind === 'error') return { forbid: true, reason: prepared.reason, policy_ids: prepared.ids };
    const api = await loadCedar();
    const version = request.subjectVersion ?? deps.version?.(request.subject);
    const asked = version === undefined ? request : { ...request, subjectVersion: version };
    const call = cedarRequestFor(asked, facts, { device: deps.device, tool: toolOf });
    const answer = api.statefulIsAuthorized({ ...call, preparsedPolicySetId: prepared.psetId });
    const need = `${describeNeed(request)} for ${request.subject}`;
    if (answer.type === 'failure') {
      const why = answer.errors.map(cedarMessage).join('; ');
      return {
        forbid: true,
        reason: `Cedar could not evaluate ${need} (${why}), so the call is denied`,
        policy_ids: [],
      };
    }
    const idsOf = (parts: readonly string[]) => [...new Set(parts.map((id) => prepared.sourceOf.get(id)?.id ?? id))];
    const sources = (parts: readonly string[]) =>
      idsOf(parts).map((id) => {
        const source = [...prepared.sourceOf.values()].find((policy) => policy.id === id);
        return source === undefined ? id : named(source);
      });
    const { decision, diagnostics } = answer.response;
    if (diagnostics.errors.length > 0) {
      const failed = diagnostics.errors.map((e) => e.policyId);
      const why = diagnostics.errors.map((e) => cedarMessage(e.error)).join('; ');
      const reason = `policy ${sources(failed).join(', ')} failed to evaluate for ${need} (${why}), so the call is denied`;
      return { forbid: true, reason, policy_ids: idsOf(failed) };
    }
    if (decision === 'allow') return { forbid: false, policy_ids: idsOf(diagnostics.reason) };
    if (diagnostics.reason.length === 0) {
      const reason = `no enabled policy permits ${need}: Cedar denies what nothing permits (is the baseline permit switched off?)`;
      return { forbid: true, reason, policy_ids: [] };
    }
    const reason = `policy ${sources(diagnostics.reason).join(', ')} forbids ${need}`;
    return { forbid: true, reason, policy_ids: idsOf(diagnostics.reason) };
  }

  return {
    forbids: (request, facts) =>
      evaluate(request, facts ?? { mode: modeOf(request.mode).mode, now: (deps.now ?? Date.now)() }),
    evaluate,
    async ready(projectId) {
      await loadCedar();
      await preparedFor(deps.policies(), projectId, true);
    },
  };
}
