import { describe, expect, it } from 'vitest';
import { createProbeModel, PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import { planProbe } from '../../core/agent/probe-plan';
import { createBuiltinTools } from '../../core/agent/tools';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec';
import { CHAT_AGENT, createChatAgent, planFor } from './chat-agent';

async function setup(modelId: string, emit?: (events: EventEnvelope[]) => Promise<void>) {
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = { now: () => now };
  let counter = 0;
  const newId = createUlidFactory(clock.now, (n) => Uint8Array.from({ length: n }, () => counter++ % 32));
  const model = createProbeModel({ clock, sleep: async (ms) => void (now += ms), tokenDelayMs: 0 });
  await model.load({ id: PROBE_MODEL_INFO.id });
  const events: EventEnvelope[] = [];
  let settled = 0;
  let project: string | undefined = 'p-current';
  const run = createChatAgent({
    model,
    make: createEventFactory({ actor: 'device:t', clock, newId }),
    emit: emit ?? (async (batch) => void events.push(...batch)),
    clock,
    newId,
    tools: createBuiltinTools(clock),
    modelId: () => modelId,
    batching: () => ({ maxTokens: 2 }),
    project: () => project,
    onSettled: () => void (settled += 1),
  });
  return { run, events, settled: () => settled, setProject: (id: string | undefined) => void (project = id) };
}

const signal = () => new AbortController().signal;

describe('chat agent', () => {
  it('the probe model plans tool calls; any other model gets no planner', () => {
    expect(planFor(PROBE_MODEL_INFO.id)).toBe(planProbe);
    expect(planFor('arw-tiny-char')('2+3')).toBeNull();
    expect(planFor(undefined)('what time is it')).toBeNull();
  });

  it('with the probe loaded, arithmetic runs math.eval; the episode records the model, the current project and the batching', async () => {
    const agent = await setup(PROBE_MODEL_INFO.id);
    const outcome = await agent.run({ text: '2+3', agent: CHAT_AGENT }, signal());
    expect(outcome.status).toBe('completed');
    const kinds = agent.events.map((event) => event.kind);
    expect(kinds).toContain('tool.invoked');
    expect(agent.events[0]).toMatchObject({
      kind: 'episode.started',
      project_id: 'p-current',
      payload: { agent: CHAT_AGENT, model: PROBE_MODEL_INFO.id },
    });
    expect(
      agent.events
        .filter((event) => event.kind === 'tokens.out')
        .every((event) => (event.payload['count'] as number) <= 2),
    ).toBe(true);
    expect(agent.settled()).toBe(1);
  });

  it('with another model id the same input is only prompted (no tool), and an input keeps its own project', async () => {
    const agent = await setup('arw-tiny-char');
    await agent.run({ text: '2+3', agent: CHAT_AGENT, projectId: 'p-own' }, signal());
    expect(agent.events.map((event) => event.kind)).not.toContain('tool.invoked');
    expect(agent.events[0]).toMatchObject({ project_id: 'p-own', payload: { model: 'arw-tiny-char' } });
    expect(agent.settled()).toBe(1);
  });

  it('onSettled runs after a failed run too', async () => {
    const agent = await setup(PROBE_MODEL_INFO.id, () => Promise.reject(new Error('journal closed')));
    await expect(agent.run({ text: 'hi', agent: CHAT_AGENT }, signal())).rejects.toThrow('journal closed');
    expect(agent.settled()).toBe(1);
  });

  it('an input without a project takes the project current at run time', async () => {
    const agent = await setup(PROBE_MODEL_INFO.id);
    agent.setProject('p-later');
    await agent.run({ text: 'hi', agent: CHAT_AGENT }, signal());
    expect(agent.events[0]).toMatchObject({ project_id: 'p-later' });
  });
});
