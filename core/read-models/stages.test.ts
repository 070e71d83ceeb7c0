/** Stage read-models (SPEC E5): newest-256 cap, 10-minute TTL at view time, prefixes, version. */
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { createUlidFactory } from '../lib/ulid';
import { applyToReadModels, createReadModels, initReadModelStates } from './index';
import { createIntentsModel, createObservationsModel, createStageModel } from './stages';
import { rebuild } from './types';

const START = Date.parse('2026-03-01T10:00:00.000Z');
/** Ids increase in creation order (one millisecond, monotonic ULIDs). */
const newId = createUlidFactory(
  () => START,
  (n) => new Uint8Array(n),
);

function event(kind: string, ms: number, payload: Record<string, unknown> = {}): EventEnvelope {
  return { id: newId(), time: new Date(ms).toISOString(), kind, v: 1, actor: 'agent-probe', corr_id: 'c', payload };
}

const intent = (ms: number, index: number) => event('intents.proposed', ms, { intent: `i${index}` });

describe('stage read-models (SPEC E5)', () => {
  it('300 intents.proposed keep the 256 newest, oldest first, and version counts all 300', () => {
    const model = createIntentsModel();
    const events = Array.from({ length: 300 }, (_, index) => intent(START + index, index));
    const view = model.view(rebuild(model, events.reverse()), START + 300);
    expect(view.version).toBe(300);
    expect(view.items).toHaveLength(256);
    expect(view.items[0]!.payload).toEqual({ intent: 'i44' });
    expect(view.items.at(-1)!.payload).toEqual({ intent: 'i299' });
  });

  it('items older than 10 minutes disappear from the view but stay counted', () => {
    const model = createIntentsModel();
    const state = rebuild(model, [intent(START, 0), intent(START + 60_000, 1)]);
    expect(model.view(state, START + 600_000).items).toHaveLength(2);
    const later = model.view(state, START + 600_001);
    expect(later.items.map((item) => item.payload['intent'])).toEqual(['i1']);
    expect(later.version).toBe(2);
  });

  it('cap and TTL are configurable', () => {
    const model = createObservationsModel({ cap: 2, ttlMs: 10_000 });
    const events = [0, 1, 2].map((index) => event('obs.recorded', START + index * 600, { source: 'user' }));
    const state = rebuild(model, events);
    expect(model.view(state, START + 1300).items.map((item) => item.id)).toEqual([events[1]!.id, events[2]!.id]);
    expect(model.view(state, START + 10_700).items.map((item) => item.id)).toEqual([events[2]!.id]);
  });

  it('only kinds with the model prefix are kept; items carry corr_id and payload', () => {
    const model = createStageModel({ id: 'actions', prefix: 'actions.' });
    const taken = event('actions.taken', START, { action: 'reply', ok: true });
    const view = model.view(rebuild(model, [event('intents.proposed', START), taken]), START);
    expect(view).toEqual({
      version: 1,
      items: [
        { id: taken.id, time: taken.time, kind: 'actions.taken', corr_id: 'c', payload: { action: 'reply', ok: true } },
      ],
    });
  });

  it('an evicted event delivered again does not come back', () => {
    const model = createIntentsModel({ cap: 1 });
    const [older, newer] = [intent(START, 0), intent(START + 1, 1)];
    const state = rebuild(model, [older, newer, older]);
    expect(model.view(state, START).items.map((item) => item.id)).toEqual([newer.id]);
    // The model alone counts every fold; applyToReadModels drops the repeat before it.
    expect(model.view(state, START).version).toBe(3);
    const models = createReadModels({ cap: 1 });
    const states = initReadModelStates(models);
    for (const event of [older, newer, older]) applyToReadModels(models, states, event);
    expect(models.intents.view(states.intents, START)).toMatchObject({ version: 2, items: [{ id: newer.id }] });
  });

  it('a repeat of a kept item is skipped by the model itself', () => {
    const model = createIntentsModel();
    const event = intent(START, 0);
    const state = rebuild(model, [event, { ...event }]);
    expect(model.view(state, START)).toMatchObject({ version: 1, items: [{ id: event.id }] });
  });
});
