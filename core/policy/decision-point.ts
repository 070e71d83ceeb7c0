/**
 * The one decision point every tool call goes through (SPEC §7): `judge` (the never-list
 * and mode, the policy engine's forbid, the lease), then (for `ask`) a prompt to the person whose answer becomes
 * events: the answer, a lease or a never rule, and always one `policy.decision`. Any
 * failure on the way is a deny with the reason (fail closed). Callers see only `authorize`.
 */
import type { EventEnvelope } from '../../spec';
import { messageOf } from '../errors';
import type { EventContext, MakeEvent } from '../journal';
import { isoTime, type Clock } from '../lib/clock';
import { clampTtl, describeNeed, modeOf } from './decide';
import { judge } from './judge';
import type { PolicyState } from './leases';
import type { Authorization, PermissionMode, PermissionRequest, PolicyEngine, PromptAnswer } from './types';

/** Structurally a DOM `AbortSignal`; core has no DOM types. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
}

/** What the person is shown: the request, and the lease length to offer first. */
export interface PolicyPrompt {
  prompt_id: string;
  request: PermissionRequest;
  ttl_secs: number;
}

export interface DecisionPointDeps {
  make: MakeEvent;
  /** Writes events (to the journal); a rejection makes the call a deny. */
  emit(events: EventEnvelope[]): Promise<void>;
  clock: Clock;
  newId: () => string;
  /** The current fold of the journal's policy events. */
  state(): PolicyState;
  engine?: PolicyEngine;
  /** Shows the prompt inline and resolves with the person's answer. */
  ask(prompt: PolicyPrompt, signal?: AbortSignalLike): Promise<PromptAnswer>;
  /** This device's actor: who answered a prompt. */
  by: string;
}

export interface DecisionPoint {
  authorize(request: PermissionRequest, signal?: AbortSignalLike): Promise<Authorization>;
}

/** `15 min`, `1 h`, `1 day`, for reasons. */
export function ttlWords(secs: number): string {
  if (secs % 86_400 === 0) return secs === 86_400 ? '1 day' : `${secs / 86_400} days`;
  if (secs % 3600 === 0) return `${secs / 3600} h`;
  if (secs % 60 === 0) return `${secs / 60} min`;
  return `${secs} s`;
}

const ABORTED = Symbol('aborted');

function abortable<T>(promise: Promise<T>, signal: AbortSignalLike | undefined): Promise<T | typeof ABORTED> {
  if (signal === undefined) return promise;
  return Promise.race([
    promise,
    new Promise<typeof ABORTED>((resolve) => {
      if (signal.aborted) resolve(ABORTED);
      else signal.addEventListener('abort', () => resolve(ABORTED));
    }),
  ]);
}

export function createDecisionPoint(deps: DecisionPointDeps): DecisionPoint {
  async function authorize(request: PermissionRequest, signal?: AbortSignalLike): Promise<Authorization> {
    const context: EventContext = { corr_id: request.corrId, project_id: request.projectId };
    const need = { capability: request.capability, subject: request.subject, ...scopeOf(request) };
    const { mode } = modeOf(request.mode);
    /** The Cedar policies that decided, once known: every `policy.decision` of this call names them. */
    const decided: { policy_ids?: string[] } = {};
    const decision = (
      outcome: Authorization & { mode: PermissionMode },
      extra: { ttl_secs?: number; prompt_id?: string } = {},
    ) =>
      deps.make(
        'policy.decision',
        {
          decision: outcome.allowed ? 'allow' : 'deny',
          ...need,
          tool: request.tool,
          mode: outcome.mode,
          by: outcome.by,
          reason: outcome.reason,
          ...(outcome.lease_id === undefined ? {} : { lease_id: outcome.lease_id }),
          ...(decided.policy_ids === undefined ? {} : { policy_ids: decided.policy_ids }),
          ...extra,
        },
        context,
      );
    const finish = async (outcome: Authorization & { mode: PermissionMode }, extra: { prompt_id?: string } = {}) => {
      await deps.emit([decision(outcome, extra)]);
      return result(outcome);
    };
    const deny = (reason: string, extra: { prompt_id?: string } = {}) =>
      finish({ allowed: false, reason, by: 'policy', mode }, extra);

    try {
      // One pure pass (never-list, mode, Cedar, lease): the same one `simulate` runs.
      const verdict = await judge(request, {
        state: deps.state(),
        now: deps.clock.now(),
        ...(deps.engine === undefined ? {} : { engine: deps.engine }),
      });
      if (verdict.policy_ids.length > 0) decided.policy_ids = verdict.policy_ids;
      if (verdict.decision === 'deny') return await deny(verdict.reason);
      if (verdict.decision === 'allow') {
        const lease = verdict.lease_id === undefined ? {} : { lease_id: verdict.lease_id };
        return await finish({ allowed: true, reason: verdict.reason, by: 'policy', mode: verdict.mode, ...lease });
      }
      if (signal?.aborted) return await deny('the run was stopped before the person was asked');

      const prompt: PolicyPrompt = { prompt_id: deps.newId(), request, ttl_secs: verdict.ttl_secs ?? 3600 };
      const prompted = { prompt_id: prompt.prompt_id };
      await deps.emit([
        deps.make(
          'policy.prompt',
          { ...prompted, tool: request.tool, ...need, mode, ...(request.reason ? { reason: request.reason } : {}) },
          context,
        ),
      ]);
      const answer = await abortable(deps.ask(prompt, signal), signal);
      if (answer === ABORTED) return await deny('the run was stopped while waiting for an answer', prompted);

      const answered = { ...prompted, ...need, decided_by: deps.by };
      const by = deps.by;
      switch (answer.answer) {
        case 'once': {
          const events = [deps.make('policy.allow', answered, context)];
          const outcome = { allowed: true, reason: `${describeNeed(request)} allowed once by the person`, by, mode };
          await deps.emit([...events, decision(outcome, prompted)]);
          return result(outcome);
        }
        case 'lease': {
          const ttl_secs = clampTtl(answer.ttl_secs);
          const now = deps.clock.now();
          const lease_id = deps.newId();
          const lease = {
            id: lease_id,
            ...need,
            granted_by: by,
            reason: request.reason ?? `granted from a prompt for ${request.tool}`,
            created: isoTime(now),
            ttl_until: isoTime(now + ttl_secs * 1000),
          };
          const reason = `${describeNeed(request)} allowed by the person for ${ttlWords(ttl_secs)}`;
          const outcome = { allowed: true, reason, by, mode, lease_id };
          await deps.emit([
            deps.make('policy.allow', { ...answered, ttl_secs }, context),
            deps.make('leases.created', { lease }, context),
            decision(outcome, { ...prompted, ttl_secs }),
          ]);
          return result(outcome);
        }
        case 'deny': {
          const outcome = { allowed: false, reason: `${describeNeed(request)} denied by the person`, by, mode };
          await deps.emit([deps.make('policy.deny', answered, context), decision(outcome, prompted)]);
          return result(outcome);
        }
        case 'never': {
          const reason = `the person said never to ${describeNeed(request)} for ${request.subject}`;
          const outcome = { allowed: false, reason, by, mode };
          await deps.emit([
            deps.make('policy.deny', answered, context),
            deps.make('policy.never.added', { ...need, by }, context),
            decision(outcome, prompted),
          ]);
          return result(outcome);
        }
        default:
          throw new Error(`unknown answer to the prompt: ${JSON.stringify(answer)}`);
      }
    } catch (error) {
      const reason = `the decision failed, so the call is denied: ${messageOf(error)}`;
      // Recording the deny may fail for the same reason; the caller still gets the deny.
      await deps.emit([decision({ allowed: false, reason, by: 'policy', mode })]).catch(() => undefined);
      return { allowed: false, reason, by: 'policy' };
    }
  }
  return { authorize };
}

function scopeOf(request: PermissionRequest): { scope?: string } {
  return request.scope === undefined ? {} : { scope: request.scope };
}

function result(outcome: Authorization & { mode?: PermissionMode }): Authorization {
  const { allowed, reason, by, lease_id } = outcome;
  return lease_id === undefined ? { allowed, reason, by } : { allowed, reason, by, lease_id };
}
