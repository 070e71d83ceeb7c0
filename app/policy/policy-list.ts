/**
 * The policies list the app shows and the engine enforces: the shipped defaults with the
 * person's on/off over them, then the person's own and the projects' shared ones (core's
 * pure fold of `policies.*`). Pure: the store (policy-store.ts) keeps it live; nothing
 * here reads the journal or the clock.
 */
import { slugOfName } from '../../core/projects/project-id';
import type { PolicySource } from '../../core/policy/cedar/policy-set';
import { MAX_POLICY_TEXT } from '../../spec/payloads/policies';

export type { PolicySource };

/** What `policies.saved` accepts as a name (spec/payloads/policies.ts). */
export const MAX_POLICY_NAME = 80;

/**
 * Shipped policies first (in their shipped order), then the rest by name. A saved event
 * naming a shipped id only turns it on or off: its text, name and origin stay the
 * shipped ones, so a shipped policy is never edited or deleted, only disabled.
 */
export function mergePolicies(folded: readonly PolicySource[], shipped: readonly PolicySource[]): PolicySource[] {
  const byId = new Map(folded.map((policy) => [policy.id, policy]));
  const base = shipped.map((policy) => {
    const override = byId.get(policy.id);
    return override === undefined || override.enabled === policy.enabled
      ? policy
      : { ...policy, enabled: override.enabled };
  });
  const shippedIds = new Set(shipped.map((policy) => policy.id));
  const own = folded
    .filter((policy) => !shippedIds.has(policy.id))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return [...base, ...own];
}

/** A new policy's id: its name's slug, with `-2`, `-3`… when that id is taken (shipped ones included). */
export function policyIdFor(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const slug = slugOfName(name);
  const stem = slug === 'project' && !/project/i.test(name) ? 'policy' : slug;
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** The name check before anything is written; the error is a sentence naming the field. */
export function checkPolicyFields(input: { name: string; text: string }): string | undefined {
  const name = input.name.trim();
  if (!name) return 'Name: give the policy a name (for example “No writes on weekends”).';
  if (name.length > MAX_POLICY_NAME) return `Name: ${name.length} characters; at most ${MAX_POLICY_NAME} are accepted.`;
  if (!input.text.trim()) return 'Policy: the text is empty; write a permit or forbid statement.';
  if (input.text.length > MAX_POLICY_TEXT)
    return `Policy: ${input.text.length} characters; at most ${MAX_POLICY_TEXT} are accepted.`;
  return undefined;
}

/** The first 8 hex digits of a policy's hash, as the list shows it. */
export function shortHash(hash: string): string {
  return hash.replace(/^sha-?256:/i, '').slice(0, 8);
}
