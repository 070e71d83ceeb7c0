/**
 * The app's permission service: core's lease/never fold kept live (journal query at
 * start, then the one stream's events, so other devices' grants and revokes count
 * here too), the prompts waiting for the person, grants and revokes from Settings and
 * the palette, expiry of this device's leases, and the one decision point built on them.
 */
import { createMemo, createRoot, createSignal, on, createComputed, type Accessor } from 'solid-js';
import { AppError } from '../../core/errors';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { Journal, StoredEvent } from '../../core/journal/types';
import type { Clock } from '../../core/lib/clock';
import { createDecisionPoint, type DecisionPoint } from '../../core/policy/decision-point';
import { applyPolicyEvent, createPolicyState, liveLeases, nevers, type PolicyState } from '../../core/policy/leases';
import { createRecentIds } from '../../core/read-models/recent-ids';
import type { PolicySource } from '../../core/policy/cedar/policy-set';
import type { Judgement } from '../../core/policy/judge';
import type {
  Lease,
  NeverRule,
  PermissionRequest,
  PolicyEngine,
  PromptAnswer,
  ToolManifest,
} from '../../core/policy/types';
import type { PolicyValidation, SimulateOptions } from '../policy/cedar-engine';
import { createPolicyRules } from '../policy/policy-rules';
import type { EventEnvelope } from '../../spec';
import { kindMatchesPrefix } from '../../spec/kinds';
import { createLeaseExpiry } from './lease-expiry';
import { readPolicyHistory } from './policy-history';
import { grantEvents, type GrantInput } from './policy-grant';
import { createScheduler, type Timers } from './scheduler';
import type { Stream } from './stream';

export type PendingPrompt = { prompt_id: string; request: PermissionRequest; ttl_secs: number; asked_at: number };
export type LiveLease = Lease & { time_left_ms: number };
export type { GrantInput };

export interface PolicyService {
  /** Core's fold over every lease and never event seen (journal + live). */
  state: Accessor<PolicyState>;
  /** Live leases, soonest-ending first; `time_left_ms` moves with `now`. */
  leases: Accessor<LiveLease[]>;
  nevers: Accessor<NeverRule[]>;
  /** Prompts waiting for an answer, oldest first. */
  pending: Accessor<PendingPrompt[]>;
  /** Clock time, moved each second while a lease is live (time-left displays). */
  now: Accessor<number>;
  ask(
    prompt: { prompt_id: string; request: PermissionRequest; ttl_secs: number },
    signal?: AbortSignal,
  ): Promise<PromptAnswer>;
  /** Answers a pending prompt; an unknown or already answered id is ignored. */
  answer(prompt_id: string, answer: PromptAnswer): void;
  /** A lease from the person (Settings, palette): subject `*` unless given. */
  grant(input: GrantInput): Promise<Lease>;
  revoke(lease_id: string, reason?: string): Promise<void>;
  addNever(rule: NeverRule): Promise<void>;
  removeNever(rule: NeverRule): Promise<void>;
  /** `policy.*` and `leases.*` events of one episode, in order (reactive). */
  decisionsFor(corrId: string): StoredEvent[];
  authorize: DecisionPoint['authorize'];
  /** Shipped policies and the journal's `policies.*` fold (a new array on every change). */
  policies: Accessor<readonly PolicySource[]>;
  /** What `authorize` would decide now, with no events and no prompt (`ask` stays `ask`). */
  simulate(request: PermissionRequest, options?: SimulateOptions): Promise<Judgement>;
  /** Strict validation of a Cedar text against the tool registry's schema (loads Cedar). */
  validatePolicy(text: string): Promise<PolicyValidation>;
  /** Resolves once the journal's lease and never events are folded. */
  ready: Promise<void>;
  dispose(): void;
}

export interface PolicyDeps {
  journal: Pick<Journal, 'query' | 'appendBatch'>;
  stream: Pick<Stream, 'recentEvents' | 'eventsFor'>;
  make: MakeEvent;
  clock: Clock;
  newId: () => string;
  /** This device's actor: the `by` of the person's answers and the owner of the leases it expires. */
  actor: string;
  /** The current project: new policy events carry it so they replicate. */
  project(): string | undefined;
  /** Replaces the Cedar engine (tests). */
  engine?: PolicyEngine;
  /** The policy list Cedar decides with (default: this service's own fold of `policies.*`). */
  policies?: () => readonly PolicySource[];
  policiesReady?: Promise<boolean>; // false: `policies` could not be read, so every decision denies
  /** The tool registry's permission manifests (default: the built-in tools). */
  tools?: () => readonly ToolManifest[];
  /** A subject's recipe version, for policies on `principal.version`. */
  agentVersion?: (subject: string) => string | undefined;
  timers?: Timers;
  /** Background writes (expiry) that failed. */
  onError?: (error: unknown) => void;
}

/** What the fold reads: leases, the never-list, and decisions (they spend a lease's budget). */
export const POLICY_KINDS = ['leases.', 'policy.never.', 'policy.decision', 'policies.'] as const;
const EPISODE_KINDS = ['policy.', 'leases.'] as const;

export function createPolicyService(deps: PolicyDeps): PolicyService {
  return createRoot((disposeRoot) => build(deps, disposeRoot), null);
}

function build(deps: PolicyDeps, disposeRoot: () => void): PolicyService {
  const scheduler = createScheduler(deps.timers);
  const report = deps.onError ?? ((error: unknown) => console.error('policy', error));
  let folded = createPolicyState();
  const [state, setState] = createSignal(folded, { equals: false });
  const [now, setNow] = createSignal(deps.clock.now());
  const [pending, setPending] = createSignal<PendingPrompt[]>([]);
  const waiting = new Map<string, (answer: PromptAnswer) => void>();
  // A window, not every id: the folds are idempotent, this only skips repeats cheaply.
  const applied = createRecentIds();
  let loaded = false;
  let loadError: unknown;
  const early: StoredEvent[] = [];
  const rules = createPolicyRules({
    ...(deps.engine === undefined ? {} : { engine: deps.engine }),
    ...(deps.policies === undefined ? {} : { policies: deps.policies, policiesReady: deps.policiesReady }),
    ...(deps.tools === undefined ? {} : { tools: deps.tools }),
    ...(deps.agentVersion === undefined ? {} : { version: deps.agentVersion }),
    device: deps.actor,
    state: () => folded,
    now: () => deps.clock.now(),
  });

  const expiry = createLeaseExpiry({
    actor: deps.actor,
    scheduler,
    clock: deps.clock,
    expire: async (leases) => {
      const events = leases.map((lease) =>
        deps.make('leases.expired', { lease_id: lease.id }, { project_id: lease.project_id ?? deps.project() }),
      );
      apply(await deps.journal.appendBatch(events));
    },
    onError: report,
  });

  /** Keeps the `now` tick running exactly while some lease is live. */
  const tick = () => {
    const at = deps.clock.now();
    setNow(at);
    if (liveLeases(folded, at).length > 0) scheduler.every('tick', 1000, tickOnce);
    else scheduler.cancel('tick');
  };
  const tickOnce = () => {
    const at = deps.clock.now();
    setNow(at);
    if (liveLeases(folded, at).length === 0) scheduler.cancel('tick');
  };

  function apply(events: readonly EventEnvelope[]): void {
    let changed = false;
    for (const event of events) {
      if (!kindMatchesPrefix(event.kind, POLICY_KINDS) || !applied.add(event.id)) continue;
      rules.note(event);
      folded = applyPolicyEvent(folded, event);
      expiry.note(event);
      changed = true;
    }
    if (!changed || !loaded) return;
    rules.publish();
    setState(folded);
    tick();
    expiry.rearm();
  }

  createComputed(
    on(deps.stream.recentEvents, (events) => {
      const fresh = events.filter((event) => !applied.has(event.id) && kindMatchesPrefix(event.kind, POLICY_KINDS));
      if (fresh.length === 0) return;
      if (loaded) apply(fresh);
      else early.push(...fresh);
    }),
  );

  const load = async () => {
    try {
      apply(await readPolicyHistory(deps.journal, deps.clock.now()));
    } catch (error) {
      loadError = error;
      report(error);
    } finally {
      loaded = true;
      apply(early.splice(0));
      rules.publish();
      setState(folded);
      tick();
      expiry.rearm();
    }
  };
  const ready = load();

  const emit = async (events: readonly EventEnvelope[]) => {
    // Folded at once, not when the stream's batch arrives: the next call must see this lease or revoke.
    apply(await deps.journal.appendBatch(events));
  };

  const ask: PolicyService['ask'] = (prompt, signal) =>
    new Promise<PromptAnswer>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        drop(prompt.prompt_id);
        reject(signal?.reason);
      };
      waiting.set(prompt.prompt_id, (answer) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(answer);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      setPending((list) => [...list, { ...prompt, asked_at: deps.clock.now() }]);
    });
  const drop = (promptId: string) => {
    waiting.delete(promptId);
    setPending((list) => list.filter((item) => item.prompt_id !== promptId));
  };

  const point = createDecisionPoint({
    make: deps.make,
    emit,
    clock: deps.clock,
    newId: deps.newId,
    state: () => folded,
    ask,
    by: deps.actor,
    engine: rules.engine,
  });

  const neverEvent = (kind: 'policy.never.added' | 'policy.never.removed', rule: NeverRule) =>
    deps.make(kind, { ...rule, by: deps.actor }, { project_id: deps.project() });

  return {
    state,
    leases: createMemo(() => {
      const at = now();
      return liveLeases(state(), at)
        .map((lease) => ({ ...lease, time_left_ms: lease.ttl_until - at }))
        .filter((lease) => lease.time_left_ms > 0)
        .sort((a, b) => a.ttl_until - b.ttl_until);
    }),
    nevers: createMemo(() => nevers(state())),
    pending,
    now,
    ask,
    answer(promptId, answer) {
      const resolve = waiting.get(promptId);
      if (!resolve) return;
      drop(promptId);
      resolve(answer);
    },
    async grant(input) {
      const context = { make: deps.make, newId: deps.newId, actor: deps.actor, now: deps.clock.now() };
      const { lease, events } = grantEvents(input, { ...context, project_id: deps.project() });
      await emit(events);
      return lease;
    },
    async revoke(leaseId, reason) {
      const lease = liveLeases(folded, deps.clock.now()).find((candidate) => candidate.id === leaseId);
      if (!lease) throw new AppError('policy-lease-unknown', `no live lease has the id ${leaseId}`);
      const payload = { lease_id: leaseId, by: deps.actor, ...(reason === undefined ? {} : { reason }) };
      await emit([deps.make('leases.revoked', payload, { project_id: lease.project_id ?? deps.project() })]);
    },
    addNever: (rule) => emit([neverEvent('policy.never.added', rule)]),
    removeNever: (rule) => emit([neverEvent('policy.never.removed', rule)]),
    decisionsFor: (corrId) =>
      deps.stream
        .eventsFor(corrId)()
        .filter((event) => kindMatchesPrefix(event.kind, EPISODE_KINDS)),
    async authorize(request, signal) {
      await ready;
      if (loadError !== undefined) {
        return { allowed: false, reason: 'the permission list could not be read from the journal', by: 'policy' };
      }
      return point.authorize(request, signal);
    },
    policies: rules.policies,
    async simulate(request, options) {
      await ready;
      return rules.simulate(request, options);
    },
    validatePolicy: (text) => rules.validatePolicy(text),
    ready,
    dispose() {
      scheduler.cancelAll();
      disposeRoot();
    },
  };
}
