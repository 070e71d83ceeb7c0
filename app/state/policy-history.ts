/**
 * What the permission service reads from the journal at start. Leases, the never-list
 * and policies are read in full (one event per grant, rule or edit: few). Decisions are
 * one per tool call and only matter while they spend a live lease's budget, so they are
 * read newest first and only back to the creation of the oldest lease still live: a
 * decision can only name a lease created before it. A journal of a million events with
 * years of tool calls then costs the start what the live leases cost, not the history.
 */
import type { Journal, StoredEvent } from '../../core/journal/types';
import { applyPolicyEvent, createPolicyState, liveLeases } from '../../core/policy/leases';

/** Kinds read in full at start (the `policy.decision`s are read as above). */
export const POLICY_HISTORY_KINDS = ['leases.', 'policy.never.', 'policies.'] as const;
const PAGE = 1000;

async function readNewestFirst(
  journal: Pick<Journal, 'query'>,
  kindPrefixes: readonly string[],
  keep: (page: readonly StoredEvent[]) => boolean,
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  let beforeSeq: number | undefined;
  do {
    const page = await journal.query({
      kindPrefixes,
      limit: PAGE,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
    });
    found.push(...page.events);
    beforeSeq = page.nextBeforeSeq;
    if (!keep(page.events)) break;
  } while (beforeSeq !== undefined);
  return found;
}

/** The policy events the service folds at start, oldest first. */
export async function readPolicyHistory(journal: Pick<Journal, 'query'>, now: number): Promise<StoredEvent[]> {
  const grants = await readNewestFirst(journal, POLICY_HISTORY_KINDS, () => true);
  grants.reverse();
  const state = createPolicyState();
  for (const event of grants) applyPolicyEvent(state, event);
  const live = new Set(liveLeases(state, now).map((lease) => lease.id));
  let oldestLive = Infinity;
  for (const event of grants) {
    const lease =
      event.kind === 'leases.created' ? (event.payload['lease'] as { id?: unknown } | undefined) : undefined;
    if (typeof lease?.id === 'string' && live.has(lease.id)) oldestLive = Math.min(oldestLive, event.seq);
  }
  if (oldestLive === Infinity) return grants;
  const decisions = await readNewestFirst(journal, ['policy.decision'], (page) =>
    page.every((event) => event.seq > oldestLive),
  );
  return [...grants, ...decisions.filter((event) => event.seq > oldestLive).reverse()].sort((a, b) => a.seq - b.seq);
}
