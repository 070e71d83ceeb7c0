/** Regenerate, edit-and-resend and switching answers in the Chat controller (SPEC §7 turn_of). */
import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/agent/model';
import { createProbeModel } from '../../core/agent/probe-model';
import { planProbe } from '../../core/agent/probe-plan';
import { runEpisode, type EpisodeInput } from '../../core/agent/run-episode';
import { createBuiltinTools } from '../../core/agent/tools';
import { createEventFactory } from '../../core/journal/event-factory';
import { createReadModels } from '../../core/read-models';
import { createChat } from './chat';
import { createStream } from './stream';
import { createMemoryJournal } from './testing/memory-journal';

let ms = Date.parse('2026-02-01T00:00:00.000Z');
let n = 0;
const clock = { now: () => ms++ };
const newId = () => `01K${String(++n).padStart(23, '0')}`;

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

async function setup() {
  const journal = createMemoryJournal();
  const model = createProbeModel({ clock, sleep: async () => undefined, tokenDelayMs: 0 });
  await model.load({ id: 'probe' });
  const deps = {
    model,
    make: createEventFactory({ actor: 'device:t', clock, newId }),
    clock,
    newId,
    tools: createBuiltinTools(clock),
    plan: planProbe,
    emit: async (events: unknown[]) => void (await journal.appendBatch(events)),
  };
  const inputs: EpisodeInput[] = [];
  const { stream, chat, dispose } = createRoot((dispose) => {
    const stream = createStream(journal, createReadModels(), { clock, batchMs: 0 });
    const chat = createChat({
      journal,
      recentEvents: stream.recentEvents,
      select: stream.select,
      newId,
      agent: 'probe',
      run: (input, signal) => (inputs.push(input), runEpisode(deps, input, signal)),
      onError: () => undefined,
    });
    return { stream, chat, dispose };
  });
  disposers.push(() => (stream.dispose(), dispose()));
  await stream.ready;
  return { journal, stream, chat, inputs };
}

const texts = (history: readonly ChatMessage[] | undefined) => (history ?? []).map((m) => m.content);

describe('createChat: variants of a turn', () => {
  it('Regenerate twice gives one turn with three answers, each episode naming the turn', async () => {
    const { chat, stream, journal, inputs } = await setup();
    const first = await chat.send('hello');
    stream.flush();
    await chat.regenerate();
    stream.flush();
    await chat.regenerate();
    stream.flush();
    const turns = chat.turns();
    expect(turns).toHaveLength(1);
    expect(turns[0]!.turnId).toBe(first!.corrId);
    expect(turns[0]!.variants.map((v) => v.user)).toEqual(['hello', 'hello', 'hello']);
    expect(turns[0]!.shown).toBe(2);
    const started = journal.events.filter((e) => e.kind === 'episode.started').map((e) => e.payload.turn_of);
    expect(started).toEqual([undefined, first!.corrId, first!.corrId]);
    expect(inputs.map((input) => input.turnOf)).toEqual([undefined, first!.corrId, first!.corrId]);
  });

  it('showVariant switches the answer and the history sent next uses it', async () => {
    const { chat, stream, inputs } = await setup();
    const a = await chat.send('calc 1+1');
    stream.flush();
    await chat.edit(a!.corrId, 'calc 2+2');
    stream.flush();
    expect(chat.turns()[0]).toMatchObject({ user: 'calc 2+2', reply: 'The result is 4.', shown: 1 });
    chat.showVariant(a!.corrId, 0);
    expect(chat.turns()[0]).toMatchObject({ corrId: a!.corrId, user: 'calc 1+1', reply: 'The result is 2.', shown: 0 });
    expect(texts(chat.contextFor(''))).toEqual(['calc 1+1', 'The result is 2.']);
    await chat.send('hello');
    stream.flush();
    expect(texts(inputs.at(-1)!.history)).toEqual(['calc 1+1', 'The result is 2.']);
    chat.showVariant(a!.corrId, 9); // no such answer: nothing changes
    expect(chat.turns()[0]!.shown).toBe(0);
  });

  it('edit-and-resend of an earlier turn sends only the turns before it as history, and shows the new answer', async () => {
    const { chat, stream, inputs } = await setup();
    const a = await chat.send('calc 1+1');
    stream.flush();
    const b = await chat.send('calc 3+3');
    stream.flush();
    chat.showVariant(b!.corrId, 0);
    await chat.edit(a!.corrId, '  calc 5+5  ');
    stream.flush();
    expect(inputs.at(-1)).toMatchObject({ text: 'calc 5+5', turnOf: a!.corrId, history: [] });
    expect(chat.turns().map((t) => [t.turnId, t.user, t.variants.length])).toEqual([
      [a!.corrId, 'calc 5+5', 2],
      [b!.corrId, 'calc 3+3', 1],
    ]);
    await chat.edit(b!.corrId, 'calc 4+4');
    stream.flush();
    expect(texts(inputs.at(-1)!.history)).toEqual(['calc 5+5', 'The result is 10.']);
    expect(await chat.edit(b!.corrId, '   ')).toBeUndefined();
    expect(await chat.edit('nope', 'x')).toBeUndefined();
  });
});
