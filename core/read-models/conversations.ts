/**
 * Conversations (SPEC §7) folded from the journal: `conversation.created|renamed|deleted`
 * plus the episodes whose `episode.started` names a `conversation_id`. Episodes recorded
 * before conversations existed (no `conversation_id`) form one "Earlier messages"
 * conversation per project. Pure and order-independent: events are deduplicated by id
 * and put in (time, id) order first, so the list depends only on the set of events.
 */
import type { EventEnvelope } from '../../spec';
import { compareEvents } from './order';

/** Stands for "no project" in ids (never a valid project id). */
export const PERSONAL_KEY = '~personal';
export const LEGACY_PREFIX = 'legacy:';
export const LEGACY_TITLE = 'Earlier messages';
export const UNTITLED = 'New conversation';
/** A first message longer than this is clipped (with an ellipsis) to make the title. */
export const TITLE_CLIP = 60;

export interface ConversationSummary {
  id: string;
  project_id?: string;
  /** Newest rename > created title > first user message (clipped) > "New conversation". */
  title: string;
  /** `recipe:<id>`, `agent:chat`, a model id; `chat` for the earlier messages. */
  agent: string;
  recipe_id?: string;
  /** The model of its newest episode, else the one it was created with. */
  model?: string;
  /** ISO time of `conversation.created` (or of its first episode). */
  created: string;
  /** ISO time of its newest event. */
  last_activity: string;
  /** Its episodes, oldest first. */
  corr_ids: string[];
  legacy: boolean;
}

/**
 * `legacy:<project or ~personal>`: the project's main conversation: the episodes without a
 * `conversation_id` and the messages sent while a project has no other conversation (every
 * device picks the same one, so a shared project's devices meet in its `main` thread).
 */
export function legacyConversationId(projectId: string | undefined): string {
  return `${LEGACY_PREFIX}${projectId ?? PERSONAL_KEY}`;
}

export function isLegacyConversation(id: string): boolean {
  return id.startsWith(LEGACY_PREFIX);
}

/** The conversation an episode belongs to, from its `episode.started` (or any of its events). */
export function conversationOfEpisode(event: Pick<EventEnvelope, 'payload' | 'project_id'>): string {
  const id = event.payload['conversation_id'];
  return typeof id === 'string' && id ? id : legacyConversationId(event.project_id);
}

/** `text` on one line, at most `TITLE_CLIP` characters (an ellipsis marks a cut). */
export function clipTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_CLIP ? line : `${line.slice(0, TITLE_CLIP - 1).trimEnd()}…`;
}

interface Acc {
  summary: ConversationSummary;
  createdTitle?: string;
  renamed?: string;
  firstUser?: string;
  hasCreated: boolean;
  /** Has episodes recorded before conversations existed (no `conversation_id`). */
  hasUnassigned?: boolean;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export interface ConversationsOptions {
  /** Only episodes started for one of these agents join a conversation (default: all). */
  agents?: readonly string[];
}

/**
 * Every live conversation, newest activity first. A conversation with a tombstone is
 * left out, whatever else is still in the journal for it.
 */
export function deriveConversations(
  events: readonly EventEnvelope[],
  options: ConversationsOptions = {},
): ConversationSummary[] {
  const byId = new Map<string, EventEnvelope>();
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, event);
  const ordered = [...byId.values()].sort(compareEvents);

  const conversations = new Map<string, Acc>();
  const deleted = new Set<string>();
  const episodeOf = new Map<string, Acc>();
  const accFor = (id: string, event: EventEnvelope, agent: string): Acc => {
    let acc = conversations.get(id);
    if (!acc) {
      acc = {
        summary: {
          id,
          ...(event.project_id !== undefined ? { project_id: event.project_id } : {}),
          title: UNTITLED,
          agent,
          created: event.time,
          last_activity: event.time,
          corr_ids: [],
          legacy: isLegacyConversation(id),
        },
        hasCreated: false,
      };
      conversations.set(id, acc);
    }
    return acc;
  };

  for (const event of ordered) {
    const p = event.payload;
    switch (event.kind) {
      case 'conversation.created': {
        const id = str(p['conversation_id']);
        if (!id) break;
        const acc = accFor(id, event, str(p['agent']) ?? 'chat');
        if (!acc.hasCreated) {
          acc.hasCreated = true;
          acc.summary.agent = str(p['agent']) ?? acc.summary.agent;
          acc.summary.created = event.time;
          if (event.project_id !== undefined) acc.summary.project_id = event.project_id;
          const title = str(p['title'])?.trim();
          if (title) acc.createdTitle = title;
          const recipe = str(p['recipe_id']);
          if (recipe) acc.summary.recipe_id = recipe;
          const model = str(p['model']);
          if (model && !acc.summary.model) acc.summary.model = model;
        }
        break;
      }
      case 'conversation.renamed': {
        const id = str(p['conversation_id']);
        const title = str(p['title'])?.trim();
        // Ordered by (time, id): the last rename seen is the newest.
        if (id && title) accFor(id, event, 'chat').renamed = title;
        break;
      }
      case 'conversation.deleted': {
        const id = str(p['conversation_id']);
        if (id) deleted.add(id);
        break;
      }
      case 'episode.started': {
        if (!event.corr_id || episodeOf.has(event.corr_id)) break;
        const agent = str(p['agent']);
        if (options.agents && (!agent || !options.agents.includes(agent))) break;
        const acc = accFor(conversationOfEpisode(event), event, agent ?? 'chat');
        acc.summary.corr_ids.push(event.corr_id);
        episodeOf.set(event.corr_id, acc);
        if (!str(p['conversation_id'])) acc.hasUnassigned = true;
        const model = str(p['model']);
        if (model) acc.summary.model = model;
        const input = str(p['input']);
        if (acc.firstUser === undefined && input?.trim()) acc.firstUser = input;
        break;
      }
    }
    const acc = event.corr_id ? episodeOf.get(event.corr_id) : undefined;
    if (acc && event.kind === 'obs.recorded' && p['source'] === 'user' && acc.summary.corr_ids[0] === event.corr_id) {
      const text = str(p['text']);
      if (text?.trim()) acc.firstUser = text;
    }
    if (acc && event.time > acc.summary.last_activity) acc.summary.last_activity = event.time;
  }

  const list: ConversationSummary[] = [];
  for (const acc of conversations.values()) {
    const s = acc.summary;
    if (deleted.has(s.id)) continue;
    // A rename or a tombstone of a conversation this device never saw created is not one.
    if (!acc.hasCreated && s.corr_ids.length === 0 && !(s.legacy && acc.renamed)) continue;
    // The project's main conversation is "Earlier messages" only when it holds such episodes.
    const fallback = acc.firstUser ? clipTitle(acc.firstUser) : UNTITLED;
    s.title = acc.renamed ?? acc.createdTitle ?? (acc.hasUnassigned ? LEGACY_TITLE : fallback);
    list.push(s);
  }
  return list.sort((a, b) =>
    a.last_activity !== b.last_activity ? (a.last_activity < b.last_activity ? 1 : -1) : a.id < b.id ? 1 : -1,
  );
}

/** The conversations of one project (`undefined`: personal work). */
export function conversationsOfProject(
  list: readonly ConversationSummary[],
  projectId: string | undefined,
): ConversationSummary[] {
  return list.filter((c) => c.project_id === projectId);
}
