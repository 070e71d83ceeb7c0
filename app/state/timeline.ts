/**
 * Turns a chronological list of events into sidecar timeline rows: one row per event,
 * except that an episode's `tokens.out` chunks make one live "token stream" row, placed
 * at its first chunk, whose text and counts come from core's reply-text fold. Pure.
 */
import type { EventEnvelope } from '../../spec';
import { emptyReplyTexts, foldReplyText, replyKeyOf, replyTextOf } from '../../core/read-models/reply-text';
import { STAGE_OF, summarizeEvent, type Tone } from './event-summary';

export const TIMELINE_CAP = 100;

export interface TimelineRow {
  /** Stable key: the event id (or the first chunk's id for a token stream). */
  key: string;
  kind: string;
  time: string;
  corrId?: string;
  stage?: string;
  title: string;
  detail?: string;
  tone: Tone;
  /** Present on a token stream row. */
  tokens?: { text: string; count: number; chunks: number; done: boolean };
}

export type TimelineOrder = 'chronological' | 'newest-first';

/**
 * `events` must be chronological. Returns at most `cap` rows: the newest ones, in
 * `order` (chronological for one episode, newest first for "all"); `who` names devices.
 */
export function buildTimeline(
  events: readonly EventEnvelope[],
  order: TimelineOrder,
  cap = TIMELINE_CAP,
  who?: (actor: string) => string,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const streamRows = new Map<string, TimelineRow>();
  const replies = emptyReplyTexts();
  for (const event of events) {
    foldReplyText(replies, event);
    if (event.kind === 'tokens.out') {
      const streamKey = replyKeyOf(event);
      if (!streamRows.has(streamKey)) {
        const row: TimelineRow = {
          key: event.id,
          kind: event.kind,
          time: event.time,
          corrId: event.corr_id,
          title: '',
          tone: 'info',
        };
        streamRows.set(streamKey, row);
        rows.push(row);
      }
      continue;
    }
    const summary = summarizeEvent(event, who);
    rows.push({
      key: event.id,
      kind: event.kind,
      time: event.time,
      corrId: event.corr_id,
      stage: STAGE_OF[event.kind],
      title: summary.title,
      detail: summary.detail,
      tone: summary.tone,
    });
  }
  for (const [streamKey, row] of streamRows) {
    const reply = replyTextOf(replies, streamKey)!;
    row.tokens = reply;
    row.title = `Tokens · ${reply.count}${reply.done ? '' : ' · streaming'}`;
  }
  const newest = rows.slice(Math.max(0, rows.length - cap));
  return order === 'chronological' ? newest : newest.reverse();
}
