/**
 * Erasure in the server's event store (SPEC §7): tables `erased_conversations` and
 * `erased_episodes` remember, per project, which conversations a tombstone erased and
 * which episodes (corr ids) belong to them, so the rule holds across restarts and for
 * events that arrive late. Runs inside the event store's append transaction; it only
 * deletes rows and answers "do not store this", never serves or notifies.
 */
import type { EventEnvelope } from '../../spec/envelope';
import { isErasable, TOMBSTONE_KIND } from '../../core/read-models/erasure';
import type { ServerDb } from './db';

/** What one erasure removed: the conversation, its project and the removed event ids. */
export interface ErasedRows {
  conversationId: string;
  projectId: string | undefined;
  ids: string[];
}

export interface EventErasure {
  /** The tombstone's server_seq when `event` belongs to an erased conversation (it is then not stored). */
  erasedBy(event: EventEnvelope, removed: ErasedRows[]): number | undefined;
  /** True when `corrId` of `projectId` is an episode of an erased conversation (its leases.* rows stay). */
  isErasedEpisode(projectId: string | undefined, corrId: string): boolean;
  /** After a tombstone was stored at `serverSeq`: erases its conversation's rows (noted in `removed`, even when none). */
  applyTombstone(event: EventEnvelope, serverSeq: number, removed: ErasedRows[]): void;
}

// erased_conversations and erased_episodes come from storage/migrations.ts (applied by openServerDb).

/** NULL never equals itself in a key: events without a project are keyed by ''. */
const keyOf = (event: EventEnvelope) => event.project_id ?? '';

const OWN_KINDS = new Set(['conversation.created', 'conversation.renamed']);

function conversationIdOf(event: EventEnvelope): string | undefined {
  const value = (event.payload as { conversation_id?: unknown }).conversation_id;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function tombstoneCorrIds(event: EventEnvelope): string[] {
  const value = (event.payload as { corr_ids?: unknown }).corr_ids;
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && id.length > 0) : [];
}

/** Creates the tables if needed; the statements run in the caller's transaction. */
export function createEventErasure(db: ServerDb): EventErasure {
  const conversation = db.prepare<[string, string], { tombstone_seq: number }>(
    'SELECT tombstone_seq FROM erased_conversations WHERE project_key = ? AND conversation_id = ?',
  );
  const episode = db.prepare<[string, string], { tombstone_seq: number; conversation_id: string }>(
    `SELECT c.tombstone_seq, c.conversation_id FROM erased_episodes e JOIN erased_conversations c
       ON c.project_key = e.project_key AND c.conversation_id = e.conversation_id
     WHERE e.project_key = ? AND e.corr_id = ?`,
  );
  const addConversation = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO erased_conversations (project_key, conversation_id, tombstone_seq) VALUES (?, ?, ?)',
  );
  const addEpisode = db.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO erased_episodes (project_key, corr_id, conversation_id) VALUES (?, ?, ?)',
  );
  // `IFNULL(project_id, '')` matches the key; the kind index narrows the JSON reads to starts.
  const starts = db.prepare<[string, string], { corr_id: string }>(
    `SELECT DISTINCT corr_id FROM events WHERE kind = 'episode.started' AND corr_id IS NOT NULL
       AND IFNULL(project_id, '') = ? AND json_extract(json, '$.payload.conversation_id') = ?`,
  );
  const ofEpisode = db.prepare<[string, string], { server_seq: number; id: string; kind: string }>(
    "SELECT server_seq, id, kind FROM events WHERE corr_id = ? AND IFNULL(project_id, '') = ?",
  );
  const ownRows = db.prepare<[string, string], { server_seq: number; id: string; kind: string }>(
    `SELECT server_seq, id, kind FROM events WHERE kind IN ('conversation.created', 'conversation.renamed')
       AND IFNULL(project_id, '') = ? AND json_extract(json, '$.payload.conversation_id') = ?`,
  );
  const remove = db.prepare<[number]>('DELETE FROM events WHERE server_seq = ?');
  const erasedEpisode = db.prepare<[string, string], { n: number }>(
    'SELECT 1 AS n FROM erased_episodes WHERE project_key = ? AND corr_id = ?',
  );
  // Most stores never saw an erasure: then no row needs asking about (a lookup per appended
  // event, and per episode of every fresh /state view). Set for good by the first tombstone
  // (a rolled-back one only costs the lookups again).
  let anyErased =
    db.prepare('SELECT 1 FROM erased_conversations UNION ALL SELECT 1 FROM erased_episodes LIMIT 1').get() !==
    undefined;

  /** Deletes the erasable rows of `corrIds` (and the conversation's own rows when `own`); returns their ids. */
  const eraseRows = (project: string, conversationId: string, corrIds: Iterable<string>, own: boolean) => {
    const rows = own ? ownRows.all(project, conversationId) : [];
    for (const corrId of corrIds) rows.push(...ofEpisode.all(corrId, project).filter((row) => isErasable(row.kind)));
    for (const row of rows) remove.run(row.server_seq);
    return rows.map((row) => row.id);
  };

  const note = (removed: ErasedRows[], event: EventEnvelope, conversationId: string, ids: string[]) => {
    if (ids.length > 0) removed.push({ conversationId, projectId: event.project_id, ids });
  };

  return {
    erasedBy(event, removed) {
      if (!anyErased || !isErasable(event.kind)) return undefined;
      const project = keyOf(event);
      const own = OWN_KINDS.has(event.kind) || event.kind === 'episode.started' ? conversationIdOf(event) : undefined;
      const erased = own === undefined ? undefined : conversation.get(project, own);
      if (erased !== undefined && own !== undefined) {
        // A late start: its episode joins the erasure, with whatever of it arrived before.
        if (event.kind === 'episode.started' && event.corr_id !== undefined) {
          addEpisode.run(project, event.corr_id, own);
          note(removed, event, own, eraseRows(project, own, [event.corr_id], false));
        }
        return erased.tombstone_seq;
      }
      if (event.corr_id === undefined) return undefined;
      return episode.get(project, event.corr_id)?.tombstone_seq;
    },
    isErasedEpisode: (projectId, corrId) => anyErased && erasedEpisode.get(projectId ?? '', corrId) !== undefined,
    applyTombstone(event, serverSeq, removed) {
      if (event.kind !== TOMBSTONE_KIND) return;
      const conversationId = conversationIdOf(event);
      if (conversationId === undefined) return;
      anyErased = true;
      const project = keyOf(event);
      addConversation.run(project, conversationId, serverSeq);
      const corrIds = new Set(tombstoneCorrIds(event));
      for (const row of starts.all(project, conversationId)) corrIds.add(row.corr_id);
      for (const corrId of corrIds) addEpisode.run(project, corrId, conversationId);
      // Noted even when no row was left: listeners still erase the conversation's Yjs thread.
      removed.push({
        conversationId,
        projectId: event.project_id,
        ids: eraseRows(project, conversationId, corrIds, true),
      });
    },
  };
}
