import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createReadModels } from '../../core/read-models';
import { createMemoryJournal } from './testing/memory-journal';
import { createStream, type Stream } from './stream';

let ms = Date.parse('2026-01-01T00:00:00.000Z');
let seq = 0;
const clock = { now: () => ms };
const make = createEventFactory({ actor: 'device:test', clock, newId: () => `01J${String(++seq).padStart(23, '0')}` });

const started = (corr: string) => make('episode.started', { agent: 'probe', input: 'hi' }, { corr_id: corr });
const obs = (corr: string, text: string) => make('obs.recorded', { source: 'user', text }, { corr_id: corr });

let streams: Stream[] = [];
const open = (...args: Parameters<typeof createStream>) => {
  const stream = createStream(...args);
  streams.push(stream);
  return stream;
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  for (const stream of streams) stream.dispose();
  streams = [];
  vi.useRealTimers();
});

describe('createStream', () => {
  it('rebuilds the read-models from the journal and loads the tail into the ring', async () => {
    const journal = createMemoryJournal([started('A'), obs('A', 'one'), started('B')]);
    const stream = open(journal, createReadModels(), { clock, tailSize: 2 });
    expect(stream.phase()).toBe('loading');
    await stream.ready;
    expect(stream.phase()).toBe('ready');
    expect(stream.progress()).toEqual({ done: 3, total: 3 });
    expect(stream.eventCount()).toBe(3);
    expect(
      stream
        .episodes()
        .map((e) => e.id)
        .sort(),
    ).toEqual(['A', 'B']);
    expect(stream.observations().items).toHaveLength(1);
    expect(stream.recentEvents().map((e) => e.kind)).toEqual(['obs.recorded', 'episode.started']);
  });

  it('micro-batches live events: nothing before the batch window, everything after', async () => {
    const journal = createMemoryJournal();
    const stream = open(journal, createReadModels(), { clock, batchMs: 50 });
    await stream.ready;
    await journal.appendBatch([started('C')]);
    await journal.append(obs('C', 'live'));
    expect(stream.recentEvents()).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(stream.recentEvents().map((e) => e.kind)).toEqual(['episode.started', 'obs.recorded']);
    expect(stream.episodes()[0]!.stages.obs).toBe(1);
    expect(stream.eventCount()).toBe(2);
  });

  it('keeps the ring bounded', async () => {
    const journal = createMemoryJournal();
    const stream = open(journal, createReadModels(), { clock, ringSize: 3 });
    await stream.ready;
    await journal.appendBatch([obs('D', '1'), obs('D', '2'), obs('D', '3'), obs('D', '4')]);
    stream.flush();
    expect(stream.recentEvents().map((e) => e.payload.text)).toEqual(['2', '3', '4']);
    expect(stream.eventCount()).toBe(4);
  });

  it('folds events that arrive during the rebuild exactly once', async () => {
    const journal = createMemoryJournal([started('E')]);
    const stream = open(journal, createReadModels(), { clock });
    await journal.append(obs('E', 'during load'));
    await stream.ready;
    expect(stream.eventCount()).toBe(2);
    expect(stream.recentEvents()).toHaveLength(2);
    expect(stream.episodes()[0]!.count).toBe(2);
  });

  it('eventsFor merges the journal query with live events, deduped and chronological', async () => {
    const journal = createMemoryJournal([started('F'), started('G')]);
    const stream = open(journal, createReadModels(), { clock });
    await stream.ready;
    const events = stream.eventsFor('F');
    await vi.waitFor(() => expect(events()).toHaveLength(1));
    ms += 10;
    await journal.append(obs('F', 'x'));
    await journal.append(obs('G', 'y'));
    stream.flush();
    expect(events().map((e) => e.kind)).toEqual(['episode.started', 'obs.recorded']);
    expect(stream.eventsFor('F')).toBe(events);
  });

  it('moves time windows on the 1 s tick', async () => {
    const journal = createMemoryJournal([obs('H', 'old')]);
    const stream = open(journal, createReadModels({ ttlMs: 5_000 }), { clock });
    await stream.ready;
    expect(stream.observations().items).toHaveLength(1);
    ms += 6_000;
    vi.advanceTimersByTime(1_000);
    expect(stream.now()).toBe(ms);
    expect(stream.observations().items).toHaveLength(0);
  });

  it('selects and clears an episode', async () => {
    const stream = open(createMemoryJournal(), createReadModels(), { clock });
    stream.select('X');
    expect(stream.selectedCorrId()).toBe('X');
    stream.select(undefined);
    expect(stream.selectedCorrId()).toBeUndefined();
  });

  it('reports a failed rebuild and still shows live events', async () => {
    const journal = createMemoryJournal();
    journal.scan = async () => {
      throw new Error('disk');
    };
    const stream = open(journal, createReadModels(), { clock });
    await stream.ready;
    expect(stream.phase()).toBe('failed');
    await journal.append(started('Z'));
    stream.flush();
    expect(stream.episodes()).toHaveLength(1);
  });
});
