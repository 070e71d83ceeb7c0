/**
 * Cedar in the browser (issue 14): the web build, loaded by `import()` only when the first
 * decision needs it or the policies UI asks (never on the first paint; a set holding only
 * the baseline permit decides without it), then core's engine over it. `validatePolicy`
 * checks a text strictly against the schema generated from the tool registry; `simulate`
 * runs the runtime's own `judge` (no events, no prompt).
 */
import { createCedarPolicyEngine, type CedarPolicyEngine } from '../../core/policy/cedar/engine';
import type { CedarApi } from '../../core/policy/cedar/cedar-api';
import type { PolicySource } from '../../core/policy/cedar/policy-set';
import { cedarSchemaFor } from '../../core/policy/cedar/schema';
import { simulateDecision, type SimulateOptions } from '../../core/policy/cedar/simulate';
import { validatePolicyText, type PolicyValidation } from '../../core/policy/cedar/validate';
import type { Judgement } from '../../core/policy/judge';
import type { PolicyState } from '../../core/policy/leases';
import type { PermissionRequest, ToolManifest } from '../../core/policy/types';
import { BUILTIN_MANIFESTS } from '../../core/tools/manifests';

export type Cedar = CedarApi;
export type { PolicyValidation, SimulateOptions };

let loading: Promise<Cedar> | undefined;

/** The web build of Cedar, initialised once (its 4.3 MB wasm is fetched on the first call only). */
export function loadCedar(): Promise<Cedar> {
  loading ??= (async () => {
    const cedar = await import('@cedar-policy/cedar-wasm/web');
    await cedar.default();
    return cedar as unknown as Cedar;
  })();
  // A failed load (offline before the first use) is tried again on the next call.
  loading.catch(() => (loading = undefined));
  return loading;
}

export interface CedarEngineDeps {
  policies: () => readonly PolicySource[];
  /** The tool registry's manifests (default: the built-in tools). */
  tools?: () => readonly ToolManifest[];
  device: string;
  /** A subject's recipe version (`principal.version`) when the request does not say. */
  version?: (subject: string) => string | undefined;
  /** The lease/never fold, for `simulate`. */
  state?: () => PolicyState;
  now?: () => number;
  /** Loads Cedar (default `loadCedar`; tests hand in the nodejs build). */
  load?: () => Promise<Cedar>;
}

export type CedarEngine = CedarPolicyEngine & {
  ready(): Promise<void>;
  /** What the decision point would decide for `request` now (`ask` stays `ask`), and which policies decided. */
  simulate(request: PermissionRequest, options?: SimulateOptions): Promise<Judgement>;
  validatePolicy(text: string): Promise<PolicyValidation>;
  /** The schema policies are validated against (Cedar JSON form). */
  schema(): Record<string, unknown>;
};

export function createCedarEngine(deps: CedarEngineDeps): CedarEngine {
  const load = deps.load ?? loadCedar;
  const tools = deps.tools ?? (() => BUILTIN_MANIFESTS);
  const now = deps.now ?? Date.now;
  const engine = createCedarPolicyEngine({
    cedar: load,
    policies: deps.policies,
    tools,
    device: deps.device,
    now,
    ...(deps.version === undefined ? {} : { version: deps.version }),
  });
  let schemaFor: readonly ToolManifest[] | undefined;
  let schema: Record<string, unknown> = {};
  const currentSchema = () => {
    const list = tools();
    if (list !== schemaFor) {
      schemaFor = list;
      schema = cedarSchemaFor(list);
    }
    return schema;
  };
  return {
    ...engine,
    ready: () => engine.ready(),
    schema: currentSchema,
    simulate(request, options) {
      if (deps.state === undefined) throw new Error('simulate needs the lease state: build the engine with state');
      return simulateDecision(request, { engine, state: deps.state(), now: now() }, options);
    },
    async validatePolicy(text) {
      return validatePolicyText(await load(), currentSchema(), text);
    },
  };
}

/** Strict validation against the built-in tools' schema, without an engine (the editor's first check). */
export async function validatePolicy(text: string, tools: readonly ToolManifest[] = BUILTIN_MANIFESTS) {
  return validatePolicyText(await loadCedar(), cedarSchemaFor(tools), text);
}
