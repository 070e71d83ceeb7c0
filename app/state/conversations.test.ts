/** The conversations service: the list per project, the open one, create, rename, delete with Undo, search. */
import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import type { StoredEvent } from '../../core/journal/types';
import { createReadModels } from '../../core/read-models';
import { createConversations, UNDO_MS } from './conversations';
import { createStream } from './stream';
import { createMemoryJournal } from './testing/memory-journal';

let ms = Date.parse('2026-04-01T00:00:00.000Z');
let n = 0;
const clock = { now: () => (ms += 3) };
const newId = () => `01K${String(++n).padStart(23, '0')}`;
const make = createEventFactory({ actor: 'device:t', clock, newId });

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

/** Timers the test moves by hand (the Undo window). */
function manualTimers() {
  const due: Array<{ fn: () => void; at: number; handle: number }> = [];
  let now = 0;
  let next = 0;
  return {
    setTimeout: (fn: () => void, ms: number) => (due.push({ fn, at: now + ms, handle: ++next }), next),
    clearTimeout: (handle: unknown) => {
      const index = due.findIndex((t) => t.handle === handle);
      if (index !== -1) due.splice(index, 1);
    },
    advance(ms: number) {
      now += ms;
      for (const timer of due.filter((t) => t.at <= now)) {
        due.splice(due.indexOf(timer), 1);
        timer.fn();
      }
    },
  };
}

function episode(corr: string, text: string, reply: string, conversation?: string, project?: string) {
  const c = { corr_id: corr, ...(project ? { project_id: project } : {}) };
  return [
    make(
      'episode.started',
      { agent: 'chat', input: text, ...(conversation ? { conversation_id: conversation } : {}) },
      c,
    ),
    make('obs.recorded', { source: 'user', text }, c),
    make('actions.taken', { action: 'reply', ok: true, output: { text: reply } }, c),
    make('episode.completed', { duration_ms: 1 }, c),
  ];
}

async function setup(initial: ReturnType<typeof make>[] = []) {
  const journal = createMemoryJournal(initial);
  const timers = manualTimers();
  const [asked, setAsked] = createSignal<string>();
  const [project, setProject] = createSignal<string>();
  const errors: unknown[] = [];
  const { stream, conversations, dispose } = createRoot((dispose) => {
    const stream = createStream(journal, createReadModels(), { clock, batchMs: 0 });
    const conversations = createConversations({
      journal,
      recentEvents: stream.recentEvents,
      make,
      newId,
      project,
      setProject,
      onError: (e) => errors.push(e),
      timers,
    });
    conversations.bindRouter({ conversation: asked, openConversation: (id) => setAsked(id) });
    return { stream, conversations, dispose };
  });
  disposers.push(() => (stream.dispose(), dispose()));
  await stream.ready;
  await until(() => conversations.loaded());
  const events = async () => (await journal.tail(1000)) as StoredEvent[];
  return { journal, stream, conversations, timers, asked, setAsked, project, setProject, errors, events };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(check()).toBe(true);
}

describe('conversations service', () => {
  it('none in the project → its main conversation (legacy:<project>), the same on every device; writes nothing', async () => {
    const { conversations, events, setProject } = await setup(episode('e0', 'old', 'r', undefined, 'p9'));
    expect(conversations.list()).toEqual([]);
    expect(conversations.current()).toBe('legacy:~personal');
    expect(await conversations.ensure()).toBe('legacy:~personal');
    setProject('p9');
    expect(conversations.current()).toBe('legacy:p9');
    expect(conversations.list()).toMatchObject([{ id: 'legacy:p9', title: 'Earlier messages', corr_ids: ['e0'] }]);
    expect((await events()).some((e) => e.kind.startsWith('conversation.'))).toBe(false);
  });

  it('once the main conversation is deleted, a fresh id is written at its first message', async () => {
    const { conversations, events, asked, timers } = await setup(episode('e0', 'old', 'r'));
    conversations.remove('legacy:~personal');
    timers.advance(UNDO_MS);
    await until(() => conversations.pending().length === 0);
    const fresh = conversations.current();
    expect(fresh).not.toContain('legacy:');
    expect(await conversations.ensure()).toBe(fresh);
    expect(asked()).toBe(fresh);
    const created = (await events()).filter((e) => e.kind === 'conversation.created');
    expect(created).toMatchObject([{ payload: { conversation_id: fresh, title: '', agent: 'agent:chat' } }]);
    expect(await conversations.ensure()).toBe(fresh);
    expect((await events()).filter((e) => e.kind === 'conversation.created')).toHaveLength(1);
  });

  it('current: the URL’s conversation, else the newest; create opens a new one', async () => {
    const { conversations, setAsked, stream } = await setup([
      ...episode('a', 'first chat', 'r', 'c1'),
      ...episode('b', 'second chat', 'r', 'c2'),
    ]);
    expect(conversations.list().map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(conversations.current()).toBe('c2');
    setAsked('c1');
    expect(conversations.current()).toBe('c1');
    const id = await conversations.create();
    expect(conversations.current()).toBe(id);
    stream.flush();
    await until(() => conversations.list()[0]?.id === id);
    expect(conversations.list()[0]!.title).toBe('New conversation');
  });

  it('rename: 1–200 characters, in plain words otherwise', async () => {
    const { conversations, stream } = await setup(episode('a', 'hello', 'r', 'c1'));
    expect(await conversations.rename('c1', '   ')).toEqual({
      ok: false,
      error: 'The title is empty: type 1 to 200 characters.',
    });
    const long = await conversations.rename('c1', 'x'.repeat(201));
    expect(long.ok ? '' : long.error).toBe('The title has 201 characters: at most 200 are accepted.');
    expect(await conversations.rename('c1', '  Trip plans ')).toEqual({ ok: true, value: undefined });
    stream.flush();
    await until(() => conversations.get('c1')?.title === 'Trip plans');
  });

  it('remove hides it at once; Undo in the window writes nothing; after the window the tombstone names its episodes', async () => {
    const { conversations, timers, events, stream } = await setup([
      ...episode('a', 'one', 'r', 'c1'),
      ...episode('b', 'two', 'r', 'c2'),
    ]);
    conversations.remove('c2');
    expect(conversations.list().map((c) => c.id)).toEqual(['c1']);
    expect(conversations.current()).toBe('c1');
    expect(conversations.pending()).toEqual([{ id: 'c2', title: 'two' }]);
    timers.advance(UNDO_MS - 1);
    expect(conversations.undo('c2')).toBe(true);
    timers.advance(UNDO_MS);
    expect(conversations.list().map((c) => c.id)).toEqual(['c2', 'c1']);
    expect((await events()).some((e) => e.kind === 'conversation.deleted')).toBe(false);

    conversations.remove('c2');
    timers.advance(UNDO_MS);
    expect(conversations.undo('c2')).toBe(false);
    await until(() => conversations.pending().length === 0);
    const tombstones = (await events()).filter((e) => e.kind === 'conversation.deleted');
    expect(tombstones).toMatchObject([{ payload: { conversation_id: 'c2', corr_ids: ['b'] } }]);
    stream.flush();
    expect(conversations.list().map((c) => c.id)).toEqual(['c1']);
  });

  it('search finds titles and messages of the project’s conversations, case-insensitive, with a snippet', async () => {
    const { conversations, stream } = await setup([
      ...episode('a', 'Where is the Eiffel tower?', 'In Paris.', 'c1'),
      ...episode('b', 'Banana bread recipe', 'Mix bananas…', 'c2'),
      ...episode('z', 'eiffel elsewhere', 'r', 'c3', 'other-project'),
    ]);
    const hits = await conversations.search('EIFFEL');
    // The first message is the title: one hit for both.
    expect(hits.map((h) => [h.conversation_id, h.where, h.snippet])).toEqual([
      ['c1', 'title', 'Where is the Eiffel tower?'],
    ]);
    expect((await conversations.search('bread')).map((h) => h.where)).toEqual(['title']);
    await conversations.rename('c2', 'Baking');
    stream.flush();
    await until(() => conversations.get('c2')?.title === 'Baking');
    expect((await conversations.search('bread')).map((h) => [h.where, h.snippet])).toEqual([
      ['message', 'Banana bread recipe'],
    ]);
    expect((await conversations.search('paris')).map((h) => [h.conversation_id, h.where])).toEqual([['c1', 'reply']]);
    expect(await conversations.search('  ')).toEqual([]);
  });

  it('a deep link into another project’s conversation switches to that project', async () => {
    const { conversations, setAsked, project } = await setup(episode('a', 'hi', 'r', 'c1', 'p1'));
    setAsked('c1');
    await until(() => project() === 'p1');
    expect(conversations.list().map((c) => c.id)).toEqual(['c1']);
  });
});

describe('conversations service and the project picker', () => {
  it('choosing another project leaves the URL’s conversation for that project’s newest', async () => {
    const { conversations, setAsked, setProject, project } = await setup([
      ...episode('a', 'in p1', 'r', 'c1', 'p1'),
      ...episode('b', 'in p2', 'r', 'c2', 'p2'),
    ]);
    setAsked('c1');
    await until(() => project() === 'p1');
    expect(conversations.current()).toBe('c1');
    setProject('p2');
    expect(conversations.current()).toBe('c2');
    expect(project()).toBe('p2');
    // Opening it again (another link) goes back to its project.
    setAsked(undefined);
    setAsked('c1');
    await until(() => project() === 'p1');
    expect(conversations.current()).toBe('c1');
  });
});

describe('conversations service when the page closes', () => {
  it('flush writes the tombstones of deletions still in their window at once', async () => {
    const { conversations, events } = await setup(episode('a', 'bye', 'r', 'c1'));
    conversations.remove('c1');
    await conversations.flush();
    expect(conversations.pending()).toEqual([]);
    expect(conversations.undo('c1')).toBe(false);
    expect((await events()).filter((e) => e.kind === 'conversation.deleted')).toMatchObject([
      { payload: { conversation_id: 'c1', corr_ids: ['a'] } },
    ]);
  });
});
