/**
 * The policy set (issue 14): the shipped defaults plus the person's and the projects'
 * policies folded from `policies.saved|removed`. The fold is pure and order-free: of two
 * events for one policy id the later by (time, event id) wins, so replicas that saw the
 * same events in another order agree. A saved policy with a shipped id replaces that
 * shipped one (so a person can switch an example on or the baseline off).
 */
import type { EventEnvelope } from '../../../spec';
import { PoliciesRemovedSchema, PoliciesSavedSchema } from '../../../spec/payloads/policies';
import { createSha256 } from '../../models/sha256';
import { utf8 } from '../../vault/text';

export type PolicyOrigin = 'shipped' | 'personal' | 'project';

export interface PolicySource {
  /** The Cedar policy id: a slug, unique in the set. */
  id: string;
  name: string;
  /** Cedar source: one or more policies. */
  text: string;
  enabled: boolean;
  origin: PolicyOrigin;
  /** A project policy's project: it applies only to calls in that project. */
  project_id?: string;
  /** SHA-256 (lower-case hex) of the UTF-8 text. */
  hash: string;
}

/** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
export function policyHash(text: string): string {
  return createSha256().update(utf8(text)).hex();
}

function shipped(id: string, name: string, text: string, enabled: boolean): PolicySource {
  return { id, name, text, enabled, origin: 'shipped', hash: policyHash(text) };
}

/** The baseline: Cedar denies what no policy permits, and here policies may only forbid on top of modes and leases. */
export const BASELINE_POLICY_ID = 'shipped-baseline';
export const BASELINE_POLICY_TEXT = 'permit(principal, action, resource);';

export const SHIPPED_POLICIES: readonly PolicySource[] = [
  shipped(
    BASELINE_POLICY_ID,
    'Baseline: modes and leases decide',
    `// Cedar denies anything no policy permits. This permit hands every call to the modes
// and leases; other policies only add forbids on top of it.
${BASELINE_POLICY_TEXT}`,
    true,
  ),
  shipped(
    'example-net-only-example-org',
    'Example: recipe X may fetch only from example.org',
    `// Never allow net:http outside example.org (and its subdomains) for the recipe "x".
// Put your recipe's id after "recipe:".
forbid(
  principal == Agent::"recipe:x",
  action == Action::"net:http",
  resource
)
unless { resource.host == "example.org" || resource.host like "*.example.org" };`,
    false,
  ),
  shipped(
    'example-no-fs-write-weekends',
    'Example: no file writes on weekends',
    `// No fs:write on Saturdays and Sundays (weekday: 0 = Sunday ... 6 = Saturday, this device's time).
forbid(principal, action == Action::"fs:write", resource)
when { context.time.weekday == 0 || context.time.weekday == 6 };`,
    false,
  ),
];

interface Entry {
  /** The event that last touched this id: (time, id) orders them. */
  time: string;
  eventId: string;
  source: PolicySource | null;
}

/** The folded state: per policy id the newest save or removal. Treat as read-only outside this module. */
export interface PolicySetModel {
  readonly entries: Map<string, Entry>;
}

export function createPolicySetModel(): PolicySetModel {
  return { entries: new Map() };
}

const later = (a: { time: string; eventId: string }, b: { time: string; eventId: string }) =>
  a.time === b.time ? a.eventId > b.eventId : a.time > b.time;

/** Folds one event into the model; returns whether it changed anything. */
export function applyPoliciesEvent(model: PolicySetModel, event: EventEnvelope): boolean {
  let next: Entry;
  if (event.kind === 'policies.saved') {
    const parsed = PoliciesSavedSchema.safeParse(event.payload);
    if (!parsed.success) return false;
    const { policy_id, name, text, enabled, origin } = parsed.data;
    // A project policy without its project cannot be scoped: it is kept out (fail closed would deny everything).
    if (origin === 'project' && event.project_id === undefined) return false;
    const source: PolicySource = { id: policy_id, name, text, enabled, origin, hash: policyHash(text) };
    if (origin === 'project') source.project_id = event.project_id;
    next = { time: event.time, eventId: event.id, source };
  } else if (event.kind === 'policies.removed') {
    const parsed = PoliciesRemovedSchema.safeParse(event.payload);
    if (!parsed.success) return false;
    next = { time: event.time, eventId: event.id, source: null };
  } else return false;
  const id = next.source?.id ?? (event.payload as { policy_id: string }).policy_id;
  const earlier = model.entries.get(id);
  if (earlier !== undefined && !later(next, earlier)) return false;
  model.entries.set(id, next);
  return true;
}

/** The saved policies (no shipped ones), by id. */
export function savedPolicies(model: PolicySetModel): PolicySource[] {
  const out: PolicySource[] = [];
  for (const entry of model.entries.values()) if (entry.source !== null) out.push(entry.source);
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The whole list: the shipped ones (each replaced by a saved policy of its id, or left
 * out when such a policy was removed: a removal of a shipped id falls back to the default),
 * then the saved ones.
 */
export function policyList(model: PolicySetModel, shippedList = SHIPPED_POLICIES): PolicySource[] {
  const shippedIds = new Set(shippedList.map((policy) => policy.id));
  const saved = savedPolicies(model);
  const byId = new Map(saved.map((policy) => [policy.id, policy]));
  return [
    ...shippedList.map((policy) => byId.get(policy.id) ?? policy),
    ...saved.filter((policy) => !shippedIds.has(policy.id)),
  ];
}

/** Folds `events` (any order) into the whole list, shipped ones included. */
export function foldPolicies(events: Iterable<EventEnvelope>, shippedList = SHIPPED_POLICIES): PolicySource[] {
  const model = createPolicySetModel();
  for (const event of events) applyPoliciesEvent(model, event);
  return policyList(model, shippedList);
}

/** The enabled policies that apply to a call in `projectId`: personal and shipped ones always, project ones in their project. */
export function policiesFor(list: readonly PolicySource[], projectId: string | undefined): PolicySource[] {
  return list.filter((policy) => policy.enabled && (policy.origin !== 'project' || policy.project_id === projectId));
}
