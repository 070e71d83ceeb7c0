/** A feed under backpressure: pauses without queueing, resumes from its cursor, never doubles. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { ServerMessage } from '../../spec/sync-protocol';
import { openServerDb } from '../storage/db';
import { createEventStore } from '../storage/event-store';
import { HIGH_WATER_BYTES, startFeed } from './feed';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] }));
afterEach(() => vi.useRealTimers());

function setup() {
  const store = createEventStore(openServerDb(':memory:'));
  let t = 1_700_000_000_000;
  const make = createEventFactory({
    actor: 'a',
    clock: { now: () => t },
    newId: createUlidFactory(
      () => t++,
      (n) => new Uint8Array(n),
    ),
  });
  const events = (n: number) =>
    Array.from({ length: n }, () => make('obs.recorded', { source: 's' }, { project_id: 'p1' }));
  const sent: ServerMessage[] = [];
  const sink = {
    buffered: 0,
    send: (m: ServerMessage) => sent.push(m),
    isOpen: () => true,
    bufferedAmount: () => sink.buffered,
  };
  const delivered = () => sent.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.server_seq) : []));
  return { store, events, sink, sent, delivered };
}

describe('feed', () => {
  it('S5: catches up in batches of ≤ 500, sends caught-up, then goes live', () => {
    const { store, events, sink, sent, delivered } = setup();
    store.append(events(300), { origin: 't' });
    store.append(events(300), { origin: 't' });
    const feed = startFeed(store, sink, 'p1', 100);
    vi.runAllTimers();
    expect(feed.mode()).toBe('live');
    expect(delivered()).toEqual(Array.from({ length: 500 }, (_, i) => i + 101));
    expect(sent.at(-1)).toEqual({ type: 'caught-up', project_id: 'p1', cursor: 600 });
  });

  it('S9 S11: a backed-up socket pauses live delivery, then resumes from the store with nothing lost or doubled; own events are skipped', () => {
    const { store, events, sink, delivered } = setup();
    const feed = startFeed(store, sink, 'p1', 0);
    vi.runAllTimers();
    store.onAppended((batch, note) => feed.offer(batch, note.source === 'me'));
    store.append(events(10), { origin: 't' });
    sink.buffered = HIGH_WATER_BYTES + 1;
    store.append(events(10), { origin: 't' });
    store.append(events(5), { origin: 't', source: 'me' });
    store.append(events(10), { origin: 't' });
    expect(feed.mode()).toBe('paused');
    expect(delivered()).toHaveLength(10);
    vi.advanceTimersByTime(100);
    expect(feed.mode()).toBe('paused');
    sink.buffered = 0;
    vi.runAllTimers();
    expect(feed.mode()).toBe('live');
    const seqs = delivered();
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([
      ...Array.from({ length: 20 }, (_, i) => i + 1),
      ...Array.from({ length: 10 }, (_, i) => i + 26),
    ]);
    store.append(events(2), { origin: 't', source: 'me' });
    store.append(events(1), { origin: 't' });
    expect(delivered().at(-1)).toBe(38);
    expect(feed.cursor()).toBe(38);
  });
});
