/** The OpenAI SSE parser: same items whatever the chunk boundaries, [DONE], errors, malformed data. */
import { describe, expect, it } from 'vitest';
import { createOpenAiSseParser, interpretData, type OpenAiStreamItem } from './openai-sse';

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
