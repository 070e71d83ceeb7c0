/**
 * Caps what reaches a model to the runtime profile's context length (characters):
 * system messages first, then the newest messages that fit, oldest dropped whole. The
 * last message (the prompt) is always kept; if it alone is too long its end is kept,
 * since that is where a model continues from. Pure; counts characters, not tokens.
 */
import type { ChatMessage } from '../agent/model';

export interface CappedContext {
  messages: ChatMessage[];
  /** Messages left out entirely. */
  dropped: number;
  /** True when the prompt itself was shortened. */
  clipped: boolean;
}

/** The messages that fit `maxChars` (see the module comment for the order of what is kept). */
export function capContext(messages: readonly ChatMessage[], maxChars: number): CappedContext {
  const total = messages.reduce((sum, message) => sum + message.content.length, 0);
  if (total <= maxChars || messages.length === 0) return { messages: [...messages], dropped: 0, clipped: false };
  const last = messages[messages.length - 1]!;
  if (last.content.length >= maxChars) {
    return {
      messages: [{ ...last, content: last.content.slice(last.content.length - maxChars) }],
      dropped: messages.length - 1,
      clipped: true,
    };
  }
  let budget = maxChars - last.content.length;
  const earlier = messages.slice(0, -1);
  const keep = new Set<number>();
  // System prompts shape every reply: they get the budget before older turns do.
  earlier.forEach((message, index) => {
    if (message.role === 'system' && message.content.length <= budget) {
      keep.add(index);
      budget -= message.content.length;
    }
  });
  for (let index = earlier.length - 1; index >= 0; index -= 1) {
    const message = earlier[index]!;
    if (keep.has(index) || message.role === 'system') continue;
    if (message.content.length > budget) break;
    keep.add(index);
    budget -= message.content.length;
  }
  const kept = earlier.filter((_, index) => keep.has(index));
  return { messages: [...kept, last], dropped: earlier.length - kept.length, clipped: false };
}
