/** The context cap: newest messages kept whole, system prompts first, the prompt's end kept when it alone is too long. */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../agent/model';
import { capContext } from './context-cap';

const m = (role: ChatMessage['role'], content: string): ChatMessage => ({ role, content });

describe('capContext', () => {
  it('passes a conversation that fits unchanged', () => {
    const messages = [m('user', 'hello'), m('assistant', 'hi'), m('user', 'how are you')];
    expect(capContext(messages, 100)).toEqual({ messages, dropped: 0, clipped: false });
  });

  it('drops the oldest turns first and keeps the system prompt', () => {
    const messages = [
      m('system', 'be brief'),
      m('user', 'a'.repeat(50)),
      m('assistant', 'b'.repeat(30)),
      m('user', 'c'.repeat(20)),
    ];
    const capped = capContext(messages, 70);
    expect(capped.messages).toEqual([messages[0], messages[2], messages[3]]);
    expect(capped.dropped).toBe(1);
    expect(capped.messages.reduce((n, x) => n + x.content.length, 0)).toBeLessThanOrEqual(70);
  });

  it('never keeps an older turn after dropping a newer one', () => {
    const messages = [m('user', 'x'), m('assistant', 'y'.repeat(60)), m('user', 'z'.repeat(30))];
    expect(capContext(messages, 40).messages).toEqual([messages[2]]);
  });

  it('keeps the end of a prompt that alone is longer than the cap', () => {
    const capped = capContext([m('system', 'rules'), m('user', `${'old '.repeat(20)}the question?`)], 13);
    expect(capped).toEqual({ messages: [m('user', 'the question?')], dropped: 1, clipped: true });
  });
});
