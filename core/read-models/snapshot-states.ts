/**
 * The plain-JSON form of each read-model state, both ways: Maps and Sets become
 * arrays, the derived eviction index is left out (rebuilt on demand). Decoding checks
 * the structure (json-reader.ts) and the invariants the folds rely on (caps, order,
 * unique ids), so a snapshot that restores always folds on exactly like the live state
 * did, and builds fresh objects (nothing aliases the snapshot but event payloads).
 * Every change to a state shape here needs a bump of READ_MODEL_SNAPSHOT_VERSION.
 */
import type { Belief, BeliefsState } from './beliefs';
import type { CompletionMark, EpisodeAccumulator, EpisodesState, ErrorMark, Mark, StartMark } from './episodes';
import type { Steps } from '../lib/steps';
import { array, boolean, count, JsonShapeError, number, object, optional, string, strings } from './json-reader';
import { compareEvents } from './order';
import { restoreRecentIds } from './recent-ids';
import type { StageState } from './stages';
import type { StageItem } from './types';

/** An accumulator as JSON: its Sets as arrays. */
export type EncodedAccumulator = Omit<EpisodeAccumulator, 'projects' | 'actors' | 'kinds'> & {
  projects: string[];
  actors: string[];
  kinds: string[];
};

export interface EpisodesJson {
  version: number;
  evicted: string[];
  episodes: EncodedAccumulator[];
}

export interface StageJson {
  version: number;
  items: StageItem[];
}

export interface BeliefsJson {
  version: number;
  newest?: { time: string; id: string; beliefs: Belief[] };
}

/** A decoded state, or why it cannot be used. */
export type Decoded<T> = { ok: true; state: T } | { ok: false; reason: string };

/** Records decoded between two yields of a stepwise decode (an episode is ~1 KB of JSON). */
export const DECODE_STEP_ITEMS = 100;

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function encodeAccumulator(acc: EpisodeAccumulator): EncodedAccumulator {
  return {
    ...acc,
    stages: { ...acc.stages },
    projects: [...acc.projects],
    actors: [...acc.actors],
    kinds: [...acc.kinds],
  };
}

export function encodeEpisodes(state: EpisodesState): EpisodesJson {
  return {
    version: state.version,
    evicted: state.evicted.toJSON(),
    episodes: [...state.episodes.values()].map(encodeAccumulator),
  };
}

function readMark(value: unknown, path: string): Mark {
  const o = object(value, path);
  return { time: string(o, 'time', path), id: string(o, 'id', path), kind: string(o, 'kind', path) };
}

function readErrorMark(value: unknown, path: string): ErrorMark {
  return { ...readMark(value, path), message: string(object(value, path), 'message', path) };
}

function readCompletion(value: unknown, path: string): CompletionMark {
  const o = object(value, path);
  const ttft = optional(o, 'ttft_ms', (x, k) => number(x, k, path));
  const rate = optional(o, 'tokens_per_s', (x, k) => number(x, k, path));
  return {
    time: string(o, 'time', path),
    id: string(o, 'id', path),
    ...(ttft !== undefined ? { ttft_ms: ttft } : {}),
    ...(rate !== undefined ? { tokens_per_s: rate } : {}),
  };
}

const START_FIELDS = ['recipe_id', 'conversation_id', 'input', 'model', 'agent'] as const;

function readStart(value: unknown, path: string): StartMark {
  const o = object(value, path);
  const mark: { -readonly [K in keyof StartMark]: StartMark[K] } = {
    time: string(o, 'time', path),
    id: string(o, 'id', path),
  };
  for (const key of START_FIELDS) {
    const field = optional(o, key, (x, k) => string(x, k, path));
    if (field !== undefined) mark[key] = field;
  }
  return mark;
}

function readAccumulator(value: unknown, path: string): EpisodeAccumulator {
  const o = object(value, path);
  const stages = object(o['stages'], `${path}.stages`);
  const acc: EpisodeAccumulator = {
    id: string(o, 'id', path),
    count: count(o, 'count', path),
    first: readMark(o['first'], `${path}.first`),
    last: readMark(o['last'], `${path}.last`),
    hasError: boolean(o, 'hasError', path),
    canceled: boolean(o, 'canceled', path),
    completed: boolean(o, 'completed', path),
    stages: {
      obs: count(stages, 'obs', `${path}.stages`),
      beliefs: count(stages, 'beliefs', `${path}.stages`),
      intents: count(stages, 'intents', `${path}.stages`),
      actions: count(stages, 'actions', `${path}.stages`),
    },
    tokensOut: number(o, 'tokensOut', path),
    toolCalls: count(o, 'toolCalls', path),
    errors: count(o, 'errors', path),
    projects: new Set(strings(o['projects'], `${path}.projects`)),
    actors: new Set(strings(o['actors'], `${path}.actors`)),
    kinds: new Set(strings(o['kinds'], `${path}.kinds`)),
  };
  const end = optional(o, 'end', (x, k) => string(x, k, path));
  if (end !== undefined) acc.end = end;
  if (o['lastError'] !== undefined) acc.lastError = readErrorMark(o['lastError'], `${path}.lastError`);
  if (o['completion'] !== undefined) acc.completion = readCompletion(o['completion'], `${path}.completion`);
  if (o['started'] !== undefined) acc.started = readStart(o['started'], `${path}.started`);
  return acc;
}

/** Runs a reader; its JsonShapeError becomes a refusal (anything else is a bug and propagates). */
function guarded<T>(read: () => Decoded<T>): Decoded<T> {
  try {
    return read();
  } catch (error) {
    if (error instanceof JsonShapeError) return refuse(error.message);
    throw error;
  }
}

/** `guarded` for a stepwise reader. */
function* guardedSteps<T>(read: () => Steps<Decoded<T>>): Steps<Decoded<T>> {
  try {
    return yield* read();
  } catch (error) {
    if (error instanceof JsonShapeError) return refuse(error.message);
    throw error;
  }
}

/** `states.episodes` of a snapshot, checked against `maxEpisodes`, in steps of DECODE_STEP_ITEMS episodes. */
export function decodeEpisodes(value: unknown, maxEpisodes: number, path: string): Steps<Decoded<EpisodesState>> {
  return guardedSteps(() => {
    const o = object(value, path);
    const version = count(o, 'version', path);
    const evictedIds = strings(o['evicted'], `${path}.evicted`);
    const list = array(o['episodes'], `${path}.episodes`);
    return episodesFrom(version, evictedIds, list, maxEpisodes, path);
  });
}

function* episodesFrom(
  version: number,
  evictedIds: readonly string[],
  list: readonly unknown[],
  maxEpisodes: number,
  path: string,
): Steps<Decoded<EpisodesState>> {
  if (list.length > maxEpisodes) {
    return refuse(`${path} holds ${list.length} episodes, more than maxEpisodes (${maxEpisodes})`);
  }
  if (evictedIds.length > maxEpisodes) {
    return refuse(`${path} remembers ${evictedIds.length} evicted episodes, more than maxEpisodes (${maxEpisodes})`);
  }
  const evicted = restoreRecentIds(evictedIds, maxEpisodes);
  if (evicted.size !== evictedIds.length) return refuse(`${path}.evicted repeats an id`);
  const episodes = new Map<string, EpisodeAccumulator>();
  for (let i = 0; i < list.length; i++) {
    if (i > 0 && i % DECODE_STEP_ITEMS === 0) yield;
    const acc = readAccumulator(list[i], `${path}.episodes[${i}]`);
    if (episodes.has(acc.id)) return refuse(`${path}: episode ${acc.id} appears twice`);
    if (evicted.has(acc.id)) return refuse(`${path}: episode ${acc.id} is both kept and evicted`);
    episodes.set(acc.id, acc);
  }
  return { ok: true, state: { version, episodes, evicted } };
}

export function encodeStage(state: StageState): StageJson {
  return { version: state.version, items: [...state.items] };
}

function readItem(value: unknown, path: string): StageItem {
  const o = object(value, path);
  const item: StageItem = {
    id: string(o, 'id', path),
    time: string(o, 'time', path),
    kind: string(o, 'kind', path),
    payload: object(o['payload'], `${path}.payload`) as Record<string, unknown>,
  };
  const corr = optional(o, 'corr_id', (x, k) => string(x, k, path));
  const project = optional(o, 'project_id', (x, k) => string(x, k, path));
  if (corr !== undefined) item.corr_id = corr;
  if (project !== undefined) item.project_id = project;
  return item;
}

/** A stage model's state of a snapshot: at most `cap` items, strictly in (time, id) order; in steps. */
export function decodeStage(value: unknown, cap: number, path: string): Steps<Decoded<StageState>> {
  return guardedSteps(function* () {
    const o = object(value, path);
    const version = count(o, 'version', path);
    const list = array(o['items'], `${path}.items`);
    if (list.length > cap) return refuse(`${path} holds ${list.length} items, more than the cap (${cap})`);
    const items: StageItem[] = [];
    for (let i = 0; i < list.length; i++) {
      if (i > 0 && i % DECODE_STEP_ITEMS === 0) yield;
      const item = readItem(list[i], `${path}.items[${i}]`);
      if (i > 0 && compareEvents(items[i - 1]!, item) >= 0) {
        return refuse(`${path} items are not in (time, id) order at item ${i}`);
      }
      items.push(item);
    }
    return { ok: true, state: { version, items } };
  });
}

export function encodeBeliefs(state: BeliefsState): BeliefsJson {
  const { version, newest } = state;
  return newest === undefined ? { version } : { version, newest: { ...newest, beliefs: [...newest.beliefs] } };
}

/** The beliefs state of a snapshot; the belief objects themselves are passed through as the event had them. */
export function decodeBeliefs(value: unknown, path: string): Decoded<BeliefsState> {
  return guarded(() => {
    const o = object(value, path);
    const state: BeliefsState = { version: count(o, 'version', path) };
    if (o['newest'] !== undefined) {
      const newest = object(o['newest'], `${path}.newest`);
      const beliefs = array(newest['beliefs'], `${path}.newest.beliefs`) as Belief[];
      state.newest = { time: string(newest, 'time', path), id: string(newest, 'id', path), beliefs: [...beliefs] };
    }
    return { ok: true, state };
  });
}

/** `states.recent` of a snapshot: distinct ids, at most `capacity`. */
export function decodeRecent(value: unknown, capacity: number, path: string): Decoded<string[]> {
  return guarded(() => {
    const ids = strings(value, path);
    if (ids.length > capacity) return refuse(`${path} holds ${ids.length} ids, more than ${capacity}`);
    if (new Set(ids).size !== ids.length) return refuse(`${path} repeats an id`);
    return { ok: true, state: ids };
  });
}
