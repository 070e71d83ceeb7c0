import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createProbeModel } from '../../core/agent/probe-model';
import { planProbe } from '../../core/agent/probe-plan';
import { runEpisode } from '../../core/agent/run-episode';
import { createBuiltinTools } from '../../core/agent/tools';
import { AppError } from '../../core/errors';
import { createEventFactory } from '../../core/journal/event-factory';
import { createReadModels } from '../../core/read-models';
import { createChat } from './chat';
import { createStream } from './stream';
import { createMemoryJournal } from './testing/memory-journal';

let ms = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const clock = { now: () => ms++ };
const newId = () => `01J${String(++n).padStart(23, '0')}`;

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

async function setup(options: { tokenDelayMs?: number } = {}) {
  const journal = createMemoryJournal();
  const model = createProbeModel({
    clock,
    sleep: (d) => new Promise((r) => setTimeout(r, d)),
    tokenDelayMs: options.tokenDelayMs ?? 0,
  });
  await model.load({ id: 'probe' });
  const make = createEventFactory({ actor: 'device:t', clock, newId });
  const deps = {
    model,
    make,
    clock,
    newId,
    tools: createBuiltinTools(clock),
    plan: planProbe,
    emit: async (events: unknown[]) => void (await journal.appendBatch(events)),
  };
  const errors: unknown[] = [];
  const { stream, chat, dispose } = createRoot((dispose) => {
    const stream = createStream(journal, createReadModels(), { clock, batchMs: 0 });
    const chat = createChat({
      journal,
      recentEvents: stream.recentEvents,
      select: stream.select,
      newId,
      agent: 'probe',
      run: (input, signal) => runEpisode(deps, input, signal),
      onError: (e) => errors.push(e),
    });
    return { stream, chat, dispose };
  });
  disposers.push(() => {
    stream.dispose();
    dispose();
  });
  await stream.ready;
  return { journal, stream, chat, errors };
}

describe('createChat', () => {
  it('runs an episode, selects it, and derives the turn from the journal', async () => {
    const { chat, stream } = await setup();
    const outcome = await chat.send('hello');
    stream.flush();
    expect(outcome?.status).toBe('completed');
    expect(stream.selectedCorrId()).toBe(outcome!.corrId);
    const [turn] = chat.turns();
    expect(turn).toMatchObject({ corrId: outcome!.corrId, user: 'hello', status: 'completed' });
    expect(turn!.reply).toBe(outcome!.reply);
  });

  it('keeps the history across a "reload" (a new chat over the same journal)', async () => {
    const { chat, journal } = await setup();
    await chat.send('calc 2+3');
    const reloaded = createRoot(() =>
      createChat({
        journal,
        recentEvents: () => [],
        select: () => undefined,
        newId,
        agent: 'probe',
        run: async () => {
          throw new Error('unused');
        },
        onError: () => undefined,
      }),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(reloaded.loaded()).toBe(true);
    expect(reloaded.turns().map((t) => [t.user, t.reply])).toEqual([['calc 2+3', 'The result is 5.']]);
  });

  it('shows the context: history plus the draft', async () => {
    const { chat, stream } = await setup();
    await chat.send('hi');
    stream.flush();
    const context = chat.contextFor('next');
    expect(context.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(context[2]!.content).toBe('next');
  });

  it('stop cancels the running episode; regenerate re-runs the last input', async () => {
    const { chat, stream } = await setup({ tokenDelayMs: 5 });
    const pending = chat.send('a b c d e f g h i j k l m n o p');
    expect(chat.running()).toBeDefined();
    expect(chat.canRegenerate()).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    chat.stop();
    expect((await pending)?.status).toBe('canceled');
    stream.flush();
    expect(chat.running()).toBeUndefined();
    const again = await chat.regenerate();
    stream.flush();
    expect(again?.status).toBe('completed');
    // One turn, two answers (SPEC §7 turn_of): the new one shown.
    expect(chat.turns().map((t) => t.variants.map((v) => v.status))).toEqual([['canceled', 'completed']]);
    expect(chat.turns()[0]!.status).toBe('completed');
  });

  it('refuses a second send while one runs, and reports journal failures', async () => {
    const { chat, journal, errors } = await setup({ tokenDelayMs: 2 });
    const first = chat.send('one two three');
    expect(await chat.send('again')).toBeUndefined();
    expect(chat.notice()).toBe('agent-busy');
    await first;
    journal.failWith(new AppError('journal-read-only', 'read-only'));
    expect(await chat.send('x')).toBeUndefined();
    expect(chat.notice()).toBe('journal-read-only');
    expect(errors).toHaveLength(1);
  });
});
