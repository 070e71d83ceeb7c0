import { describe, expect, it } from 'vitest';
import type { EpisodeSummary } from '../../core/read-models';
import {
  createEpisodeFilters,
  DEFAULT_FILTERS,
  filterEpisodes,
  FILTERS_KEY,
  loadFilters,
  summaryLine,
} from './episode-filters';

function episode(id: string, patch: Partial<EpisodeSummary> = {}): EpisodeSummary {
  return {
    id,
    status: 'completed',
    start: '2026-01-01T00:00:00.000Z',
    last: '2026-01-01T00:00:01.000Z',
    duration_ms: 1000,
    count: 3,
    stages: { obs: 1, beliefs: 1, intents: 1, actions: 1 },
    tokens_out: 0,
    tool_calls: 0,
    errors: 0,
    first_kind: 'episode.started',
    last_kind: 'episode.completed',
    projects: [],
    actors: ['device:a'],
    kinds: ['episode.completed', 'episode.started'],
    ...patch,
  };
}

const episodes = [
  episode('ep-ok'),
  episode('ep-bad', {
    status: 'error',
    errors: 1,
    last_kind: 'tool.error',
    kinds: ['episode.started', 'tool.error'],
    last_error: { kind: 'tool.error', message: 'division by zero', time: 'x' },
  }),
  episode('ep-run', {
    status: 'running',
    projects: ['alpha/web'],
    actors: ['agent:Probe'],
    kinds: ['episode.started', 'obs.recorded', 'tokens.out'],
  }),
];

function memoryStore() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('filterEpisodes', () => {
  it('filters by status, kind prefix, project prefix and free text', () => {
    const ids = (f: Partial<typeof DEFAULT_FILTERS>) =>
      filterEpisodes(episodes, { ...DEFAULT_FILTERS, ...f }).map((e) => e.id);
    expect(ids({})).toEqual(['ep-ok', 'ep-bad', 'ep-run']);
    expect(ids({ status: 'error' })).toEqual(['ep-bad']);
    expect(ids({ kindPrefix: 'tool.' })).toEqual(['ep-bad']);
    expect(ids({ project: 'alpha' })).toEqual(['ep-run']);
    expect(ids({ text: 'DIVISION' })).toEqual(['ep-bad']);
    expect(ids({ text: 'probe' })).toEqual(['ep-run']);
    expect(ids({ status: 'error', kindPrefix: 'obs.' })).toEqual([]);
    // Any kind inside the episode matches, not only its first and last.
    expect(ids({ kindPrefix: 'obs.' })).toEqual(['ep-run']);
  });
});

describe('summaryLine', () => {
  it('counts shown episodes, errors and names the active filters', () => {
    const filters = { ...DEFAULT_FILTERS, status: 'error' as const };
    expect(summaryLine(filterEpisodes(episodes, filters), 3, filters)).toBe(
      '1 shown of 3 · 1 with errors · filters: status: error',
    );
    expect(summaryLine(episodes, 3, DEFAULT_FILTERS)).toBe('3 shown · 1 with errors · no filters');
  });
});

describe('createEpisodeFilters', () => {
  it('persists filters and restores them (A.19: survives reload)', () => {
    const store = memoryStore();
    createEpisodeFilters(store).set({ status: 'error', kindPrefix: 'tool.' });
    expect(createEpisodeFilters(store).filters()).toMatchObject({ status: 'error', kindPrefix: 'tool.' });
  });

  it('ignores malformed stored values', () => {
    const store = memoryStore();
    store.setItem(FILTERS_KEY, '{"status":"weird","text":5,"details":"yes"}');
    expect(loadFilters(store)).toEqual(DEFAULT_FILTERS);
    store.setItem(FILTERS_KEY, 'not json');
    expect(loadFilters(store)).toEqual(DEFAULT_FILTERS);
  });

  it('global Details expands every row; a row toggle overrides until the switch moves again', () => {
    const state = createEpisodeFilters(memoryStore());
    expect(state.isExpanded('a')).toBe(false);
    state.toggle('a');
    expect(state.isExpanded('a')).toBe(true);
    state.set({ details: true });
    expect(state.isExpanded('b')).toBe(true);
    state.toggle('b');
    expect(state.isExpanded('b')).toBe(false);
    state.set({ details: false });
    state.set({ details: true });
    expect(state.isExpanded('b')).toBe(true);
  });

  it('reset clears the filters', () => {
    const state = createEpisodeFilters(memoryStore());
    state.set({ text: 'x', details: true });
    state.reset();
    expect(state.filters()).toEqual(DEFAULT_FILTERS);
  });
});
