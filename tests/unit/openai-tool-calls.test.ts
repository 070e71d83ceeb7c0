/**
 * OpenAI tool calls end to end over real HTTP: the worker's OpenAI-compatible adapter and
 * its inference api against the scripted test server (tests/support/openai-server.ts),
 * which streams `tool_calls` as real deltas split across chunks, parallel calls interleaved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/agent/model';
import type { ToolSpec } from '../../core/tools/types';
import { createInferenceApi } from '../../workers/inference/inference-api';
import { createOpenAiBackend } from '../../workers/inference/openai-backend';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';

let server: OpenAiTestServer;

beforeAll(async () => {
  server = await startOpenAiServer({ models: ['tiny'], tokenDelayMs: 2 });
});
afterAll(() => server.close());

const MATH: ToolSpec = {
  type: 'function',
  function: {
    name: 'math.eval',
    description: 'Evaluates arithmetic.',
    parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
  },
};
const CLOCK: ToolSpec = {
  type: 'function',
  function: { name: 'clock.now', description: 'The time.', parameters: { type: 'object', properties: {} } },
};

async function loadedAdapter() {
  const backend = createOpenAiBackend({ fetch: (url, init) => fetch(url, init), clock: { now: () => Date.now() } });
  backend.configure([{ baseUrl: server.url, model: 'tiny' }]);
  const adapter = backend.create();
  await adapter.load({ id: 'openai:tiny' });
  return { backend, adapter };
}

describe('OpenAI-compatible adapter: tool calls', () => {
  it('sends tools with tool_choice auto and returns two parallel calls joined from split fragments', async () => {
    const { adapter } = await loadedAdapter();
    server.script({
      text: 'Let me check.',
      toolCalls: [
        { id: 'call_m', name: 'math.eval', arguments: { expression: '(2+3)*4' } },
        { id: 'call_c', name: 'clock.now', arguments: '{}' },
      ],
    });
    const tokens: string[] = [];
    const result = await adapter.generate(
      [{ role: 'user', content: 'what is (2+3)*4, and what time is it?' }],
      { tools: [MATH, CLOCK] },
      (token) => tokens.push(token),
    );
    expect(result).toMatchObject({
      finish: 'tool_calls',
      text: 'Let me check.',
      toolCalls: [
        { id: 'call_m', name: 'math.eval', arguments: '{"expression":"(2+3)*4"}' },
        { id: 'call_c', name: 'clock.now', arguments: '{}' },
      ],
    });
    expect(tokens.join('')).toBe('Let me check.');
    expect(server.bodies.at(-1)).toMatchObject({ tools: [MATH, CLOCK], tool_choice: 'auto', stream: true });
  });

  it('sends the assistant tool calls and the tool results in OpenAI form, then streams the text answer', async () => {
    const { adapter } = await loadedAdapter();
    server.script({ text: 'It is 20.' });
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Use tools.' },
      { role: 'user', content: 'what is (2+3)*4?' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_m', name: 'math.eval', arguments: '{"a":1}' }] },
      { role: 'tool', tool_call_id: 'call_m', content: '{"value":20}' },
    ];
    const tokens: string[] = [];
    const result = await adapter.generate(messages, { tools: [MATH] }, (token) => tokens.push(token));
    expect(result).toMatchObject({ finish: 'stop', text: 'It is 20.' });
    expect(result.toolCalls).toBeUndefined();
    expect(tokens.length).toBeGreaterThan(1);
    expect(server.bodies.at(-1)!['messages']).toEqual([
      { role: 'system', content: 'Use tools.' },
      { role: 'user', content: 'what is (2+3)*4?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_m', type: 'function', function: { name: 'math.eval', arguments: '{"a":1}' } }],
      },
      { role: 'tool', tool_call_id: 'call_m', content: '{"value":20}' },
    ]);
  });

  it('sends no tools key when the caller gives none', async () => {
    const { adapter } = await loadedAdapter();
    server.script({ text: 'plain' });
    await adapter.generate([{ role: 'user', content: 'hi' }], { tools: [] }, () => undefined);
    expect(server.bodies.at(-1)).not.toHaveProperty('tools');
    expect(server.bodies.at(-1)).not.toHaveProperty('tool_choice');
  });

  it('through the worker api: tools cross in the params and the calls come back in the result', async () => {
    const { backend } = await loadedAdapter();
    const api = createInferenceApi([backend]);
    await api.load({ id: 'openai:tiny' });
    server.script({ toolCalls: [{ id: 'call_w', name: 'math.eval', arguments: { expression: '1+1' } }] });
    const result = await api.generate('r1', [{ role: 'user', content: '1+1' }], { tools: [MATH] });
    expect(result).toMatchObject({
      finish: 'tool_calls',
      toolCalls: [{ id: 'call_w', name: 'math.eval', arguments: '{"expression":"1+1"}' }],
      delivered: 0,
    });
    expect(server.bodies.at(-1)).toMatchObject({ tools: [MATH] });
    expect(server.pending()).toBe(0);
  });
});
