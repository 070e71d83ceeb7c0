/**
 * The erasure index (SPEC §7): which episodes belong to which conversation (from
 * `episode.started.payload.conversation_id`) and which conversations were erased (from
 * `conversation.deleted` tombstones and the episodes they list). Folded incrementally
 * and order-free: the set of events `isErased` answers true for depends only on the set
 * of events folded, so an event of an erased conversation that arrives late is still
 * erased. Pure: every store (browser journal, sync server) decides with the same rule.
 */
import type { EventEnvelope } from '../../spec';

export interface ErasureIndex {
  /** Episode corr_id → the conversation its `episode.started` named. */
  readonly episodes: Map<string, string>;
  /** Erased conversation id → its episodes known so far (from tombstones and episode.started). */
  readonly erased: Map<string, Set<string>>;
  /** Corr ids a tombstone named, → its conversation (an episode whose start this store never saw). */
  readonly named: Map<string, string>;
}

export const TOMBSTONE_KIND = 'conversation.deleted';

/** Kinds that name their conversation in `payload.conversation_id` and are erased with it. */
const CONVERSATION_KINDS = new Set(['conversation.created', 'conversation.renamed']);

export function createErasureIndex(): ErasureIndex {
  return { episodes: new Map(), erased: new Map(), named: new Map() };
}

/** The `payload.conversation_id` of `event`, when it is a non-empty string. */
function conversationIdOf(event: EventEnvelope): string | undefined {
  const value = (event.payload as { conversation_id?: unknown }).conversation_id;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The corr ids a tombstone lists (malformed entries ignored). */
function tombstoneCorrIds(event: EventEnvelope): string[] {
  const value = (event.payload as { corr_ids?: unknown }).corr_ids;
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && id.length > 0) : [];
}

/**
 * The conversation `event` belongs to by itself or through its episode, as far as the
 * index knows (undefined: none). The tombstone belongs to its conversation too.
 */
export function conversationOf(index: ErasureIndex, event: EventEnvelope): string | undefined {
  if (CONVERSATION_KINDS.has(event.kind) || event.kind === TOMBSTONE_KIND || event.kind === 'episode.started') {
    const own = conversationIdOf(event);
    if (own !== undefined) return own;
  }
  if (event.corr_id === undefined) return undefined;
  return index.episodes.get(event.corr_id) ?? index.named.get(event.corr_id);
}

/**
 * Folds one event in (in place). Returns the conversation whose erasure grew with it
 * (a tombstone arrived, or a start of an episode of an erased conversation): the caller
 * then removes what it already stored of that conversation. Idempotent.
 */
export function foldErasure(index: ErasureIndex, event: EventEnvelope): string | undefined {
  if (event.kind === TOMBSTONE_KIND) {
    const conversation = conversationIdOf(event);
    if (conversation === undefined) return undefined;
    let corrIds = index.erased.get(conversation);
    if (corrIds === undefined) index.erased.set(conversation, (corrIds = new Set()));
    for (const [corrId, owner] of index.episodes) if (owner === conversation) corrIds.add(corrId);
    for (const corrId of tombstoneCorrIds(event)) {
      corrIds.add(corrId);
      if (!index.named.has(corrId)) index.named.set(corrId, conversation);
    }
    return conversation;
  }
  if (event.kind === 'episode.started' && event.corr_id !== undefined) {
    const conversation = conversationIdOf(event);
    if (conversation === undefined || index.episodes.has(event.corr_id)) return undefined;
    index.episodes.set(event.corr_id, conversation);
    const erased = index.erased.get(conversation);
    if (erased === undefined || erased.has(event.corr_id)) return undefined;
    erased.add(event.corr_id);
    return conversation;
  }
  return undefined;
}

/**
 * Notes episodes a store erased earlier (its record of them outlives their rows), as if a
 * tombstone of `conversationId` had named them.
 */
export function noteErasedEpisodes(index: ErasureIndex, conversationId: string, corrIds: Iterable<string>): void {
  let erased = index.erased.get(conversationId);
  if (erased === undefined) index.erased.set(conversationId, (erased = new Set()));
  for (const corrId of corrIds) {
    erased.add(corrId);
    if (!index.named.has(corrId)) index.named.set(corrId, conversationId);
  }
}

/** Folds every event of `events` in; returns the conversations whose erasure grew. */
export function foldErasures(index: ErasureIndex, events: Iterable<EventEnvelope>): Set<string> {
  const grown = new Set<string>();
  for (const event of events) {
    const conversation = foldErasure(index, event);
    if (conversation !== undefined) grown.add(conversation);
  }
  return grown;
}

/** False for kinds no erasure removes: the tombstone itself and `leases.*` (a lease outlives the chat). */
export function isErasable(kind: string): boolean {
  return kind !== TOMBSTONE_KIND && !kind.startsWith('leases.');
}

/**
 * True for every event of an erased conversation (its `conversation.created|renamed`,
 * its episodes' events) except the tombstones and `leases.*` events.
 */
export function isErased(index: ErasureIndex, event: EventEnvelope): boolean {
  if (!isErasable(event.kind)) return false;
  const conversation = conversationOf(index, event);
  if (conversation !== undefined && index.erased.has(conversation)) return true;
  // An episode a tombstone named, whose start said another (or no) conversation.
  return event.corr_id !== undefined && index.named.has(event.corr_id);
}

/** The erased conversation `event` belongs to, if any (see `isErased`). */
export function erasedConversationOf(index: ErasureIndex, event: EventEnvelope): string | undefined {
  if (!isErased(index, event)) return undefined;
  const conversation = conversationOf(index, event);
  return conversation !== undefined && index.erased.has(conversation) ? conversation : index.named.get(event.corr_id!);
}

/**
 * True when `corrId` is an episode of an erased conversation. Its `leases.*` events stay
 * in the journal with that corr_id, so read-model views leave such episodes out.
 */
export function isErasedEpisode(index: ErasureIndex, corrId: string): boolean {
  if (index.named.has(corrId)) return true;
  const conversation = index.episodes.get(corrId);
  return conversation !== undefined && index.erased.has(conversation);
}

/** The episodes of an erased conversation the index knows (empty when it is not erased). */
export function erasedCorrIds(index: ErasureIndex, conversationId: string): string[] {
  return [...(index.erased.get(conversationId) ?? [])];
}
