/**
 * Mirrors one locally run episode into a shared thread: the user's message, then the
 * assistant's message whose `Y.Text` receives every token as it streams (so the other
 * devices read the reply live), closed with how the run ended. The episode itself still
 * runs here and is journaled as usual; the thread is what the people share.
 */
import type * as Y from 'yjs';
import type { EpisodeInput, EpisodeOutcome, EpisodeOutcomeStatus } from '../../core/agent/run-episode';
import {
  appendMessage,
  appendText,
  finishMessage,
  readThread,
  threadHistory,
  type Author,
  type MessageStatus,
} from './thread';

const STATUS_OF: Record<EpisodeOutcomeStatus, MessageStatus> = {
  completed: 'done',
  canceled: 'stopped',
  error: 'error',
};

export interface MirrorDeps {
  doc: Y.Doc;
  author: Author;
  newId(): string;
  /** ISO time for the messages. */
  now(): string;
}

export type RunEpisode = (input: EpisodeInput, signal: AbortSignal) => Promise<EpisodeOutcome>;

/**
 * Runs `run` with the thread's history as context, writing the exchange into the thread.
 * A failure marks the reply `error` and is rethrown.
 */
export async function runMirrored(
  deps: MirrorDeps,
  run: RunEpisode,
  input: EpisodeInput,
  signal: AbortSignal,
): Promise<EpisodeOutcome> {
  const corrId = input.corrId ?? deps.newId();
  const history = threadHistory(readThread(deps.doc));
  const time = deps.now();
  const replyId = deps.newId();
  deps.doc.transact(() => {
    appendMessage(deps.doc, {
      id: deps.newId(),
      author: deps.author,
      role: 'user',
      text: input.text,
      corr_id: corrId,
      time,
    });
    appendMessage(deps.doc, {
      id: replyId,
      author: deps.author,
      role: 'assistant',
      text: '',
      corr_id: corrId,
      time,
      status: 'streaming',
    });
  });
  try {
    const outcome = await run(
      {
        ...input,
        corrId,
        history,
        onToken: (token) => {
          input.onToken?.(token);
          appendText(deps.doc, replyId, token);
        },
      },
      signal,
    );
    finishMessage(deps.doc, replyId, STATUS_OF[outcome.status], outcome.reply);
    return outcome;
  } catch (error) {
    finishMessage(deps.doc, replyId, 'error');
    throw error;
  }
}
