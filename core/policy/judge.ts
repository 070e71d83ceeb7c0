/**
 * The decision without its side effects (SPEC §7): the never-list and the mode, then the
 * policy engine (it may only forbid: a forbid wins over a lease and over `allow`), then
 * the lease or `ask`. The decision point runs this before it prompts or records, and
 * `simulate` runs exactly this, so a tester's answer is the runtime's.
 */
import { messageOf } from '../errors';
import { decide } from './decide';
import type { PolicyState } from './leases';
import type { PermissionRequest, PolicyEngine, PolicyFacts, Verdict } from './types';

export type Judgement = Verdict & { policy_ids: string[] };

export interface JudgeContext {
  state: PolicyState;
  /** Epoch ms. */
  now: number;
  engine?: PolicyEngine;
}

/** What the decision point would decide for `request` now, before any prompt (`ask` stays `ask`). */
export async function judge(request: PermissionRequest, context: JudgeContext): Promise<Judgement> {
  const verdict = decide(request, { state: context.state, now: context.now });
  if (verdict.decision === 'deny' || context.engine === undefined) return { ...verdict, policy_ids: [] };
  const leaseId = verdict.decision === 'allow' ? verdict.lease_id : undefined;
  const lease = leaseId === undefined ? undefined : context.state.leases.get(leaseId)?.lease;
  const facts: PolicyFacts = {
    mode: verdict.mode,
    now: context.now,
    ...(lease === undefined ? {} : { lease: { id: lease.id, ttl_until: lease.ttl_until } }),
  };
  let answer;
  try {
    answer = await context.engine.forbids(request, facts);
  } catch (error) {
    const reason = `the policy engine failed, so the call is denied: ${messageOf(error)}`;
    return { decision: 'deny', mode: verdict.mode, reason, policy_ids: [] };
  }
  const policy_ids = answer.policy_ids ?? [];
  if (answer.forbid) {
    const reason = answer.reason ?? `the policy engine forbids ${request.capability} for ${request.subject}`;
    return { decision: 'deny', mode: verdict.mode, reason, policy_ids };
  }
  return { ...verdict, policy_ids };
}
