/**
 * `simulate` (issue 14, reference B.2): what the decision point would decide for a
 * request now, through the same `judge` the runtime runs (never-list, mode, Cedar,
 * lease), with no events written and no prompt: `ask` stays `ask`. The tester may pass a
 * policy list of its own (an unsaved draft) in place of the current one.
 */
import { judge, type Judgement } from '../judge';
import type { PolicyState } from '../leases';
import type { PermissionRequest, PolicyEngine } from '../types';
import type { CedarPolicyEngine } from './engine';
import type { PolicySource } from './policy-set';

export interface SimulateContext {
  engine: CedarPolicyEngine;
  state: PolicyState;
  now: number;
}

export interface SimulateOptions {
  /** Decide against this list instead of the current policies (e.g. with a draft). */
  policies?: readonly PolicySource[];
  /** Epoch ms to decide at (default: the context's now). */
  now?: number;
}

export function simulateDecision(
  request: PermissionRequest,
  context: SimulateContext,
  options: SimulateOptions = {},
): Promise<Judgement> {
  const list = options.policies;
  const now = options.now ?? context.now;
  const engine: PolicyEngine =
    list === undefined
      ? context.engine
      : { forbids: (req, facts) => context.engine.evaluate(req, facts ?? { mode: 'ask', now }, list) };
  return judge(request, { state: context.state, now, engine });
}
