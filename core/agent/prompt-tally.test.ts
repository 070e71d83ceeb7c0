import { describe, expect, it } from 'vitest';
import { clip, MAX_TEXT, wordCount } from './episode-scope';
import type { ChatMessage } from './model';
import { createPromptTally, promptLine } from './prompt-tally';

// What tokens.in said before the tally: every message joined and counted again on each turn.
const recount = (messages: readonly ChatMessage[]) => ({
  count: messages.reduce(
    (sum, m) =>
      sum +
      m.content.split(/\s+/).filter(Boolean).length +
      (m.tool_calls ?? []).reduce((n, c) => n + c.arguments.split(/\s+/).filter(Boolean).length, 0),
    0,
  ),
  text: clip(messages.map(promptLine).join('\n'), MAX_TEXT),
});

const words = (n: number, sep: string) => Array.from({ length: n }, (_, i) => `w${i}`).join(sep);

describe('wordCount', () => {
  it('counts what split(/\\s+/) counts for every UTF-16 code unit as the separator', () => {
    for (let code = 0; code < 0x10000; code += 1) {
      const ch = String.fromCharCode(code);
      const text = `a${ch}b ${ch}${ch}c${ch}`;
      const expected = text.split(/\s+/).filter(Boolean).length;
      if (wordCount(text) !== expected) expect({ code, count: wordCount(text) }).toEqual({ code, count: expected });
    }
    expect([wordCount(''), wordCount(' \n\t '), wordCount('one'), wordCount(' two  words ')]).toEqual([0, 0, 1, 2]);
  });
});

describe('createPromptTally', () => {
  it('gives the count and clipped text of the whole conversation as messages are added turn by turn', () => {
    const conversation: ChatMessage[] = [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'what\u00a0is  2+2?' },
    ];
    const tally = createPromptTally();
    tally.add(conversation);
    expect({ count: tally.count, text: tally.text }).toEqual(recount(conversation));
    const turns: ChatMessage[][] = [
      [
        {
          role: 'assistant',
          content: 'let me see',
          tool_calls: [{ id: 'c1', name: 'math.eval', arguments: '{"expression": "2 + 2"}' }],
        },
        { role: 'tool', tool_call_id: 'c1', content: JSON.stringify({ text: words(9000, ' ') }) },
      ],
      [
        { role: 'assistant', content: '', tool_calls: [{ id: 'c2', name: 'web.get', arguments: '{}' }] },
        { role: 'tool', tool_call_id: 'c2', content: words(20000, '\u2003') },
      ],
      [{ role: 'tool', tool_call_id: 'c3', content: 'after the cut' }],
    ];
    for (const added of turns) {
      conversation.push(...added);
      tally.add(added);
      expect({ count: tally.count, text: tally.text }).toEqual(recount(conversation));
    }
    expect(tally.text).toHaveLength(MAX_TEXT);
    expect(tally.text.endsWith('…')).toBe(true);
  });

  it('clips a single message longer than the limit exactly as clip does', () => {
    const message: ChatMessage = { role: 'user', content: 'x'.repeat(MAX_TEXT + 5) };
    const tally = createPromptTally();
    tally.add([message]);
    expect(tally.text).toBe(clip(promptLine(message), MAX_TEXT));
    expect(tally.count).toBe(1);
  });

  it('keeps a text exactly at the limit whole', () => {
    const message: ChatMessage = { role: 'user', content: 'y'.repeat(MAX_TEXT - 'user: '.length) };
    const tally = createPromptTally();
    tally.add([message]);
    expect(tally.text).toBe(promptLine(message));
    tally.add([{ role: 'tool', content: 'z' }]);
    expect(tally.text).toBe(clip(`${promptLine(message)}\ntool: z`, MAX_TEXT));
  });
});
