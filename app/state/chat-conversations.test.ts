/** Chat per conversation (SPEC §7): only the open conversation's turns, its id on each run, older ones read on opening. */
import { createRoot, createSignal } from 'solid-js';
import { afterEach, expect, it } from 'vitest';
import type { EpisodeInput } from '../../core/agent/run-episode';
import { createEventFactory } from '../../core/journal/event-factory';
import { createReadModels } from '../../core/read-models';
import { createChat } from './chat';
import { createStream } from './stream';
import { createMemoryJournal } from './testing/memory-journal';

let ms = Date.parse('2026-05-01T00:00:00.000Z');
let n = 0;
const clock = { now: () => ms++ };
const newId = () => `01K${String(++n).padStart(23, '0')}`;
const make = createEventFactory({ actor: 'device:t', clock, newId });

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

function episode(corr: string, text: string, conversation: string) {
  const c = { corr_id: corr };
  return [
    make('episode.started', { agent: 'chat', input: text, conversation_id: conversation }, c),
    make('obs.recorded', { source: 'user', text }, c),
    make('actions.taken', { action: 'reply', ok: true, output: { text: `re: ${text}` } }, c),
    make('episode.completed', { duration_ms: 1 }, c),
  ];
}

async function until(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(check()).toBe(true);
}

it('shows only the open conversation, reads an old one past the first 1000 events, and runs with its id', async () => {
  const old = episode('old', 'from long ago', 'c1');
  // 250 newer episodes (1000 events) in c2 push c1's out of Chat's first read.
  const newer = Array.from({ length: 250 }, (_, i) => episode(`n${i}`, `newer ${i}`, 'c2')).flat();
  const journal = createMemoryJournal([...old, ...newer]);
  const [conversation, setConversation] = createSignal('c2');
  const runs: EpisodeInput[] = [];
  const { stream, chat, dispose } = createRoot((dispose) => {
    const stream = createStream(journal, createReadModels(), { clock, batchMs: 0 });
    const chat = createChat({
      journal,
      recentEvents: stream.recentEvents,
      select: () => {},
      newId,
      agent: 'chat',
      run: async (input) => (runs.push(input), { corrId: input.corrId ?? '', reply: '', status: 'completed' as const }),
      onError: (e) => {
        throw e;
      },
      conversation,
      ensureConversation: async () => conversation(),
      episodesOf: (id) => (id === 'c1' ? ['old'] : []),
    });
    return { stream, chat, dispose };
  });
  disposers.push(() => (stream.dispose(), dispose()));
  await until(() => chat.loaded() && chat.turns().length > 0);
  expect(chat.turns().every((t) => t.user.startsWith('newer'))).toBe(true);

  setConversation('c1');
  await until(() => chat.turns().length === 1);
  expect(chat.turns()[0]).toMatchObject({ corrId: 'old', user: 'from long ago', reply: 're: from long ago' });

  await chat.send('hello again');
  expect(runs[0]).toMatchObject({ text: 'hello again', conversationId: 'c1' });
  expect(chat.contextFor('')).toEqual([
    { role: 'user', content: 'from long ago' },
    { role: 'assistant', content: 're: from long ago' },
  ]);
});

it('a running message shows only in the conversation it was sent in', async () => {
  const journal = createMemoryJournal([...episode('a', 'in one', 'c1'), ...episode('b', 'in two', 'c2')]);
  const [conversation, setConversation] = createSignal('c1');
  let finish = () => {};
  const { stream, chat, dispose } = createRoot((dispose) => {
    const stream = createStream(journal, createReadModels(), { clock, batchMs: 0 });
    const chat = createChat({
      journal,
      recentEvents: stream.recentEvents,
      select: () => {},
      newId,
      agent: 'chat',
      run: (input) =>
        new Promise(
          (resolve) => (finish = () => resolve({ corrId: input.corrId ?? '', reply: '', status: 'completed' })),
        ),
      onError: (e) => {
        throw e;
      },
      conversation,
    });
    return { stream, chat, dispose };
  });
  disposers.push(() => (stream.dispose(), dispose()));
  await until(() => chat.loaded() && chat.turns().length === 1);
  const sent = chat.send('still thinking');
  await until(() => chat.turns().length === 2);
  expect(chat.turns()[1]).toMatchObject({ user: 'still thinking', status: 'running' });
  setConversation('c2');
  expect(chat.turns().map((t) => t.user)).toEqual(['in two']);
  setConversation('c1');
  expect(chat.turns().map((t) => t.user)).toEqual(['in one', 'still thinking']);
  finish();
  await sent;
});
