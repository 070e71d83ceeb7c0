/**
 * What the policies UI and the console API (`window.arw.policies`) use: the live store,
 * Cedar's strict validation and the tester's simulation — the runtime's own verdict for
 * a sample call (app/state/policy.ts `simulate`), with the edited policy counted in.
 */
import { modeOf } from '../../core/policy/decide';
import type { Judgement } from '../../core/policy/judge';
import type { PermissionRequest } from '../../core/policy/types';
import type { SimulateOptions } from './cedar-engine';
import type { PolicySource } from './policy-list';
import type { PolicyStore, PolicyValidation } from './policy-store';

/** The runtime's verdict (allow with the lease, deny, ask) and the policies that decided. */
export type SimulatedDecision = Judgement;

export interface PolicyServices {
  store: PolicyStore;
  validate(text: string): Promise<PolicyValidation>;
  /** The runtime's verdict for `request` now (no events, no prompt), with `draft` in place of the saved policy of its id. */
  simulate(request: PermissionRequest, draft?: PolicySource): Promise<SimulatedDecision>;
}

/** The id a new, unsaved policy has in the tester. */
export const DRAFT_ID = 'draft-unsaved';

/** `list` with `draft` in place of the policy of its id (or added at the end). */
export function withDraft(list: readonly PolicySource[], draft: PolicySource): PolicySource[] {
  const at = list.findIndex((policy) => policy.id === draft.id);
  return at === -1 ? [...list, draft] : list.map((policy, i) => (i === at ? draft : policy));
}

/** The UI's services over the store and the permission service's Cedar (`validatePolicy`, `simulate`). */
export function createPolicyServices(
  store: PolicyStore,
  cedar: {
    validatePolicy(text: string): Promise<PolicyValidation>;
    simulate(request: PermissionRequest, options?: SimulateOptions): Promise<Judgement>;
  },
): PolicyServices {
  return {
    store,
    validate: (text) => cedar.validatePolicy(text),
    async simulate(request, draft) {
      // As the runtime: nothing is decided before the history is read, and an unread one denies.
      if (!(await store.ready)) {
        const reason = 'the policies could not be read from the journal, so the call is denied';
        return { decision: 'deny', reason, mode: modeOf(request.mode).mode, policy_ids: [] };
      }
      return cedar.simulate(request, draft ? { policies: withDraft(store.list(), draft) } : undefined);
    },
  };
}
