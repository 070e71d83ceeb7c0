/** Beliefs read-model: the newest `beliefs.updated` by (time, id) replaces the set. */
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { createUlidFactory } from '../lib/ulid';
import { createBeliefsModel } from './beliefs';
import { rebuild } from './types';

const START = Date.parse('2026-03-01T10:00:00.000Z');
/** Ids increase in creation order (one millisecond, monotonic ULIDs). */
const newId = createUlidFactory(
  () => START,
  (n) => new Uint8Array(n),
);

function updated(ms: number, claims: string[]): EventEnvelope {
  return {
    id: newId(),
    time: new Date(ms).toISOString(),
    kind: 'beliefs.updated',
    v: 1,
    actor: 'agent-probe',
    payload: { beliefs: claims.map((claim) => ({ claim, confidence: 1 })) },
  };
}

describe('beliefs read-model', () => {
  it('the newest beliefs.updated replaces the set wholesale', () => {
    const model = createBeliefsModel();
    const state = rebuild(model, [updated(START, ['sky is blue', 'user is here']), updated(START + 5, ['user left'])]);
    expect(model.view(state, START)).toEqual({ version: 2, items: [{ claim: 'user left', confidence: 1 }] });
  });

  it('an older update arriving late does not win', () => {
    const model = createBeliefsModel();
    const state = rebuild(model, [updated(START + 5, ['new']), updated(START, ['old'])]);
    expect(model.view(state, START).items.map((belief) => belief.claim)).toEqual(['new']);
  });

  it('starts empty', () => {
    const model = createBeliefsModel();
    expect(model.view(model.init(), START)).toEqual({ version: 0, items: [] });
  });
});
