/**
 * What the tool loop's `tokens.in` says about each model turn's prompt: the word count and
 * the text (clipped to MAX_TEXT) of every message so far. The conversation only grows, so
 * each message is counted and written once as it is added, not again on every later turn.
 */
import { clip, MAX_TEXT, wordCount } from './episode-scope';
import type { ChatMessage } from './model';

export interface PromptTally {
  /** Adds messages appended to the conversation since the last call. */
  add(messages: readonly ChatMessage[]): void;
  /** Words in every content and every tool call's arguments. */
  readonly count: number;
  /** `role: content [tool_calls JSON]` lines, clipped as `clip(text, MAX_TEXT)` would. */
  readonly text: string;
}

export const promptLine = (m: ChatMessage) =>
  `${m.role}: ${m.content}${m.tool_calls ? ` ${JSON.stringify(m.tool_calls)}` : ''}`;

export function createPromptTally(): PromptTally {
  let count = 0;
  // The text's first MAX_TEXT + 1 characters: enough to clip it exactly, and no more to keep.
  let head = '';
  let lines = 0;
  const full = () => head.length > MAX_TEXT;
  return {
    add(messages) {
      for (const m of messages) {
        count += wordCount(m.content);
        for (const call of m.tool_calls ?? []) count += wordCount(call.arguments);
        if (!full()) {
          head += (lines === 0 ? '' : '\n') + promptLine(m);
          if (full()) head = head.slice(0, MAX_TEXT + 1);
        }
        lines += 1;
      }
    },
    get count() {
      return count;
    },
    get text() {
      return clip(head, MAX_TEXT);
    },
  };
}
