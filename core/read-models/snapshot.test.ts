/**
 * Read-model snapshot examples (SPEC §8): the shape fingerprint that forces a version
 * bump, the size bound, and refusals in plain words.
 */
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import {
  applyToReadModels,
  createReadModels,
  initReadModelStates,
  READ_MODEL_SNAPSHOT_VERSION,
  restoreReadModels,
  restoreReadModelsInSteps,
  snapshotReadModels,
  type ReadModelOptions,
  type ReadModelStates,
} from './index';
import type { BeliefsState } from './beliefs';
import type { CompletionMark, EpisodeAccumulator, EpisodesState, ErrorMark, StartMark } from './episodes';
import shapes from './snapshot-shapes.json';
import type { StageState } from './stages';
import { busyJournal, foldAll, viewsOf } from './testing/fold';
import type { StageItem } from './types';

/** True when A and B are the same type (for the key lists below). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const START = Date.parse('2026-03-01T10:00:00.000Z');
const TAKEN = '2026-03-01T12:00:00.000Z';

let counter = 0;
/** An event `ms` after START with a unique, time-ordered id. */
function event(kind: string, ms: number, payload: Record<string, unknown>, extra: Partial<EventEnvelope> = {}) {
  const id = `${String(START + ms).padStart(14, '0')}-${String(counter++).padStart(8, '0')}`;
  const base: EventEnvelope = { id, time: new Date(START + ms).toISOString(), kind, v: 1, actor: 'probe', payload };
  return { ...base, ...extra };
}

/** A journal that sets every optional field of every state at least once, and evicts. */
function everyField(): EventEnvelope[] {
  const ep = { corr_id: 'full', project_id: 'p1' };
  return [
    event('episode.started', 0, { agent: 'a', input: 'hi', model: 'm', recipe_id: 'r', conversation_id: 'c' }, ep),
    event('obs.recorded', 1, { source: 'user' }, ep),
    event('beliefs.updated', 2, { beliefs: [{ claim: 'x', confidence: 0.5 }] }, ep),
    event('intents.proposed', 3, { intent: 'reply' }, ep),
    event('actions.taken', 4, { action: 'reply', ok: true }, ep),
    event('tokens.out', 5, { seq: 0, count: 3, text: 'abc' }, ep),
    event('tool.invoked', 6, { tool: 't', call_id: '1' }, ep),
    event('tool.error', 7, { tool: 't', call_id: '1', message: 'no' }, ep),
    event('episode.completed', 8, { duration_ms: 8, ttft_ms: 2, tokens_per_s: 10 }, ep),
    event('episode.started', -5, { agent: 'a' }, { corr_id: 'old' }),
    event('episode.started', 10, { agent: 'a' }, { corr_id: 'other' }),
  ];
}

/** The structure of a JSON value: keys and types, one element per array; payloads are opaque. */
function shapeOf(value: unknown, path = ''): unknown {
  if (path.endsWith('.payload') || path.endsWith('.newest.beliefs')) return 'json';
  if (Array.isArray(value)) return value.length === 0 ? ['empty'] : [shapeOf(value[0], `${path}[]`)];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries.map(([k, v]) => [k, shapeOf(v, `${path}.${k}`)]));
  }
  return value === null ? 'null' : typeof value;
}

describe('read-model snapshots (SPEC §8)', () => {
  it('the state shape matches the fingerprint checked in for READ_MODEL_SNAPSHOT_VERSION', () => {
    const models = createReadModels({ maxEpisodes: 2, cap: 4 });
    const snapshot = snapshotReadModels(models, foldAll(models, everyField()), 11, TAKEN);
    const shape = shapeOf(JSON.parse(JSON.stringify(snapshot.states)));
    const known = (shapes as Record<string, unknown>)[String(READ_MODEL_SNAPSHOT_VERSION)];
    // On failure: the JSON form of a state changed. Bump READ_MODEL_SNAPSHOT_VERSION and add
    // this shape under the new version in snapshot-shapes.json (keep the old entries).
    expect(shape, 'state shape changed without a READ_MODEL_SNAPSHOT_VERSION bump').toEqual(known);
    const versions = Object.keys(shapes).map(Number);
    expect(Math.max(...versions), 'snapshot-shapes.json names a version newer than the code').toBe(
      READ_MODEL_SNAPSHOT_VERSION,
    );
  });

  it('the fixture fills every field of every state type, so the fingerprint sees them all', () => {
    // A field added to one of these types fails the typecheck here: add it to the list, make
    // everyField() set it, and bump READ_MODEL_SNAPSHOT_VERSION if its JSON form changes.
    const keys = {
      states: ['recent', 'episodes', 'observations', 'beliefs', 'intents', 'actions'],
      episodes: ['version', 'episodes', 'evicted', 'byLast'],
      accumulator: [
        'id',
        'count',
        'first',
        'last',
        'end',
        'hasError',
        'canceled',
        'completed',
        'stages',
        'tokensOut',
        'toolCalls',
        'errors',
        'projects',
        'actors',
        'kinds',
        'lastError',
        'completion',
        'started',
      ],
      started: ['time', 'id', 'recipe_id', 'conversation_id', 'input', 'model', 'agent'],
      completion: ['time', 'id', 'ttft_ms', 'tokens_per_s'],
      lastError: ['time', 'id', 'kind', 'message'],
      stage: ['version', 'items'],
      item: ['id', 'time', 'kind', 'corr_id', 'project_id', 'payload'],
      beliefs: ['version', 'newest'],
    } as const;
    const exact: [
      Equal<keyof ReadModelStates, (typeof keys.states)[number]>,
      Equal<keyof EpisodesState, (typeof keys.episodes)[number]>,
      Equal<keyof EpisodeAccumulator, (typeof keys.accumulator)[number]>,
      Equal<keyof StartMark, (typeof keys.started)[number]>,
      Equal<keyof CompletionMark, (typeof keys.completion)[number]>,
      Equal<keyof ErrorMark, (typeof keys.lastError)[number]>,
      Equal<keyof StageState, (typeof keys.stage)[number]>,
      Equal<keyof StageItem, (typeof keys.item)[number]>,
      Equal<keyof BeliefsState, (typeof keys.beliefs)[number]>,
    ] = [true, true, true, true, true, true, true, true, true];
    expect(exact.every(Boolean)).toBe(true);

    const models = createReadModels({ maxEpisodes: 2, cap: 4 });
    const states = foldAll(models, everyField());
    const sorted = (list: readonly string[]) => [...list].sort();
    const acc = states.episodes.episodes.get('full')!;
    expect(sorted(Object.keys(acc))).toEqual(sorted(keys.accumulator));
    expect(sorted(Object.keys(acc.started!))).toEqual(sorted(keys.started));
    expect(sorted(Object.keys(acc.completion!))).toEqual(sorted(keys.completion));
    expect(sorted(Object.keys(acc.lastError!))).toEqual(sorted(keys.lastError));
    expect(states.episodes.evicted.size).toBeGreaterThan(0);
    for (const stage of [states.observations, states.intents, states.actions]) {
      expect(sorted(Object.keys(stage.items[0]!))).toEqual(sorted(keys.item));
    }
    expect(sorted(Object.keys(states.beliefs))).toEqual(sorted(keys.beliefs));
  });

  it('the snapshot of a long journal is no bigger than the caps allow: it stops growing once they are full', () => {
    const models = createReadModels();
    const states = initReadModelStates(models);
    const kinds = ['episode.started', 'obs.recorded', 'intents.proposed', 'actions.taken', 'tokens.out'];
    const sizes: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const kind = kinds[i % kinds.length]!;
      const payload = kind === 'tokens.out' ? { seq: 0, count: 1, text: 'x' } : { note: `n${i % 7}` };
      applyToReadModels(models, states, event(kind, i, payload, { corr_id: `c${Math.floor(i / 4)}` }));
      if (i + 1 === 20_000 || i + 1 === 40_000) {
        sizes.push(JSON.stringify(snapshotReadModels(models, states, i + 1, TAKEN)).length);
      }
    }
    expect(states.episodes.episodes.size).toBe(2000);
    expect(states.episodes.evicted.size).toBe(2000);
    expect(states.recent.size).toBe(4096);
    expect(states.observations.items.length).toBe(256);
    expect(sizes[1]! / sizes[0]!).toBeLessThan(1.02);
    expect(sizes[1]!).toBeLessThan(3_000_000);
  });

  it('restores a full-cap snapshot in steps of about a hundred records, to the same states', () => {
    const models = createReadModels();
    const states = foldAll(models, busyJournal(12_000));
    expect(states.episodes.episodes.size).toBe(2000);
    const snapshot = JSON.parse(JSON.stringify(snapshotReadModels(models, states, 12_000, TAKEN))) as unknown;
    const steps = restoreReadModelsInSteps(models, snapshot);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields += 1;
    // 2000 episodes and 3 × 256 stage items, a yield after every 100 of each.
    expect(yields).toBeGreaterThanOrEqual(19 + 3 * 2);
    const whole = restoreReadModels(models, snapshot);
    if (!next.value.ok || !whole.ok) throw new Error('a full-cap snapshot was refused');
    const again = (restored: ReadModelStates) => snapshotReadModels(models, restored, 12_000, TAKEN);
    expect(again(next.value.states)).toEqual(again(whole.states));
    expect(viewsOf(models, next.value.states, START)).toEqual(viewsOf(models, states, START));
  });

  it('restores into states that fold on like the originals', () => {
    const models = createReadModels({ maxEpisodes: 2, cap: 4 });
    const journal = everyField();
    const restored = restoreReadModels(models, snapshotReadModels(models, foldAll(models, journal), 11, TAKEN));
    expect(restored).toMatchObject({ ok: true, position: 11 });
    if (!restored.ok) return;
    expect(viewsOf(models, restored.states, START)).toEqual(viewsOf(models, foldAll(models, journal), START));
    // A repeat of a folded event is still recognised, and a late event of an evicted episode still ignored.
    expect(applyToReadModels(models, restored.states, journal[10]!)).toBe(false);
    expect(restored.states.episodes.evicted.toJSON()).toEqual(['old']);
    applyToReadModels(models, restored.states, event('obs.recorded', 20, { source: 'user' }, { corr_id: 'old' }));
    expect(restored.states.episodes.episodes.has('old')).toBe(false);
  });

  describe('refusals say what is wrong', () => {
    const options: ReadModelOptions = { maxEpisodes: 2, cap: 4 };
    const models = createReadModels(options);
    const good = () =>
      JSON.parse(JSON.stringify(snapshotReadModels(models, foldAll(models, everyField()), 11, TAKEN))) as {
        states: Record<string, Record<string, unknown>>;
      } & Record<string, unknown>;
    const reason = (snapshot: unknown, with_ = models) => {
      const result = restoreReadModels(with_, snapshot);
      return result.ok ? 'accepted' : result.reason;
    };

    it('not a snapshot at all', () => {
      expect(reason(undefined)).toMatch(/^not a read-model snapshot/);
      expect(reason('{}')).toMatch(/^not a read-model snapshot/);
      expect(reason({ ...good(), position: -1 })).toMatch(/position/);
    });

    it('another format or version', () => {
      expect(reason({ ...good(), format: 'arw.vault' })).toBe('format is "arw.vault", expected "arw.read-models"');
      expect(reason({ ...good(), version: 0 })).toBe(
        `snapshot version 0 is not this app's read-model version ${READ_MODEL_SNAPSHOT_VERSION}`,
      );
    });

    it('options other than the models’', () => {
      expect(reason(good(), createReadModels({ ...options, cap: 5 }))).toBe(
        'taken with cap 4, ttlMs 600000, maxEpisodes 2, but the read-models use cap 5, ttlMs 600000, maxEpisodes 2',
      );
    });

    it('malformed or inconsistent states, naming the field', () => {
      const noVersion = good();
      delete noVersion.states['intents']!['version'];
      expect(reason(noVersion)).toBe('states.intents.version: expected a whole number of at least 0, got undefined');
      const badPayload = good();
      (badPayload.states['observations']!['items'] as Record<string, unknown>[])[0]!['payload'] = 'text';
      expect(reason(badPayload)).toBe('states.observations.items[0].payload: expected an object, got string');
      const badStage = good();
      (badStage.states['episodes']!['episodes'] as Record<string, Record<string, unknown>>[])[0]!['stages']!['obs'] =
        -1;
      expect(reason(badStage)).toBe(
        'states.episodes.episodes[0].stages.obs: expected a whole number of at least 0, got -1',
      );
      const badItems = good();
      const items = badItems.states['observations']!['items'] as unknown[];
      badItems.states['observations']!['items'] = [...items, ...items];
      expect(reason(badItems)).toBe('states.observations items are not in (time, id) order at item 1');
      const tooMany = good();
      tooMany.states['actions']!['items'] = Array.from({ length: 5 }, (_, i) => ({
        id: `a${i}`,
        time: TAKEN,
        kind: 'actions.taken',
        payload: {},
      }));
      expect(reason(tooMany)).toBe('states.actions holds 5 items, more than the cap (4)');
      const twice = good();
      const episodes = twice.states['episodes']!['episodes'] as unknown[];
      twice.states['episodes']!['episodes'] = [episodes[0], episodes[0]];
      expect(reason(twice)).toMatch(/^states\.episodes: episode \w+ appears twice$/);
      const repeated = good();
      const recent = repeated.states['recent'] as unknown as string[];
      (repeated.states as Record<string, unknown>)['recent'] = [recent[0], recent[0]];
      expect(reason(repeated)).toBe('states.recent repeats an id');
    });
  });
});
