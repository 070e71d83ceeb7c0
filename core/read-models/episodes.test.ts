/** Episodes read-model examples (SPEC E4): grouping, status, timing, counts, last error. */
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { createEventFactory, type EventContext } from '../journal';
import { createUlidFactory } from '../lib/ulid';
import { createEpisodesModel, INPUT_PREVIEW_MAX } from './episodes';
import { applyToReadModels, createReadModels, initReadModelStates } from './index';
import { rebuild } from './types';

const START = Date.parse('2026-03-01T10:00:00.000Z');

/** A factory whose clock the test moves by hand; ids are deterministic ULIDs. */
function setup() {
  let now = START;
  const clock = { now: () => now };
  let counter = 0;
  const newId = createUlidFactory(clock.now, (n) => Uint8Array.from({ length: n }, () => counter++ % 251));
  const make = createEventFactory({ actor: 'agent-probe', clock, newId });
  return { make, advance: (ms: number) => (now += ms) };
}

function view(events: EventEnvelope[]) {
  const model = createEpisodesModel();
  for (const event of events) expect(validateEvent(event).ok).toBe(true);
  return model.view(rebuild(model, events), START);
}

describe('episodes read-model (SPEC E4)', () => {
  it('three events with one corr_id 120 ms apart make one episode with count 3 and duration 240 ms', () => {
    const { make, advance } = setup();
    const ctx: EventContext = { corr_id: 'X', project_id: 'p1' };
    const events = [make('episode.started', { agent: 'probe' }, ctx)];
    advance(120);
    events.push(make('obs.recorded', { source: 'user', text: 'hi' }, ctx));
    advance(120);
    events.push(make('intents.proposed', { intent: 'reply' }, ctx));
    const [episode, ...rest] = view(events);
    expect(rest).toEqual([]);
    expect(episode).toMatchObject({
      id: 'X',
      status: 'running',
      count: 3,
      duration_ms: 240,
      first_kind: 'episode.started',
      last_kind: 'intents.proposed',
      stages: { obs: 1, beliefs: 0, intents: 1, actions: 0 },
      projects: ['p1'],
      actors: ['agent-probe'],
    });
    expect(episode!.end).toBeUndefined();
  });

  it('events without a corr_id create no episode', () => {
    const { make } = setup();
    expect(
      view([make('obs.recorded', { source: 'user' }), make('runtime.health', { component: 'gpu', state: 'ok' })]),
    ).toEqual([]);
  });

  it('episode.completed ends the episode: status completed, end and duration from it', () => {
    const { make, advance } = setup();
    const events = [make('episode.started', { agent: 'probe' }, { corr_id: 'A' })];
    advance(500);
    events.push(make('episode.completed', { duration_ms: 500 }, { corr_id: 'A' }));
    advance(100);
    events.push(make('obs.recorded', { source: 'late' }, { corr_id: 'A' }));
    expect(view(events)[0]).toMatchObject({
      status: 'completed',
      end: events[1]!.time,
      duration_ms: 500,
      last: events[2]!.time,
    });
  });

  it('episode.canceled gives status canceled', () => {
    const { make } = setup();
    const events = [
      make('episode.started', { agent: 'probe' }, { corr_id: 'A' }),
      make('episode.canceled', { reason: 'user' }, { corr_id: 'A' }),
    ];
    expect(view(events)[0]!.status).toBe('canceled');
  });

  it('a tool.error makes the status error and fills last_error, even after episode.completed', () => {
    const { make, advance } = setup();
    const ctx = { corr_id: 'T' };
    const events = [make('tool.invoked', { tool: 'math.eval', call_id: 'c1' }, ctx)];
    advance(10);
    events.push(make('tool.error', { tool: 'math.eval', call_id: 'c1', message: 'division by zero' }, ctx));
    advance(10);
    events.push(make('episode.completed', { duration_ms: 20 }, ctx));
    expect(view(events)[0]).toMatchObject({
      status: 'error',
      errors: 1,
      tool_calls: 1,
      last_error: { kind: 'tool.error', message: 'division by zero', time: events[1]!.time },
    });
  });

  it('severity error counts as an error; its message falls back to status, then kind', () => {
    const { make, advance } = setup();
    const events = [
      make('obs.recorded', { source: 'sensor' }, { corr_id: 'S', severity: 'error', status: 'sensor offline' }),
    ];
    advance(5);
    events.push(make('actions.taken', { action: 'write', ok: false }, { corr_id: 'S', severity: 'error' }));
    expect(view(events)[0]).toMatchObject({
      status: 'error',
      errors: 2,
      last_error: { kind: 'actions.taken', message: 'actions.taken' },
    });
    expect(view(events.slice(0, 1))[0]!.last_error!.message).toBe('sensor offline');
  });

  it('sums tokens.out counts and lists episodes newest activity first', () => {
    const { make, advance } = setup();
    const events = [make('tokens.out', { seq: 0, count: 8, text: 'a' }, { corr_id: 'old' })];
    events.push(make('tokens.out', { seq: 1, count: 3, text: 'b', final: true }, { corr_id: 'old' }));
    advance(1000);
    events.push(make('episode.started', { agent: 'probe' }, { corr_id: 'new' }));
    const episodes = view(events);
    expect(episodes.map((episode) => episode.id)).toEqual(['new', 'old']);
    expect(episodes[1]!.tokens_out).toBe(11);
  });

  it('carries ttft_ms and tokens_per_s from episode.completed; a running episode has neither', () => {
    const { make, advance } = setup();
    const ctx = { corr_id: 'G' };
    const events = [
      make('episode.started', { agent: 'probe' }, ctx),
      make('tokens.out', { seq: 0, count: 4, text: 'hi', ttft_ms: 42 }, ctx),
    ];
    expect(view(events)[0]).not.toHaveProperty('ttft_ms');
    expect(view(events)[0]).not.toHaveProperty('tokens_per_s');
    advance(200);
    events.push(make('episode.completed', { duration_ms: 200, tokens_out: 4, ttft_ms: 42, tokens_per_s: 25.5 }, ctx));
    expect(view(events)[0]).toMatchObject({ ttft_ms: 42, tokens_per_s: 25.5 });
    expect(view(events.slice().reverse())[0]).toMatchObject({ ttft_ms: 42, tokens_per_s: 25.5 });
  });

  it('a duplicate event id is counted once: applyToReadModels drops it inside the recent-ids window', () => {
    const { make } = setup();
    const event = make('episode.started', { agent: 'probe' }, { corr_id: 'D' });
    const models = createReadModels();
    const states = initReadModelStates(models);
    expect(applyToReadModels(models, states, event)).toBe(true);
    expect(applyToReadModels(models, states, { ...event })).toBe(false);
    expect(models.episodes.view(states.episodes, START)[0]!.count).toBe(1);
    expect(states.episodes.version).toBe(1);
  });

  it('keeps the recipe and conversation its episode.started names; other episodes have none', () => {
    const { make } = setup();
    const started = make(
      'episode.started',
      { agent: 'recipe:save-page', recipe_id: 'save-page', conversation_id: 'C1' },
      { corr_id: 'R' },
    );
    const plain = make('episode.started', { agent: 'chat' }, { corr_id: 'P' });
    const byId = new Map(view([started, plain]).map((episode) => [episode.id, episode]));
    expect(byId.get('R')).toMatchObject({ recipe_id: 'save-page', conversation_id: 'C1' });
    expect(byId.get('P')).not.toHaveProperty('recipe_id');
  });

  it('keeps the start of the first message (one line, clipped), the model and the agent for lists', () => {
    const { make } = setup();
    const long = make(
      'episode.started',
      { agent: 'chat', model: 'openai:tiny', input: `  what time\n is it ${'x'.repeat(200)}` },
      { corr_id: 'L' },
    );
    const empty = make('episode.started', { agent: 'probe', input: ' \n ' }, { corr_id: 'E' });
    const byId = new Map(view([long, empty]).map((episode) => [episode.id, episode]));
    const input = byId.get('L')!.input!;
    expect(input.startsWith('what time is it xxx')).toBe(true);
    expect(input).toHaveLength(INPUT_PREVIEW_MAX);
    expect(input.endsWith('…')).toBe(true);
    expect(byId.get('L')).toMatchObject({ model: 'openai:tiny', agent: 'chat' });
    expect(byId.get('E')).not.toHaveProperty('input');
    expect(byId.get('E')).not.toHaveProperty('model');
  });
});
