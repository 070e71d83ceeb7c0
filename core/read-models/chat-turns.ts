/**
 * Chat turns derived from journal events, so the conversation survives a reload: one
 * variant per episode that observed a user message, with the reply from `actions.taken`
 * (or the streamed tokens, folded by reply-text.ts, while running / when stopped), and
 * how it ended; variants are grouped into turns by `turn_of` (turn-variants.ts). Pure;
 * the events are put in (time, id) order and deduplicated by id first, so the turns
 * depend only on the set of events.
 */
import type { EventEnvelope } from '../../spec';
import type { ChatMessage } from '../agent/model';
import { conversationOfEpisode } from './conversations';
import { compareEvents } from './order';
import { emptyReplyTexts, foldReplyText, replyTextOf } from './reply-text';
import { groupVariants, type ChatTurn, type ChatVariant } from './turn-variants';

export type { ChatTurn, ChatVariant, TurnStatus } from './turn-variants';

/** Kinds a turn is made of; the journal query at start asks for these. */
export const CHAT_KINDS = [
  'episode.',
  'obs.recorded',
  'actions.taken',
  'tokens.in',
  'tokens.out',
  'tool.error',
] as const;

interface Acc {
  turn: ChatVariant;
  hasUser: boolean;
  /** Its conversation (SPEC §7): `episode.started`'s, else the project's earlier messages. */
  conversation: string;
  finalReply?: string;
}

/** Chat episodes recorded before the model selector named their agent after the probe model. */
const LEGACY_CHAT_AGENTS: readonly string[] = ['probe'];

/** `events` in (time, id) order, each id once (the first copy wins). */
function distinctInOrder(events: readonly EventEnvelope[]): EventEnvelope[] {
  const byId = new Map<string, EventEnvelope>();
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, event);
  return [...byId.values()].sort(compareEvents);
}

/**
 * Turns oldest → newest, at most `limit` (the newest), each showing its newest variant.
 * With `agent`, episodes started for another agent are left out (episodes without a start
 * event are kept). With `conversation`, only that conversation's episodes are kept
 * (core/read-models/conversations.ts).
 */
export function deriveTurns(
  events: readonly EventEnvelope[],
  options: { agent?: string; limit?: number; conversation?: string } = {},
): ChatTurn[] {
  const byCorr = new Map<string, Acc>();
  const replies = emptyReplyTexts();
  for (const event of distinctInOrder(events)) {
    const corrId = event.corr_id;
    if (!corrId) continue;
    let acc = byCorr.get(corrId);
    if (!acc) {
      acc = {
        turn: { corrId, time: event.time, user: '', reply: '', status: 'running' },
        hasUser: false,
        conversation: conversationOfEpisode(event),
      };
      byCorr.set(corrId, acc);
    }
    foldReplyText(replies, event);
    const p = event.payload;
    switch (event.kind) {
      case 'episode.started':
        acc.turn.time = event.time;
        acc.conversation = conversationOfEpisode(event);
        if (typeof p.agent === 'string') acc.turn.agent = p.agent;
        if (typeof p.turn_of === 'string') acc.turn.turnOf = p.turn_of;
        if (!acc.hasUser && typeof p.input === 'string') acc.turn.user = p.input;
        break;
      case 'obs.recorded':
        if (p.source === 'user' && !acc.hasUser) {
          acc.hasUser = true;
          acc.turn.user = typeof p.text === 'string' ? p.text : '';
        }
        break;
      case 'tokens.in':
        if (typeof p.text === 'string') acc.turn.prompt = p.text;
        break;
      case 'actions.taken': {
        const output = p.output as { text?: unknown } | undefined;
        if (p.action === 'reply' && typeof output?.text === 'string') acc.finalReply = output.text;
        break;
      }
      case 'episode.completed':
        acc.turn.status = acc.turn.status === 'error' ? 'error' : 'completed';
        break;
      case 'episode.canceled':
        acc.turn.status = 'canceled';
        break;
      case 'episode.error':
        acc.turn.status = 'error';
        acc.turn.error = typeof p.message === 'string' ? p.message : 'the episode failed';
        break;
      case 'tool.error':
        acc.turn.error ??=
          typeof p.message === 'string' ? `tool ${String(p.tool ?? '')} failed: ${p.message}` : undefined;
        break;
    }
  }
  const variants: ChatVariant[] = [];
  for (const acc of byCorr.values()) {
    const started = acc.turn.agent !== undefined;
    if (!acc.hasUser && !started) continue;
    if (options.conversation !== undefined && acc.conversation !== options.conversation) continue;
    if (options.agent && started && acc.turn.agent !== options.agent && !LEGACY_CHAT_AGENTS.includes(acc.turn.agent!))
      continue;
    acc.turn.reply = acc.finalReply ?? replyTextOf(replies, acc.turn.corrId)?.text ?? '';
    variants.push(acc.turn);
  }
  const turns = groupVariants(variants);
  return options.limit ? turns.slice(-options.limit) : turns;
}

/** The conversation as model messages: each finished turn's (shown variant's) user text and reply. */
export function historyOf(turns: readonly ChatVariant[], maxMessages = 20): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const turn of turns) {
    if (turn.status === 'running' || !turn.user) continue;
    messages.push({ role: 'user', content: turn.user });
    if (turn.reply) messages.push({ role: 'assistant', content: turn.reply });
  }
  return messages.slice(-maxMessages);
}
