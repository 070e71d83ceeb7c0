/**
 * The tool loop (SPEC §7) with a scripted model, the real toolbox and a fake decision
 * point: allowed, denied and badly argued calls, failing tools, parallel calls, the step
 * limit, and what the model reads back after each. Stops: tool-loop-stops.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { planProbe } from './probe-plan';
import { runEpisode } from './run-episode';
import { callIdOf, episodesOf, kinds, loopInput, loopRig, of, toolMessages, type Decide } from './testing/loop-rig';
import { testToolbox, type ScriptedTurn } from './testing/scripted-model';

function episodeOf(events: EventEnvelope[]) {
  const episodes = episodesOf(events);
  expect(episodes).toHaveLength(1);
  return episodes[0]!;
}

function expectValid(events: EventEnvelope[]) {
  for (const event of events) {
    expect(validateEvent(event), event.kind).toMatchObject({ ok: true });
    expect(event).toMatchObject({ corr_id: 'ep-1', project_id: 'p1' });
  }
}

describe('tool loop', () => {
  it('an allowed call runs with the recipe defaults under the model params, its result reaches the model, and the reply completes', async () => {
    const { deps, model, events, requests } = loopRig([
      { calls: [{ id: 'call_w', name: 'web.get', arguments: { url: 'https://Example.com/a' } }] },
      { text: 'The page says hello.' },
    ]);
    const outcome = await runEpisode(
      deps,
      loopInput('read example.com', { recipeId: 'reader', conversationId: 'c-9' }),
    );
    expect(outcome).toEqual({ corrId: 'ep-1', reply: 'The page says hello.', status: 'completed', steps: 2 });
    expect(kinds(events)).toEqual([
      'episode.started',
      'obs.recorded',
      'beliefs.updated',
      'intents.proposed',
      'tokens.in',
      'intents.proposed',
      'tool.invoked',
      'tool.ran',
      'obs.recorded',
      'tokens.in',
      'tokens.out',
      'actions.taken',
      'episode.completed',
    ]);
    expectValid(events);
    expect(events[0]!.payload).toMatchObject({ recipe_id: 'reader', conversation_id: 'c-9', step_limit: 8 });
    expect(requests).toEqual([
      {
        capability: 'net:http',
        scope: 'net://example.com',
        subject: 'recipe:reader',
        tool: 'web.get',
        mode: 'allow',
        corrId: 'ep-1',
        projectId: 'p1',
      },
    ]);
    const invoked = of(events, 'tool.invoked')[0]!.payload;
    expect(invoked).toMatchObject({ tool: 'web.get', model_call_id: 'call_w' });
    expect(invoked['input']).toEqual({ url: 'https://Example.com/a', max_bytes: 100 });
    expect(of(events, 'tool.ran')[0]!.payload).toMatchObject({
      call_id: invoked['call_id'],
      output: { body: 'hello' },
    });
    // The tools went out on every turn; the second turn saw the call and its result.
    expect(model.seen.map((turn) => turn.params.tools?.map((tool) => tool.function.name))).toEqual([
      ['math.eval', 'web.get'],
      ['math.eval', 'web.get'],
    ]);
    const second = model.seen[1]!.messages;
    expect(second.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_w', name: 'web.get' }] });
    expect(JSON.parse(second.at(-1)!.content)).toMatchObject({ status: 200, body: 'hello' });
    expect(second.at(-1)!.tool_call_id).toBe('call_w');
    expect(episodeOf(events)).toMatchObject({ status: 'completed', tool_calls: 1 });
  });

  it('a denied call is not run; the model reads the denial and its reason, and nothing is recorded as a tool failure', async () => {
    const deny: Decide = async () => ({ allowed: false, reason: 'you chose never for net:http', by: 'policy' });
    const { deps, model, events } = loopRig(
      [{ calls: [{ name: 'web.get', arguments: { url: 'https://example.org' } }] }, { text: 'I may not fetch it.' }],
      { authorize: deny },
    );
    const outcome = await runEpisode(deps, loopInput('read example.org'));
    expect(outcome).toMatchObject({ status: 'completed', reply: 'I may not fetch it.' });
    expect(kinds(events)).not.toContain('tool.invoked');
    expect(kinds(events)).not.toContain('tool.error');
    const [denial] = toolMessages(model.seen[1]!.messages);
    expect(JSON.parse(denial!.content)).toEqual({ denied: true, reason: 'you chose never for net:http' });
    expect(episodeOf(events).status).toBe('completed');
  });

  it('without a decision point, or when it throws, a call that needs a permission is denied (fail closed)', async () => {
    const calls: ScriptedTurn = { calls: [{ name: 'web.get', arguments: { url: 'https://example.com' } }] };
    const none = loopRig([calls, { text: 'ok' }], { authorize: null });
    await runEpisode(none.deps, loopInput('x'));
    expect(JSON.parse(toolMessages(none.model.seen[1]!.messages)[0]!.content)).toMatchObject({
      denied: true,
      reason: expect.stringContaining('no decision point'),
    });
    const throwing = loopRig([calls, { text: 'ok' }], {
      authorize: async () => {
        throw new Error('policy store unreadable');
      },
    });
    await runEpisode(throwing.deps, loopInput('x'));
    expect(JSON.parse(toolMessages(throwing.model.seen[1]!.messages)[0]!.content)).toMatchObject({
      denied: true,
      reason: expect.stringContaining('policy store unreadable'),
    });
    expect(kinds(throwing.events)).not.toContain('tool.invoked');
  });

  it('bad arguments, bad JSON and a tool the agent was not given come back to the model saying what was wrong, as tool.error', async () => {
    const { deps, model, events } = loopRig([
      {
        calls: [
          { name: 'math.eval', arguments: { expression: 5 } },
          { name: 'math.eval', arguments: '{"expression": "1+' },
          { name: 'test.wait', arguments: { id: 'x' } },
        ],
      },
      { text: 'Sorry.' },
    ]);
    const outcome = await runEpisode(deps, loopInput('compute'));
    expect(outcome.status).toBe('completed');
    const errors = of(events, 'tool.error');
    expect(errors.map((event) => event.code)).toEqual(['tool-call-invalid', 'tool-call-invalid', 'tool-call-invalid']);
    expect(kinds(events)).not.toContain('tool.invoked');
    const answers = toolMessages(model.seen[1]!.messages).map((message) => JSON.parse(message.content).error);
    expect(answers[0]).toMatch(/bad arguments for math\.eval: .*expression/);
    expect(answers[1]).toMatch(/bad arguments for math\.eval: .*JSON/);
    expect(answers[2]).toMatch(/test\.wait is not one of this agent's tools; it may call math\.eval, web\.get/);
    expectValid(events);
    expect(episodeOf(events).status).toBe('error');
  });

  it('a failing tool is a tool.error; the model reads the error and goes on', async () => {
    const { deps, model, events } = loopRig([
      { calls: [{ name: 'math.eval', arguments: { expression: '1/0' } }] },
      { text: 'Division by zero.' },
    ]);
    expect((await runEpisode(deps, loopInput('1/0'))).reply).toBe('Division by zero.');
    expect(of(events, 'tool.error')[0]).toMatchObject({ code: 'tool-failed', severity: 'error' });
    expect(JSON.parse(toolMessages(model.seen[1]!.messages)[0]!.content).error).toMatch(/division by zero/);
    expect(of(events, 'obs.recorded').at(-1)!.payload).toMatchObject({ source: 'tool', data: { ok: false } });
  });

  it('parallel calls run at once, each call keeps its events in order, and the results go back in call order', async () => {
    let release: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (release = resolve));
    // The first call only finishes once the second has started: run one after the other, it would time out.
    const toolbox = testToolbox(
      { wait: async ({ id }) => (id === 'a' ? (await second, { id }) : (release(), { id })) },
      { timeoutMs: 500 },
    );
    const { deps, model, events } = loopRig(
      [
        {
          calls: [
            { id: 'call_a', name: 'test.wait', arguments: { id: 'a' } },
            { id: 'call_b', name: 'test.wait', arguments: { id: 'b' } },
          ],
        },
        { text: 'Both done.' },
      ],
      { toolbox },
    );
    const outcome = await runEpisode(deps, loopInput('both', { agentTools: [{ name: 'test.wait' }] }));
    expect(outcome.status).toBe('completed');
    expect(of(events, 'tool.ran').map((event) => event.payload['output'])).toEqual([{ id: 'b' }, { id: 'a' }]);
    for (const invoked of of(events, 'tool.invoked')) {
      const id = invoked.payload['call_id'];
      const own = events.filter((event) => callIdOf(event) === id).map((event) => event.kind);
      expect(own).toEqual(['intents.proposed', 'tool.invoked', 'tool.ran', 'obs.recorded']);
    }
    const results = toolMessages(model.seen[1]!.messages);
    expect(results.map((message) => [message.tool_call_id, JSON.parse(message.content).id])).toEqual([
      ['call_a', 'a'],
      ['call_b', 'b'],
    ]);
  });

  it('the step limit stops a model that keeps calling tools, with a note and code step-limit; the last calls do not run', async () => {
    const again: ScriptedTurn = { text: 'Again.', calls: [{ name: 'math.eval', arguments: { expression: '1+1' } }] };
    const { deps, model, events } = loopRig([again, again, again]);
    const outcome = await runEpisode(deps, loopInput('loop', { stepLimit: 2 }));
    expect(outcome).toMatchObject({ status: 'completed', steps: 2, stoppedBy: 'step-limit', reply: 'Again.Again.' });
    expect(outcome.note).toMatch(/step limit of 2 model turns.*1 tool call \(math\.eval\), which did not run/);
    expect(model.seen).toHaveLength(2);
    expect(of(events, 'tool.ran')).toHaveLength(1);
    const completed = of(events, 'episode.completed')[0]!;
    expect(completed).toMatchObject({ code: 'step-limit', payload: { stopped: 'step-limit', steps: 2 } });
    expectValid(events);
    // Each turn's text went out before the tools it led to.
    expect(kinds(events).indexOf('tokens.out')).toBeLessThan(kinds(events).indexOf('tool.invoked'));
    expect(of(events, 'tokens.out').map((event) => event.payload['seq'])).toEqual([0, 1, 2]);
  });

  it('the system prompt goes first; the probe plans with its own rules and the tiny model gets no tools', async () => {
    const { deps, model } = loopRig([{ text: 'hi' }]);
    await runEpisode(deps, loopInput('hello', { system: 'Be brief.' }));
    expect(model.seen[0]!.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });

    const tiny = loopRig([{ text: 'tiny text' }]);
    await runEpisode({ ...tiny.deps, modelId: 'arw-tiny-char' }, loopInput('hello'));
    expect(tiny.model.seen[0]!.params.tools).toBeUndefined();
    expect(of(tiny.events, 'episode.started')[0]!.payload).not.toHaveProperty('step_limit');

    const probe = loopRig([{ text: 'unused' }]);
    await runEpisode({ ...probe.deps, modelId: 'probe', plan: planProbe }, loopInput('2+3*4'));
    expect(of(probe.events, 'tool.ran')[0]!.payload).toMatchObject({ tool: 'math.eval', output: { value: 14 } });
    expect(probe.model.seen[0]!.params.tools).toBeUndefined();
  });
});
