/**
 * The policy service's Cedar half: the live policy list (shipped + the journal's
 * `policies.*`, a new array identity per change so the engine prepares again exactly
 * then), the engine the decision point uses, `simulate` and `validatePolicy`.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { EventEnvelope } from '../../spec';
import {
  applyPoliciesEvent,
  createPolicySetModel,
  policyList,
  type PolicySource,
} from '../../core/policy/cedar/policy-set';
import { judge, type Judgement } from '../../core/policy/judge';
import type { PolicyState } from '../../core/policy/leases';
import type { PermissionRequest, PolicyEngine, ToolManifest } from '../../core/policy/types';
import { createCedarEngine, type PolicyValidation, type SimulateOptions } from './cedar-engine';

export interface PolicyRulesDeps {
  /** Replaces the Cedar engine (tests). */
  engine?: PolicyEngine;
  /** The list Cedar decides with (default: this fold). */
  policies?: () => readonly PolicySource[];
  /** Settles when that list's history is read: false when it could not be (decisions then deny). */
  policiesReady?: Promise<boolean>;
  tools?: () => readonly ToolManifest[];
  version?: (subject: string) => string | undefined;
  device: string;
  state: () => PolicyState;
  now: () => number;
}

export interface PolicyRules {
  policies: Accessor<readonly PolicySource[]>;
  engine: PolicyEngine;
  /** Folds one event; returns whether the list changed (published on `publish`). */
  note(event: EventEnvelope): boolean;
  publish(): void;
  simulate(request: PermissionRequest, options?: SimulateOptions): Promise<Judgement>;
  validatePolicy(text: string): Promise<PolicyValidation>;
}

export function createPolicyRules(deps: PolicyRulesDeps): PolicyRules {
  const model = createPolicySetModel();
  const [policies, setPolicies] = createSignal<readonly PolicySource[]>(policyList(model));
  let changed = false;
  const cedar = createCedarEngine({
    policies: deps.policies ?? policies,
    ...(deps.tools === undefined ? {} : { tools: deps.tools }),
    ...(deps.version === undefined ? {} : { version: deps.version }),
    device: deps.device,
    state: deps.state,
    now: deps.now,
  });
  const inner = deps.engine ?? cedar;
  // A handed-in list is whole only once its history is read: a decision waits for it, and
  // one that could not be read denies (fail closed) rather than deciding without it.
  const engine: PolicyEngine =
    deps.policiesReady === undefined
      ? inner
      : {
          forbids: async (request, facts) =>
            (await deps.policiesReady)
              ? inner.forbids(request, facts)
              : { forbid: true, reason: 'the policies could not be read from the journal, so the call is denied' },
        };
  return {
    // The list the engine enforces: the one handed in (the policies store) or this fold.
    policies: deps.policies ?? policies,
    engine,
    note(event) {
      // A handed-in list (the policies store) folds the same events: no second copy here.
      if (deps.policies !== undefined) return false;
      const moved = applyPoliciesEvent(model, event);
      changed ||= moved;
      return moved;
    },
    publish() {
      if (!changed) return;
      changed = false;
      setPolicies(policyList(model));
    },
    simulate(request, options) {
      if (deps.engine === undefined || options?.policies !== undefined) return cedar.simulate(request, options);
      return judge(request, { state: deps.state(), now: options?.now ?? deps.now(), engine: deps.engine });
    },
    validatePolicy: (text) => cedar.validatePolicy(text),
  };
}
