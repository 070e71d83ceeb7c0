/**
 * Stopping the tool loop: a stop while a tool runs or while the decision point asks ends
 * the episode canceled, naming what it stopped; a model failure on a later turn ends it
 * in error with the model's code.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createAbortSource } from './abort';
import { runEpisode } from './run-episode';
import { episodesOf, kinds, loopInput, loopRig, of, type Decide } from './testing/loop-rig';
import { testToolbox } from './testing/scripted-model';

describe('tool loop stops', () => {
  it('a stop while a tool runs ends the episode canceled, naming the tool, without a tool.error or another model turn', async () => {
    const source = createAbortSource();
    const toolbox = testToolbox({
      wait: (_params, context) => new Promise((resolve) => context.signal?.addEventListener('abort', () => resolve(1))),
    });
    const { deps, model, events } = loopRig([{ calls: [{ name: 'test.wait', arguments: { id: 'x' } }] }], {
      toolbox,
      onEmit: (batch) => batch.some((event) => event.kind === 'tool.invoked') && source.abort(),
    });
    const outcome = await runEpisode(deps, loopInput('wait', { agentTools: [{ name: 'test.wait' }] }), source.signal);
    expect(outcome.status).toBe('canceled');
    expect(model.seen).toHaveLength(1);
    expect(kinds(events).slice(-2)).toEqual(['tool.invoked', 'episode.canceled']);
    expect(of(events, 'episode.canceled')[0]!.payload['reason']).toBe('stopped while test.wait was running');
    expect(episodesOf(events)[0]!.status).toBe('canceled');
  });

  it('a stop while the decision point asks the person ends the episode canceled; the tool never runs', async () => {
    const source = createAbortSource();
    const asking: Decide = (_request, signal) =>
      new Promise((resolve) => {
        signal?.addEventListener('abort', () => resolve({ allowed: false, reason: 'stopped', by: 'policy' }));
        source.abort();
      });
    const { deps, events } = loopRig([{ calls: [{ name: 'web.get', arguments: { url: 'https://a.example' } }] }], {
      authorize: asking,
    });
    const outcome = await runEpisode(deps, loopInput('fetch'), source.signal);
    expect(outcome.status).toBe('canceled');
    expect(kinds(events)).not.toContain('tool.invoked');
    expect(of(events, 'episode.canceled')[0]!.payload['reason']).toMatch(/waited for permission/);
  });

  it('a model failure on a later turn ends the episode in error with its code', async () => {
    const { deps, events } = loopRig([
      { calls: [{ name: 'math.eval', arguments: { expression: '2' } }] },
      { fail: new AppError('model-server-error', 'HTTP 500: out of memory') },
    ]);
    expect((await runEpisode(deps, loopInput('2'))).status).toBe('error');
    expect(events.at(-1)).toMatchObject({ kind: 'episode.error', code: 'model-server-error' });
  });
});
