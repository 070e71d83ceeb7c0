/** The conversations fold (SPEC §7): titles, episodes, the earlier messages, tombstones, order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { createEventFactory } from '../journal/event-factory';
import {
  clipTitle,
  conversationsOfProject,
  deriveConversations,
  legacyConversationId,
  UNTITLED,
} from './conversations';

function setup() {
  let ms = Date.parse('2026-02-01T00:00:00.000Z');
  let n = 0;
  const make = createEventFactory({
    actor: 'device:t',
    clock: { now: () => (ms += 5) },
    newId: () => `01J${String(++n).padStart(23, '0')}`,
  });
  const created = (id: string, title = '', project?: string, extra: Record<string, unknown> = {}) =>
    make(
      'conversation.created',
      { conversation_id: id, title, agent: 'agent:chat', ...extra },
      project ? { project_id: project } : {},
    );
  const episode = (corr: string, text: string, conversation?: string, project?: string, model = 'arw-tiny-char') => {
    const c = { corr_id: corr, ...(project ? { project_id: project } : {}) };
    return [
      make(
        'episode.started',
        { agent: 'chat', input: text, model, ...(conversation ? { conversation_id: conversation } : {}) },
        c,
      ),
      make('obs.recorded', { source: 'user', text }, c),
      make('actions.taken', { action: 'reply', ok: true, output: { text: `re: ${text}` } }, c),
      make('episode.completed', { duration_ms: 3 }, c),
    ];
  };
  return { make, created, episode };
}

const valid = (events: EventEnvelope[]) => {
  for (const event of events) expect(validateEvent(event).ok ? [] : validateEvent(event)).toEqual([]);
  return events;
};

describe('deriveConversations', () => {
  it('lists a conversation with its episodes, model and last activity, titled by its first message', () => {
    const { created, episode } = setup();
    const events = valid([
      created('c1'),
      ...episode('e1', 'What is the capital of France?', 'c1'),
      ...episode('e2', 'And Spain?', 'c1'),
    ]);
    const [c] = deriveConversations(events);
    expect(c).toMatchObject({
      id: 'c1',
      title: 'What is the capital of France?',
      agent: 'agent:chat',
      model: 'arw-tiny-char',
      corr_ids: ['e1', 'e2'],
      created: events[0]!.time,
      last_activity: events[events.length - 1]!.time,
      legacy: false,
    });
  });

  it('title: the newest rename beats the created title, which beats the first message; empty is "New conversation"', () => {
    const { make, created, episode } = setup();
    const base = [created('c1', 'Planning'), ...episode('e1', 'hello', 'c1')];
    expect(deriveConversations(base)[0]!.title).toBe('Planning');
    const renamed = [
      ...base,
      make('conversation.renamed', { conversation_id: 'c1', title: 'Trip' }),
      make('conversation.renamed', { conversation_id: 'c1', title: 'Trip to Lyon' }),
    ];
    expect(deriveConversations(renamed)[0]!.title).toBe('Trip to Lyon');
    expect(deriveConversations([created('c2')])[0]!.title).toBe(UNTITLED);
  });

  it('a long first message is clipped to about 60 characters on one line', () => {
    const long = 'word '.repeat(40);
    const title = clipTitle(long);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith('…')).toBe(true);
    expect(clipTitle('two\nlines')).toBe('two lines');
  });

  it('episodes without a conversation_id form one "Earlier messages" conversation per project', () => {
    const { created, episode } = setup();
    const events = [...episode('old1', 'a'), ...episode('old2', 'b', undefined, 'p1'), created('c1', 'New', 'p1')];
    const list = deriveConversations(events);
    expect(list.map((c) => c.id).sort()).toEqual(['c1', legacyConversationId('p1'), 'legacy:~personal'].sort());
    const personal = conversationsOfProject(list, undefined);
    expect(personal).toMatchObject([
      { id: 'legacy:~personal', title: 'Earlier messages', corr_ids: ['old1'], legacy: true },
    ]);
    expect(conversationsOfProject(list, 'p1').map((c) => c.id)).toEqual(['c1', 'legacy:p1']);
  });

  it('the main conversation with only new messages is titled by its first message; a rename alone lists it', () => {
    const { make, episode } = setup();
    const main = legacyConversationId(undefined);
    expect(deriveConversations(episode('m1', 'hello there', main))[0]).toMatchObject({
      id: main,
      title: 'hello there',
    });
    const renamed = make('conversation.renamed', { conversation_id: main, title: 'Main' });
    expect(deriveConversations([renamed])).toMatchObject([{ id: main, title: 'Main', corr_ids: [] }]);
  });

  it('a tombstone removes the conversation, even with its events still in the journal', () => {
    const { make, created, episode } = setup();
    const events = [
      created('c1'),
      ...episode('e1', 'x', 'c1'),
      created('c2'),
      make('conversation.deleted', { conversation_id: 'c1', corr_ids: ['e1'] }),
    ];
    expect(deriveConversations(valid(events)).map((c) => c.id)).toEqual(['c2']);
  });

  it('newest activity first: a message in an older conversation moves it to the top', () => {
    const { created, episode } = setup();
    const events = [created('c1'), created('c2'), ...episode('e1', 'back to one', 'c1')];
    expect(deriveConversations(events).map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('with `agents`, episodes of other agents join no conversation', () => {
    const { make } = setup();
    const events = [make('episode.started', { agent: 'trainer', input: 'x' }, { corr_id: 't1' })];
    expect(deriveConversations(events, { agents: ['chat'] })).toEqual([]);
    expect(deriveConversations(events)).toHaveLength(1);
  });

  it('the list depends only on the set of events (any order, duplicates)', () => {
    const { make, created, episode } = setup();
    const events = [
      created('c1', 'one'),
      ...episode('e1', 'first', 'c1'),
      created('c2'),
      ...episode('e2', 'second', 'c2'),
      make('conversation.renamed', { conversation_id: 'c2', title: 'Two' }),
      ...episode('e3', 'legacy'),
      make('conversation.deleted', { conversation_id: 'c1' }),
    ];
    const expected = deriveConversations(events);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.array(fc.constantFrom(...events)),
        (order, dupes) => {
          expect(deriveConversations([...order, ...dupes])).toEqual(expected);
        },
      ),
    );
  });
});
