/**
 * The reply an episode streamed, from its `tokens.out` chunks (SPEC E3): the chunk texts
 * joined in `seq` order, their token counts summed, done once a chunk says `final` or the
 * episode ended. The one fold of `tokens.out` text: chat turns and the timeline's token
 * row both read it. Idempotent by event id and commutative, like every read-model.
 */
import type { EventEnvelope } from '../../spec';
import { compareEvents } from './order';
import type { ReadModel } from './types';

export interface ReplyText {
  text: string;
  /** Tokens over all chunks (the chunks' `count`). */
  count: number;
  chunks: number;
  done: boolean;
}

interface Chunk {
  readonly id: string;
  readonly time: string;
  readonly seq: number | undefined;
  readonly text: string;
  readonly count: number;
}

interface ReplyAccumulator {
  /** By event id: a chunk delivered twice is one chunk. */
  readonly chunks: Map<string, Chunk>;
  final: boolean;
  ended: boolean;
}

export interface ReplyTextsState {
  /** By stream: the `corr_id`, or the chunk's own id when it has none. */
  readonly replies: Map<string, ReplyAccumulator>;
}

/** A state with no reply yet. */
export function emptyReplyTexts(): ReplyTextsState {
  return { replies: new Map() };
}

/** The kinds that end an episode, and with it its token stream. */
function endsEpisode(kind: string): boolean {
  return kind.startsWith('episode.') && kind !== 'episode.started';
}

/**
 * By `seq`, then by (time, id). The schema requires `seq`; a chunk without one (an
 * unvalidated payload) goes after the numbered ones, in event order.
 */
function compareChunks(a: Chunk, b: Chunk): number {
  if (a.seq !== b.seq) {
    if (a.seq === undefined) return 1;
    if (b.seq === undefined) return -1;
    return a.seq - b.seq;
  }
  return compareEvents(a, b);
}

function accumulatorFor(state: ReplyTextsState, key: string): ReplyAccumulator {
  let acc = state.replies.get(key);
  if (acc === undefined) {
    acc = { chunks: new Map(), final: false, ended: false };
    state.replies.set(key, acc);
  }
  return acc;
}

/** The stream a `tokens.out` event belongs to (the key of the view). */
export function replyKeyOf(event: EventEnvelope): string {
  return event.corr_id ?? event.id;
}

/** Folds one event: a `tokens.out` chunk, or the end of its episode; every other event is ignored. */
export function foldReplyText(state: ReplyTextsState, event: EventEnvelope): ReplyTextsState {
  if (event.kind === 'tokens.out') {
    const acc = accumulatorFor(state, replyKeyOf(event));
    const p = event.payload;
    acc.chunks.set(event.id, {
      id: event.id,
      time: event.time,
      seq: typeof p['seq'] === 'number' ? p['seq'] : undefined,
      text: typeof p['text'] === 'string' ? p['text'] : '',
      count: typeof p['count'] === 'number' ? p['count'] : 0,
    });
    if (p['final'] === true) acc.final = true;
  } else if (event.corr_id !== undefined && endsEpisode(event.kind)) {
    accumulatorFor(state, event.corr_id).ended = true;
  }
  return state;
}

/** The reply of one stream as it stands. */
function replyOf(acc: ReplyAccumulator): ReplyText {
  const chunks = [...acc.chunks.values()].sort(compareChunks);
  return {
    text: chunks.map((chunk) => chunk.text).join(''),
    count: chunks.reduce((sum, chunk) => sum + chunk.count, 0),
    chunks: chunks.length,
    done: acc.final || acc.ended,
  };
}

/** The reply of stream `key` (a `corr_id`), or undefined when no chunk of it was folded. */
export function replyTextOf(state: ReplyTextsState, key: string): ReplyText | undefined {
  const acc = state.replies.get(key);
  return acc === undefined || acc.chunks.size === 0 ? undefined : replyOf(acc);
}

/** The reply texts as a read-model: the view maps each stream that has chunks to its reply. */
export function createReplyTextsModel(): ReadModel<ReplyTextsState, Record<string, ReplyText>> {
  return {
    id: 'reply-texts',
    init: emptyReplyTexts,
    apply: foldReplyText,
    view(state) {
      const view: Record<string, ReplyText> = {};
      for (const key of [...state.replies.keys()].sort()) {
        const reply = replyTextOf(state, key);
        if (reply !== undefined) view[key] = reply;
      }
      return view;
    },
  };
}
