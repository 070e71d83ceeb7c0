/** The OpenAI SSE parser: same items whatever the chunk boundaries, [DONE], errors, malformed data, tool-call fragments. */
import { describe, expect, it } from 'vitest';
import {
  createOpenAiSseParser,
  createToolCallAccumulator,
  interpretData,
  type OpenAiStreamItem,
  type ToolCallFragment,
} from './openai-sse';

// Core has no DOM/Node types; the test runs in Node, which has both codecs.
const { TextEncoder, TextDecoder } = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new () => { decode(bytes?: Uint8Array, options?: { stream: boolean }): string };
};

const event = (content: string, finish?: string) =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish ?? null }] })}\n\n`;

const STREAM = `: keep-alive\n\n${event('Héllo')}${event(' wörld 🌍')}${event('!', 'stop')}data: [DONE]\n\n`;
const EXPECTED: OpenAiStreamItem[] = [
  { type: 'delta', content: 'Héllo' },
  { type: 'delta', content: ' wörld 🌍' },
  { type: 'delta', content: '!', finishReason: 'stop' },
  { type: 'done' },
];

function parseInPieces(pieces: readonly string[]): OpenAiStreamItem[] {
  const parser = createOpenAiSseParser();
  return [...pieces.flatMap((piece) => parser.push(piece)), ...parser.end()];
}

describe('OpenAI SSE parser', () => {
  it('parses a whole stream in one push', () => {
    expect(parseInPieces([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same items for every split point, and char by char', () => {
    for (let cut = 0; cut <= STREAM.length; cut += 1)
      expect(parseInPieces([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(EXPECTED);
    expect(parseInPieces([...STREAM])).toEqual(EXPECTED);
  });

  it('gives the same items when the bytes are split anywhere and decoded by a streaming TextDecoder', () => {
    const bytes = new TextEncoder().encode(STREAM);
    for (let cut = 0; cut <= bytes.length; cut += 3) {
      const decoder = new TextDecoder();
      const pieces = [
        decoder.decode(bytes.slice(0, cut), { stream: true }),
        decoder.decode(bytes.slice(cut), { stream: true }),
        decoder.decode(),
      ];
      expect(parseInPieces(pieces)).toEqual(EXPECTED);
    }
  });

  it('accepts CRLF and CR line endings, even with the CRLF split across pushes', () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    for (let cut = 0; cut <= crlf.length; cut += 1)
      expect(parseInPieces([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(EXPECTED);
    expect(parseInPieces([STREAM.replace(/\n/g, '\r')])).toEqual(EXPECTED);
  });

  it('flushes a last event that lacks its blank line at the end of the stream', () => {
    expect(parseInPieces(['data: [DONE]'])).toEqual([{ type: 'done' }]);
  });

  it('joins multi-line data and ignores other fields', () => {
    expect(parseInPieces(['event: message\nid: 4\ndata: {"choices":\ndata: [{"delta":{"content":"a"}}]}\n\n'])).toEqual(
      [{ type: 'delta', content: 'a' }],
    );
  });

  it('reports a server error event with its message', () => {
    expect(interpretData('{"error":{"message":"context too long","type":"invalid_request_error"}}')).toEqual({
      type: 'error',
      message: 'context too long',
    });
    expect(interpretData('{"error":"model not found"}')).toEqual({ type: 'error', message: 'model not found' });
  });

  it('reports malformed data (not JSON, no choices, content not text)', () => {
    expect(interpretData('{"choices": [')).toMatchObject({ type: 'malformed' });
    expect(interpretData('{"foo":1}')).toMatchObject({
      type: 'malformed',
      message: expect.stringContaining('no choices'),
    });
    expect(interpretData('{"choices":[{"delta":{"content":5}}]}')).toMatchObject({ type: 'malformed' });
  });

  it('treats role-only and usage-only events as empty deltas', () => {
    expect(interpretData('{"choices":[{"delta":{"role":"assistant"}}]}')).toEqual({ type: 'delta', content: '' });
    expect(interpretData('{"choices":[],"usage":{"total_tokens":3}}')).toEqual({ type: 'delta', content: '' });
  });
});

/** A real OpenAI stream of two parallel calls: id and name first, arguments in pieces, then finish tool_calls. */
const toolEvent = (toolCalls: unknown[], finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: finish }] })}\n\n`;
const TOOL_STREAM = [
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: null } }] })}\n\n`,
  toolEvent([{ index: 0, id: 'call_a', type: 'function', function: { name: 'math.eval', arguments: '' } }]),
  toolEvent([{ index: 0, function: { arguments: '{"expre' } }]),
  toolEvent([{ index: 0, function: { arguments: 'ssion": "2+' } }]),
  toolEvent([{ index: 1, id: 'call_b', type: 'function', function: { name: 'clock.now', arguments: '{' } }]),
  toolEvent([{ index: 0, function: { arguments: '3"}' } }]),
  toolEvent([{ index: 1, function: { arguments: '}' } }]),
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] })}\n\n`,
  'data: [DONE]\n\n',
].join('');

function callsOf(items: OpenAiStreamItem[]) {
  const accumulator = createToolCallAccumulator();
  for (const item of items) if (item.type === 'delta' && item.toolCalls) accumulator.add(item.toolCalls);
  return accumulator.calls();
}

describe('OpenAI SSE tool calls', () => {
  const TWO_CALLS = [
    { id: 'call_a', name: 'math.eval', arguments: '{"expression": "2+3"}' },
    { id: 'call_b', name: 'clock.now', arguments: '{}' },
  ];

  it('joins interleaved fragments of two parallel calls by index, and reports finish tool_calls', () => {
    const items = parseInPieces([TOOL_STREAM]);
    expect(callsOf(items)).toEqual(TWO_CALLS);
    expect(items.at(-2)).toEqual({ type: 'delta', content: '', finishReason: 'tool_calls' });
    expect(items[2]).toEqual({ type: 'delta', content: '', toolCalls: [{ index: 0, arguments: '{"expre' }] });
  });

  it('gives the same calls for every split point of the stream', () => {
    for (let cut = 0; cut <= TOOL_STREAM.length; cut += 1)
      expect(callsOf(parseInPieces([TOOL_STREAM.slice(0, cut), TOOL_STREAM.slice(cut)]))).toEqual(TWO_CALLS);
  });

  it('takes id and name once when a server repeats them, and numbers calls without an index by position', () => {
    const accumulator = createToolCallAccumulator();
    accumulator.add([{ index: 0, id: 'x', name: 'notes.read', arguments: '{' }]);
    accumulator.add([{ index: 0, id: 'x', name: 'notes.read', arguments: '}' }]);
    expect(accumulator.calls()).toEqual([{ id: 'x', name: 'notes.read', arguments: '{}' }]);
    const whole = interpretData(
      JSON.stringify({
        choices: [
          {
            delta: {
              tool_calls: [{ function: { name: 'clock.now', arguments: '{}' } }, { function: { name: 'math.eval' } }],
            },
          },
        ],
      }),
    );
    expect(whole).toMatchObject({
      toolCalls: [
        { index: 0, name: 'clock.now', arguments: '{}' },
        { index: 1, name: 'math.eval' },
      ],
    });
    const unnamed = createToolCallAccumulator();
    unnamed.add((whole as { toolCalls: ToolCallFragment[] }).toolCalls);
    expect(unnamed.calls().map((call) => call.id)).toEqual(['call_0', 'call_1']);
  });

  it('reports malformed tool_calls (not a list, a bad index, arguments not text) naming the field', () => {
    const bad = (toolCalls: unknown) =>
      interpretData(JSON.stringify({ choices: [{ delta: { tool_calls: toolCalls } }] }));
    expect(bad({ index: 0 })).toMatchObject({ type: 'malformed', message: expect.stringContaining('not a list') });
    expect(bad([{ index: -1 }])).toMatchObject({ message: expect.stringContaining('tool_calls[0].index') });
    expect(bad([{ index: 0, function: { arguments: { a: 1 } } }])).toMatchObject({
      type: 'malformed',
      message: expect.stringContaining('function.arguments'),
    });
  });
});
