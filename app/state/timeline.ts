/**
 * Turns a chronological list of events into sidecar timeline rows: one row per event,
 * except that an episode's `tokens.out` chunks fold into one live "token stream" row
 * whose text is the chunks concatenated in `seq` order. Pure.
 */
import type { EventEnvelope } from '../../spec';
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

interface TokenAcc {
  row: TimelineRow;
  chunks: Array<{ seq: number; text: string }>;
  count: number;
  done: boolean;
}

/**
 * `events` must be chronological. Returns at most `cap` rows: the newest ones, in
 * `order` (chronological for one episode, newest first for "all").
 */
export function buildTimeline(events: readonly EventEnvelope[], order: TimelineOrder, cap = TIMELINE_CAP): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const streams = new Map<string, TokenAcc>();
  for (const event of events) {
    if (event.kind === 'tokens.out') {
      const streamKey = event.corr_id ?? event.id;
      let acc = streams.get(streamKey);
      if (!acc) {
        acc = { row: { key: event.id, kind: event.kind, time: event.time, corrId: event.corr_id, title: '', tone: 'info' }, chunks: [], count: 0, done: false };
        streams.set(streamKey, acc);
        rows.push(acc.row);
      }
      const p = event.payload;
      acc.chunks.push({ seq: typeof p.seq === 'number' ? p.seq : acc.chunks.length, text: typeof p.text === 'string' ? p.text : '' });
      acc.count += typeof p.count === 'number' ? p.count : 0;
      acc.done ||= p.final === true;
      continue;
    }
    if (event.kind.startsWith('episode.') && event.kind !== 'episode.started' && event.corr_id) {
      const acc = streams.get(event.corr_id);
      if (acc) acc.done = true;
    }
    const summary = summarizeEvent(event);
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
  for (const acc of streams.values()) {
    const text = acc.chunks.sort((a, b) => a.seq - b.seq).map((chunk) => chunk.text).join('');
    acc.row.tokens = { text, count: acc.count, chunks: acc.chunks.length, done: acc.done };
    acc.row.title = `Tokens · ${acc.count}${acc.done ? '' : ' · streaming'}`;
  }
  const newest = rows.slice(Math.max(0, rows.length - cap));
  return order === 'chronological' ? newest : newest.reverse();
}
