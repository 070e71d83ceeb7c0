/**
 * The policies service: every `policies.*` event (the journal's history, then the one
 * stream's live events, which include other devices' project policies) folded by core
 * into the list the Settings section shows and the Cedar engine enforces, and the
 * person's changes written as events: save (new or edited), on/off (a save with
 * `enabled` flipped), delete (after an Undo window). The journal is the only store.
 */
import { createComputed, createMemo, createRoot, createSignal, type Accessor } from 'solid-js';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { Journal, StoredEvent } from '../../core/journal/types';
import { err, ok, type Result } from '../../core/lib/result';
import { foldPolicies, SHIPPED_POLICIES } from '../../core/policy/cedar/policy-set';
import type { PolicyValidation } from '../../core/policy/cedar/validate';
import type { EventEnvelope } from '../../spec';
import { createEventFold } from '../state/event-fold';
import { browserTimers, createUndoWindow, type PendingDelete, type Timers } from '../state/undo-window';
import type { PolicyTextError } from './editor-lines';
import { checkPolicyFields, mergePolicies, policyIdFor, type PolicySource } from './policy-list';

export type { PolicySource };

/** What the editor saves: `project_id` shares it with that project; without it, it is the person's own. */
export interface PolicyDraft {
  /** The policy edited; a new one gets an id from its name. */
  id?: string;
  name: string;
  text: string;
  enabled: boolean;
  project_id?: string;
}

/** Why nothing was written: a sentence, and Cedar's errors with their lines when the text is invalid. */
export interface SaveRefusal {
  message: string;
  errors: PolicyTextError[];
}

export type { PolicyValidation };

export interface PolicyStore {
  /** Shipped, then the person's and the projects' policies; a new array on every change (the engine re-prepares on it). */
  list: Accessor<readonly PolicySource[]>;
  get(id: string): PolicySource | undefined;
  /** False until every stored `policies.*` event was read. */
  loaded: Accessor<boolean>;
  /** True once the journal's history is folded; false when it could not be read (the list is then incomplete). */
  ready: Promise<boolean>;
  /** Validates strictly, then writes `policies.saved`; an invalid text is refused with its errors, nothing written. */
  save(draft: PolicyDraft): Promise<Result<PolicySource, SaveRefusal>>;
  /** Turns a policy on or off (shipped ones too): `policies.saved` with `enabled` flipped. */
  setEnabled(id: string, enabled: boolean): Promise<Result<void, string>>;
  /** Starts the Undo window; `policies.removed` is written when it ends. Shipped policies are refused. */
  remove(id: string): Result<void, string>;
  /** Deletions in their Undo window (the list still enforces them until written). */
  pending: Accessor<PendingDelete[]>;
  undo(id: string): boolean;
  /** Writes every pending deletion now (the page is closing). */
  flush(): Promise<void>;
}

export interface PolicyStoreDeps {
  journal: Pick<Journal, 'query' | 'append'>;
  recentEvents: Accessor<readonly StoredEvent[]>;
  make: MakeEvent;
  /** Cedar's strict validation (app/policy/cedar-engine.ts). */
  validate(text: string): Promise<PolicyValidation>;
  onError(error: unknown): void;
  timers?: Timers;
  undoMs?: number;
}

const UNDO_MS = 5_000;
const isPolicyEvent = (event: EventEnvelope) => event.kind === 'policies.saved' || event.kind === 'policies.removed';

export function createPolicyStore(deps: PolicyStoreDeps): PolicyStore {
  // Few events (one per save): the whole fold is recomputed from them on each change.
  const events: EventEnvelope[] = [];
  const fold = createEventFold(isPolicyEvent, (event) => void events.push(event));
  const [loaded, setLoaded] = createSignal(false);

  const list = createRoot(() => {
    createComputed(() => fold.fold(deps.recentEvents()));
    return createMemo(
      () => {
        fold.version();
        return mergePolicies(foldPolicies(events), SHIPPED_POLICIES);
      },
      undefined,
      { equals: false },
    );
  });
  const get = (id: string) => list().find((policy) => policy.id === id);
  const isShipped = (id: string) => SHIPPED_POLICIES.some((policy) => policy.id === id);

  const ready = fold.readAll(deps.journal, ['policies.']).then(
    () => (setLoaded(true), true),
    (error: unknown) => (deps.onError(error), setLoaded(true), false),
  );

  // Folded at once, not when the stream's batch arrives: the next decision must see it.
  const append = async (event: EventEnvelope) => fold.fold([await deps.journal.append(event)]);
  const savedEvent = (policy: Omit<PolicySource, 'hash' | 'origin'> & { project_id?: string }) =>
    deps.make(
      'policies.saved',
      {
        policy_id: policy.id,
        name: policy.name,
        text: policy.text,
        enabled: policy.enabled,
        origin: policy.project_id === undefined ? 'personal' : 'project',
      },
      policy.project_id === undefined ? {} : { project_id: policy.project_id },
    );

  const deletes = createUndoWindow({
    ms: deps.undoMs ?? UNDO_MS,
    timers: deps.timers ?? browserTimers,
    commit: async (id) => {
      const policy = get(id);
      if (!policy) return;
      try {
        const context = policy.project_id === undefined ? {} : { project_id: policy.project_id };
        await append(deps.make('policies.removed', { policy_id: id }, context));
      } catch (error) {
        deps.onError(error);
      }
    },
  });

  return {
    list,
    get,
    loaded,
    ready,
    async save(draft) {
      const refused = (message: string, errors: PolicyTextError[] = []) => err({ message, errors });
      const fields = checkPolicyFields(draft);
      if (fields) return refused(fields);
      const existing = draft.id === undefined ? undefined : get(draft.id);
      if (draft.id !== undefined && !existing) return refused(`There is no policy with the id “${draft.id}” here.`);
      if (existing && isShipped(existing.id)) return refused('A shipped policy cannot be edited; turn it off instead.');
      const checked = await deps.validate(draft.text);
      if (!checked.ok) {
        const count = checked.errors.length;
        return refused(`The policy has ${count} error${count === 1 ? '' : 's'}; nothing was saved.`, checked.errors);
      }
      const id =
        existing?.id ??
        policyIdFor(
          draft.name,
          list().map((policy) => policy.id),
        );
      const name = draft.name.trim();
      await append(savedEvent({ id, name, text: draft.text, enabled: draft.enabled, project_id: draft.project_id }));
      return ok(get(id) ?? { id, name, text: draft.text, enabled: draft.enabled, origin: 'personal', hash: '' });
    },
    async setEnabled(id, enabled) {
      const policy = get(id);
      if (!policy) return err(`There is no policy with the id “${id}” here.`);
      if (policy.enabled === enabled) return ok(undefined);
      // A shipped policy's switch is the person's own setting: it stays on their devices.
      const project_id = policy.origin === 'project' ? policy.project_id : undefined;
      await append(savedEvent({ ...policy, enabled, project_id }));
      return ok(undefined);
    },
    remove(id) {
      const policy = get(id);
      if (!policy) return err(`There is no policy with the id “${id}” here.`);
      if (isShipped(id)) return err('A shipped policy cannot be deleted; turn it off instead.');
      deletes.start({ id, title: policy.name });
      return ok(undefined);
    },
    pending: deletes.pending,
    undo: deletes.undo,
    flush: deletes.flush,
  };
}
