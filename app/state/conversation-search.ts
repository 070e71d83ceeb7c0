/**
 * Search across conversations: their titles, then the people's messages (`obs.recorded`
 * from the user) and the replies (`actions.taken` reply) of their episodes, read from
 * the journal page by page. Plain substring, case-insensitive; each hit carries a
 * snippet around the first match. Reads only.
 */
import type { Journal } from '../../core/journal/types';
import type { ConversationSummary } from '../../core/read-models/conversations';

export interface ConversationHit {
  conversation_id: string;
  title: string;
  /** Where it matched: the title, a message of the person, or a reply. */
  where: 'title' | 'message' | 'reply';
  /** The matching text, clipped around the match (`…` marks a cut). */
  snippet: string;
  /** The episode of the matching message. */
  corr_id?: string;
  time?: string;
}

/** Pages of 1000 read per kind, newest first (50,000 messages and replies). */
const MAX_PAGES = 50;
const CONTEXT = 40;

/** `text` around its first match of `needle` (lower case), on one line. */
export function snippetAround(text: string, needle: string): string | undefined {
  const line = text.replace(/\s+/g, ' ');
  const at = line.toLowerCase().indexOf(needle);
  if (at === -1) return undefined;
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(line.length, at + needle.length + CONTEXT);
  return `${start > 0 ? '…' : ''}${line.slice(start, end).trim()}${end < line.length ? '…' : ''}`;
}

function messageOf(
  kind: string,
  payload: Record<string, unknown>,
): { where: 'message' | 'reply'; text: string } | undefined {
  if (kind === 'obs.recorded' && payload['source'] === 'user' && typeof payload['text'] === 'string')
    return { where: 'message', text: payload['text'] };
  const output = payload['output'] as { text?: unknown } | undefined;
  if (kind === 'actions.taken' && payload['action'] === 'reply' && typeof output?.text === 'string')
    return { where: 'reply', text: output.text };
  return undefined;
}

/** Hits in title order of `conversations` first, then messages newest first (at most `limit`). */
export async function searchConversations(
  deps: { journal: Pick<Journal, 'query'>; conversations: readonly ConversationSummary[] },
  text: string,
  limit = 100,
): Promise<ConversationHit[]> {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const hits: ConversationHit[] = [];
  const byCorr = new Map<string, ConversationSummary>();
  const titled = new Set<string>();
  for (const c of deps.conversations) {
    for (const corrId of c.corr_ids) byCorr.set(corrId, c);
    const snippet = snippetAround(c.title, needle);
    if (snippet) hits.push({ conversation_id: c.id, title: c.title, where: 'title', snippet });
    if (snippet) titled.add(c.id);
  }
  for (const kind of ['obs.recorded', 'actions.taken']) {
    let beforeSeq: number | undefined;
    for (let page = 0; page < MAX_PAGES && hits.length < limit; page++) {
      const result = await deps.journal.query({
        kindPrefixes: [kind],
        limit: 1000,
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      });
      for (const event of result.events) {
        const conversation = event.corr_id ? byCorr.get(event.corr_id) : undefined;
        const message = conversation && messageOf(event.kind, event.payload);
        const snippet = message && snippetAround(message.text, needle);
        if (!conversation || !message || !snippet) continue;
        // The first message is often the title itself: one hit for both.
        if (message.text.replace(/\s+/g, ' ').trim() === conversation.title && titled.has(conversation.id)) continue;
        hits.push({
          conversation_id: conversation.id,
          title: conversation.title,
          where: message.where,
          snippet,
          corr_id: event.corr_id!,
          time: event.time,
        });
      }
      if (result.nextBeforeSeq === undefined) break;
      beforeSeq = result.nextBeforeSeq;
    }
  }
  return hits.slice(0, limit);
}
