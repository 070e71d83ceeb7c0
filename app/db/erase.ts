/**
 * Physical erasure of one conversation from the Dexie journal (SPEC §7, spec/journal.md
 * J17): the one write that is not an append. Finds the rows through the compound
 * indexes ([kind+seq] for the conversation's own events and its episode starts,
 * [corr_id+seq] for each episode) and deletes them in one transaction. Which kinds stay
 * (tombstones, leases.*) is core's rule; this module only applies it to rows.
 */
import Dexie from 'dexie';
import { isErasable } from '../../core/read-models/erasure';
import type { StoredEvent } from '../../core/journal/types';
import type { JournalDb } from './schema';

/** The kinds that carry their conversation in `payload.conversation_id` and go with it. */
const OWN_KINDS = ['conversation.created', 'conversation.renamed'] as const;

/** Rows of one kind, in seq order, straight from the [kind+seq] index. */
function rowsOfKind(db: JournalDb, kind: string) {
  return db.events.where('[kind+seq]').between([kind, Dexie.minKey], [kind, Dexie.maxKey]);
}

const namesConversation = (conversationId: string) => (event: StoredEvent) =>
  (event.payload as { conversation_id?: unknown }).conversation_id === conversationId;

/** The removed rows: their seq (primary key) and id. */
export interface ErasedRows {
  seqs: number[];
  ids: string[];
}

/** Meta key of the erased episodes of one conversation (kept after their rows are gone). */
export const ERASURE_META_PREFIX = 'erasure:';

/** Every conversation's erased episodes, as `eraseConversationRows` recorded them. */
export async function readErasedEpisodes(db: JournalDb): Promise<Record<string, string[]>> {
  const rows = await db.meta.where('key').startsWith(ERASURE_META_PREFIX).toArray();
  const out: Record<string, string[]> = {};
  for (const row of rows)
    if (Array.isArray(row.value)) out[row.key.slice(ERASURE_META_PREFIX.length)] = row.value.map(String);
  return out;
}

/**
 * Removes the conversation's rows: its `conversation.created|renamed`, and every erasable
 * event of `corrIds` and of the episodes whose `episode.started` here names it.
 */
export function eraseConversationRows(
  db: JournalDb,
  conversationId: string,
  corrIds: readonly string[],
): Promise<ErasedRows> {
  return db.transaction('rw', db.events, db.meta, async () => {
    const mine = namesConversation(conversationId);
    const starts = await rowsOfKind(db, 'episode.started').filter(mine).toArray();
    const episodes = new Set(corrIds);
    for (const start of starts) if (start.corr_id !== undefined) episodes.add(start.corr_id);
    const doomed = new Map<number, string>();
    for (const kind of OWN_KINDS) {
      for (const row of await rowsOfKind(db, kind).filter(mine).toArray()) doomed.set(row.seq, row.id);
    }
    for (const corrId of episodes) {
      const rows = await db.events
        .where('[corr_id+seq]')
        .between([corrId, Dexie.minKey], [corrId, Dexie.maxKey])
        .filter((row) => isErasable(row.kind))
        .toArray();
      for (const row of rows) doomed.set(row.seq, row.id);
    }
    const seqs = [...doomed.keys()];
    if (seqs.length > 0) await db.events.bulkDelete(seqs);
    // The episodes' leases.* rows stay with their corr ids: which episodes those were must outlive the rows.
    const key = ERASURE_META_PREFIX + conversationId;
    const known = (await db.meta.get(key))?.value;
    const all = new Set([...(Array.isArray(known) ? known.map(String) : []), ...episodes]);
    if (all.size > 0 && (!Array.isArray(known) || all.size > known.length)) await db.meta.put({ key, value: [...all] });
    return { seqs, ids: [...doomed.values()] };
  });
}
