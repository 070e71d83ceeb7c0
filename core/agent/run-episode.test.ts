/**
 * The agent loop end to end with the probe model, a fake clock and in-memory emit:
 * event sequence, contract validity, episode read-model outcome, abort and failure paths.
 */
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { AppError } from '../errors';
import { createEventFactory } from '../journal';
import { createUlidFactory } from '../lib/ulid';
import { createEpisodesModel, rebuild } from '../read-models';
import { createAbortSource } from './abort';
import type { ModelAdapter } from './model';
import { createProbeModel } from './probe-model';
import { planProbe } from './probe-plan';
import { runEpisode, type EpisodeDeps, type EpisodeInput } from './run-episode';
import { testToolbox } from './testing/scripted-model';
import { createBuiltinTools } from './tools';

const START = Date.parse('2026-03-01T10:00:00.000Z');

/** Deterministic deps: a clock that only the probe's sleep moves, counter-based ULIDs, an in-memory emit. */
async function setup(options: { tokenDelayMs?: number; model?: (probe: ModelAdapter) => ModelAdapter } = {}) {
  let now = START;
  const clock = { now: () => now };
  let counter = 0;
  const newId = createUlidFactory(clock.now, (n) => Uint8Array.from({ length: n }, () => counter++ % 32));
  const probe = createProbeModel({
    clock,
    sleep: async (ms) => void (now += ms),
    tokenDelayMs: options.tokenDelayMs ?? 0,
  });
  await probe.load({ id: 'probe' });
  const events: EventEnvelope[] = [];
  const deps: EpisodeDeps = {
    model: options.model ? options.model(probe) : probe,
    make: createEventFactory({ actor: 'agent-probe', clock, newId }),
    emit: async (batch) => void events.push(...batch),
    clock,
    newId,
    tools: createBuiltinTools(clock),
    plan: planProbe,
    modelId: 'probe',
  };
  return { deps, events };
}

const input = (text: string, extra: Partial<EpisodeInput> = {}): EpisodeInput => ({
  text,
  agent: 'probe-agent',
  projectId: 'p1',
  ...extra,
});
const kinds = (events: EventEnvelope[]) => events.map((event) => event.kind);

function episodeOf(events: EventEnvelope[]) {
  const model = createEpisodesModel();
  const episodes = model.view(rebuild(model, events), START);
  expect(episodes).toHaveLength(1);
  return episodes[0]!;
}

function expectValidAndCorrelated(events: EventEnvelope[], corrId: string) {
  for (const event of events) {
    expect(validateEvent(event), event.kind).toMatchObject({ ok: true });
    expect(event).toMatchObject({ corr_id: corrId, project_id: 'p1', actor: 'agent-probe' });
  }
}

describe('runEpisode', () => {
  it('a plain reply emits the stage sequence, all valid and sharing one corr_id; the episode folds to completed 1/1/1/1', async () => {
    const { deps, events } = await setup();
    const outcome = await runEpisode(deps, input('ducks swim'));
    expect(outcome).toEqual({
      corrId: events[0]!.corr_id,
      reply: 'You wrote 2 words: "ducks swim".',
      status: 'completed',
    });
    expect(kinds(events)).toEqual([
      'episode.started',
      'obs.recorded',
      'beliefs.updated',
      'intents.proposed',
      'tokens.in',
      'tokens.out',
      'actions.taken',
      'episode.completed',
    ]);
    expectValidAndCorrelated(events, outcome.corrId);
    expect(events[0]!.payload).toEqual({ agent: 'probe-agent', input: 'ducks swim', model: 'probe' });
    expect(events[5]!.payload).toEqual({ seq: 0, count: 6, text: outcome.reply, ttft_ms: 0, final: true });
    expect(events[6]!.payload).toEqual({ action: 'reply', ok: true, output: { text: outcome.reply } });
    expect(episodeOf(events)).toMatchObject({
      status: 'completed',
      stages: { obs: 1, beliefs: 1, intents: 1, actions: 1 },
      tokens_out: 6,
      count: 8,
    });
  });

  it('a tool request records invoked → ran → a tool observation, and the reply reports the result', async () => {
    const { deps, events } = await setup();
    const outcome = await runEpisode(deps, input('2+3*4', { corrId: 'chat-1' }));
    expect(outcome).toEqual({ corrId: 'chat-1', reply: 'The result is 14.', status: 'completed' });
    expect(kinds(events)).toEqual([
      'episode.started',
      'obs.recorded',
      'beliefs.updated',
      'intents.proposed',
      'tool.invoked',
      'tool.ran',
      'obs.recorded',
      'tokens.in',
      'tokens.out',
      'actions.taken',
      'episode.completed',
    ]);
    expectValidAndCorrelated(events, 'chat-1');
    expect(events[3]!.payload).toMatchObject({
      intent: 'use-tool',
      params: { tool: 'math.eval', input: { expression: '2+3*4' } },
    });
    expect(events[5]!.payload).toMatchObject({
      tool: 'math.eval',
      call_id: events[4]!.payload['call_id'],
      output: { value: 14 },
    });
    expect(episodeOf(events)).toMatchObject({
      status: 'completed',
      stages: { obs: 2, beliefs: 1, intents: 1, actions: 1 },
      tool_calls: 1,
    });
  });

  it('a failing tool is recorded as tool.error and the agent replies that it failed; the episode reads as error', async () => {
    const { deps, events } = await setup();
    const outcome = await runEpisode(deps, input('calc 1/0'));
    expect(outcome.status).toBe('completed');
    expect(outcome.reply).toMatch(/^Sorry, the tool math.eval failed: .*division by zero/);
    expect(kinds(events)).toContain('tool.error');
    expectValidAndCorrelated(events, outcome.corrId);
    expect(episodeOf(events)).toMatchObject({ status: 'error', errors: 1, last_error: { kind: 'tool.error' } });
  });

  it('abort mid-stream emits the tokens streamed so far, then episode.canceled', async () => {
    const { deps, events } = await setup();
    const source = createAbortSource();
    const live: string[] = [];
    const onToken = (token: string) => {
      live.push(token);
      if (live.length === 3) source.abort();
    };
    const outcome = await runEpisode(deps, input('one two three four five', { onToken }), source.signal);
    expect(outcome).toMatchObject({ reply: 'You wrote 5 ', status: 'canceled' });
    expect(kinds(events).slice(-2)).toEqual(['tokens.out', 'episode.canceled']);
    expect(events.at(-2)!.payload).toMatchObject({ count: 3, text: 'You wrote 5 ', final: true });
    expectValidAndCorrelated(events, outcome.corrId);
    expect(episodeOf(events)).toMatchObject({ status: 'canceled', tokens_out: 3, stages: { actions: 0 } });
  });

  it('an input aborted before generation streams nothing and is canceled', async () => {
    const { deps, events } = await setup();
    const source = createAbortSource();
    source.abort();
    const outcome = await runEpisode(deps, input('2+2'), source.signal);
    expect(outcome.status).toBe('canceled');
    expect(kinds(events)).not.toContain('tokens.out');
    expect(kinds(events).at(-1)).toBe('episode.canceled');
  });

  it('a model that throws ends the episode with episode.error (severity error) after what it streamed', async () => {
    const { deps, events } = await setup({
      model: (probe) => ({
        ...probe,
        async generate(_messages, _params, onToken) {
          onToken('partial ');
          throw new AppError('model-failed', 'GPU device lost');
        },
      }),
    });
    const outcome = await runEpisode(deps, input('hi there'));
    expect(outcome).toMatchObject({ reply: 'partial ', status: 'error' });
    expect(kinds(events).slice(-2)).toEqual(['tokens.out', 'episode.error']);
    expect(events.at(-1)).toMatchObject({
      severity: 'error',
      code: 'model-failed',
      payload: { message: 'GPU device lost', error_code: 'model-failed' },
    });
    expectValidAndCorrelated(events, outcome.corrId);
    expect(episodeOf(events)).toMatchObject({
      status: 'error',
      last_error: { kind: 'episode.error', message: 'GPU device lost' },
    });
  });

  it('tokens.out flushes every 8 tokens or after 50 ms; completed carries ttft and tokens/s from the clock', async () => {
    const { deps, events } = await setup({ tokenDelayMs: 20 });
    await runEpisode(deps, input('a b c d e f g h i j k l'));
    const chunks = events.filter((event) => event.kind === 'tokens.out').map((event) => event.payload);
    // 20 ms per token: a chunk goes out when a token arrives ≥ 50 ms after the last
    // flush (first at 60 ms holding 2 tokens, then every 60 ms with 3); the rest is final.
    expect(chunks.map((chunk) => chunk['count'])).toEqual([2, 3, 3, 3, 3, 2]);
    expect(chunks[0]).toMatchObject({ seq: 0, ttft_ms: 20 });
    expect(chunks.at(-1)).toMatchObject({ seq: 5, final: true });
    expect(chunks.slice(1).every((chunk) => chunk['ttft_ms'] === undefined)).toBe(true);
    expect(events.at(-1)!.payload).toEqual({ duration_ms: 320, tokens_out: 16, ttft_ms: 20, tokens_per_s: 50 });
    expect(episodeOf(events)).toMatchObject({ duration_ms: 320, tokens_out: 16 });
  });

  it('counts prompt tokens over the history and the input', async () => {
    const { deps, events } = await setup();
    const history = [
      { role: 'user' as const, content: 'earlier question here' },
      { role: 'assistant' as const, content: 'an answer' },
    ];
    await runEpisode(deps, input('and now', { history }));
    expect(events.find((event) => event.kind === 'tokens.in')!.payload).toMatchObject({ count: 7 });
  });

  it('is deterministic: the same deps and input give the same events', async () => {
    const first = await setup();
    const second = await setup();
    await runEpisode(first.deps, input('what time is it?'));
    await runEpisode(second.deps, input('what time is it?'));
    expect(second.events).toEqual(first.events);
    expect(first.events.find((event) => event.kind === 'actions.taken')!.payload).toEqual({
      action: 'reply',
      ok: true,
      output: { text: 'It is 2026-03-01T10:00:00.000Z (UTC).' },
    });
  });

  it('episode.started records the recipe and the conversation; the probe keeps its rules when given agent tools', async () => {
    const { deps, events } = await setup();
    const outcome = await runEpisode(
      { ...deps, toolbox: testToolbox() },
      input('2+3*4', { recipeId: 'calc-tutor', conversationId: 'conv-1', agentTools: [{ name: 'math.eval' }] }),
    );
    expect(outcome.reply).toBe('The result is 14.');
    expect(events[0]!.payload).toEqual({
      agent: 'probe-agent',
      input: '2+3*4',
      model: 'probe',
      recipe_id: 'calc-tutor',
      conversation_id: 'conv-1',
    });
    expectValidAndCorrelated(events, outcome.corrId);
  });

  it('rejects when the journal writer rejects', async () => {
    const { deps } = await setup();
    await expect(
      runEpisode({ ...deps, emit: async () => Promise.reject(new Error('quota')) }, input('hi')),
    ).rejects.toThrow('quota');
  });
});
