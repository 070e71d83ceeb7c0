/**
 * The episodes read-model (SPEC E4): one summary per `corr_id`. Every field is a
 * commutative aggregate (counts, sums, min/max by (time, id), sets), so while no
 * episode is evicted, folding the same events in any order gives the same view.
 * Events without a `corr_id` belong to no episode and are ignored. De-duplication is
 * the caller's (`applyToReadModels`): an event folded twice counts twice.
 *
 * Memory is bounded: at most `maxEpisodes` episodes are kept; beyond that the one
 * whose newest event is oldest by (time, id) is evicted, and its corr_id is remembered
 * (a window of `maxEpisodes` of them) so a late event for it is ignored instead of
 * starting a partial summary. Which episode is evicted depends on what was folded
 * before, so at the cap the view depends on arrival order; in journal order,
 * incremental == rebuilt == snapshot + tail.
 */
import type { EventEnvelope } from '../../spec';
import { checkedMaxEpisodes, evictBeyond, noteNew, type LastEntry } from './episode-eviction';
import type { MinHeap } from './min-heap';
import { compareEvents, timeMs, type Ordered } from './order';
import { createRecentIds, type RecentIds } from './recent-ids';
import type { EpisodeStatus, EpisodeSummary, ReadModel, StageCounts } from './types';

/** Episodes kept by default; the oldest by newest activity is evicted beyond this. */
export const DEFAULT_MAX_EPISODES = 2000;

export interface EpisodesModelOptions {
  /** Episodes kept (default 2000). */
  maxEpisodes?: number;
}

export interface Mark extends Ordered {
  readonly kind: string;
}

export interface ErrorMark extends Mark {
  readonly message: string;
}

/** The generation figures an `episode.completed` reported. */
export interface CompletionMark extends Ordered {
  readonly ttft_ms?: number;
  readonly tokens_per_s?: number;
}

/** The running aggregate of one episode (what a snapshot stores, Sets as arrays). */
export interface EpisodeAccumulator {
  readonly id: string;
  count: number;
  first: Mark;
  last: Mark;
  /** Earliest time of an `episode.completed|canceled|error`. */
  end?: string;
  hasError: boolean;
  canceled: boolean;
  completed: boolean;
  stages: StageCounts;
  tokensOut: number;
  toolCalls: number;
  errors: number;
  projects: Set<string>;
  actors: Set<string>;
  kinds: Set<string>;
  lastError?: ErrorMark;
  /** The earliest `episode.completed` by (time, id): the one whose figures count. */
  completion?: CompletionMark;
  /** The earliest `episode.started` by (time, id): the recipe and conversation it names. */
  started?: StartMark;
}

export interface EpisodesState {
  /** Events folded into a kept or since evicted episode (the `version` of `/state/episodes`). */
  version: number;
  /** At most `maxEpisodes`, by corr_id. */
  readonly episodes: Map<string, EpisodeAccumulator>;
  /** corr_ids of evicted episodes, newest last: their late events are ignored. */
  readonly evicted: RecentIds;
  /** Derived eviction index over `episodes` (built when needed; never in a snapshot). */
  byLast?: MinHeap<LastEntry>;
}

const TERMINAL_KINDS = new Set(['episode.completed', 'episode.canceled', 'episode.error']);

const STAGE_PREFIXES: ReadonlyArray<readonly [string, keyof StageCounts]> = [
  ['obs.', 'obs'],
  ['beliefs.', 'beliefs'],
  ['intents.', 'intents'],
  ['actions.', 'actions'],
];

/** SPEC E4: an error event is `episode.error`, `tool.error`, or anything with severity error. */
export function isErrorEvent(event: EventEnvelope): boolean {
  return event.kind === 'episode.error' || event.kind === 'tool.error' || event.severity === 'error';
}

function errorMessage(event: EventEnvelope): string {
  const message = event.payload['message'];
  if (typeof message === 'string' && message.length > 0) return message;
  return event.status ?? event.kind;
}

function completionMark(event: EventEnvelope): CompletionMark {
  const ttft = event.payload['ttft_ms'];
  const rate = event.payload['tokens_per_s'];
  return {
    time: event.time,
    id: event.id,
    ...(typeof ttft === 'number' ? { ttft_ms: ttft } : {}),
    ...(typeof rate === 'number' ? { tokens_per_s: rate } : {}),
  };
}

/** What an `episode.started` says the episode runs for, and what it was asked. */
export interface StartMark extends Ordered {
  readonly recipe_id?: string;
  readonly conversation_id?: string;
  readonly input?: string;
  readonly model?: string;
  readonly agent?: string;
}

/** Lists show the start of the message only: one line, at most this many characters. */
export const INPUT_PREVIEW_MAX = 120;

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > INPUT_PREVIEW_MAX ? `${line.slice(0, INPUT_PREVIEW_MAX - 1)}…` : line;
}

function startMark(event: EventEnvelope): StartMark {
  const str = (key: string) => {
    const value = event.payload[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const [recipe, conversation, input, model, agent] = ['recipe_id', 'conversation_id', 'input', 'model', 'agent'].map(
    str,
  );
  return {
    time: event.time,
    id: event.id,
    ...(recipe !== undefined ? { recipe_id: recipe } : {}),
    ...(conversation !== undefined ? { conversation_id: conversation } : {}),
    ...(input !== undefined && preview(input) !== '' ? { input: preview(input) } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(agent !== undefined ? { agent } : {}),
  };
}

function startAccumulator(id: string, mark: Mark): EpisodeAccumulator {
  return {
    id,
    count: 0,
    first: mark,
    last: mark,
    hasError: false,
    canceled: false,
    completed: false,
    stages: { obs: 0, beliefs: 0, intents: 0, actions: 0 },
    tokensOut: 0,
    toolCalls: 0,
    errors: 0,
    projects: new Set(),
    actors: new Set(),
    kinds: new Set(),
  };
}

function fold(acc: EpisodeAccumulator, event: EventEnvelope): void {
  const mark: Mark = { time: event.time, id: event.id, kind: event.kind };
  acc.count += 1;
  if (compareEvents(mark, acc.first) < 0) acc.first = mark;
  if (compareEvents(mark, acc.last) > 0) acc.last = mark;
  if (TERMINAL_KINDS.has(event.kind) && (acc.end === undefined || event.time < acc.end)) acc.end = event.time;
  if (event.kind === 'episode.canceled') acc.canceled = true;
  if (event.kind === 'episode.completed') {
    acc.completed = true;
    if (acc.completion === undefined || compareEvents(mark, acc.completion) < 0) acc.completion = completionMark(event);
  }
  if (event.kind === 'episode.started' && (acc.started === undefined || compareEvents(mark, acc.started) < 0)) {
    acc.started = startMark(event);
  }
  for (const [prefix, stage] of STAGE_PREFIXES) if (event.kind.startsWith(prefix)) acc.stages[stage] += 1;
  if (event.kind === 'tokens.out') {
    const count = event.payload['count'];
    if (typeof count === 'number') acc.tokensOut += count;
  }
  if (event.kind === 'tool.invoked') acc.toolCalls += 1;
  if (event.project_id !== undefined) acc.projects.add(event.project_id);
  acc.actors.add(event.actor);
  acc.kinds.add(event.kind);
  if (isErrorEvent(event)) {
    acc.hasError = true;
    acc.errors += 1;
    if (acc.lastError === undefined || compareEvents(mark, acc.lastError) > 0) {
      acc.lastError = { ...mark, message: errorMessage(event) };
    }
  }
}

function statusOf(acc: EpisodeAccumulator): EpisodeStatus {
  if (acc.hasError) return 'error';
  if (acc.canceled) return 'canceled';
  if (acc.completed) return 'completed';
  return 'running';
}

/** The view's summary of one episode (a fresh object; the accumulator is not aliased). */
export function summarizeEpisode(acc: EpisodeAccumulator): EpisodeSummary {
  const start = acc.first.time;
  const summary: EpisodeSummary = {
    id: acc.id,
    status: statusOf(acc),
    start,
    last: acc.last.time,
    duration_ms: timeMs(acc.end ?? acc.last.time) - timeMs(start),
    count: acc.count,
    stages: { ...acc.stages },
    tokens_out: acc.tokensOut,
    tool_calls: acc.toolCalls,
    errors: acc.errors,
    first_kind: acc.first.kind,
    last_kind: acc.last.kind,
    projects: [...acc.projects].sort(),
    actors: [...acc.actors].sort(),
    kinds: [...acc.kinds].sort(),
  };
  if (acc.end !== undefined) summary.end = acc.end;
  if (acc.completion?.ttft_ms !== undefined) summary.ttft_ms = acc.completion.ttft_ms;
  if (acc.completion?.tokens_per_s !== undefined) summary.tokens_per_s = acc.completion.tokens_per_s;
  if (acc.started?.recipe_id !== undefined) summary.recipe_id = acc.started.recipe_id;
  if (acc.started?.conversation_id !== undefined) summary.conversation_id = acc.started.conversation_id;
  if (acc.started?.input !== undefined) summary.input = acc.started.input;
  if (acc.started?.model !== undefined) summary.model = acc.started.model;
  if (acc.started?.agent !== undefined) summary.agent = acc.started.agent;
  if (acc.lastError !== undefined) {
    summary.last_error = { kind: acc.lastError.kind, message: acc.lastError.message, time: acc.lastError.time };
  }
  return summary;
}

/** Episodes newest first: by `last` descending, then by id. */
export function compareEpisodeSummaries(a: EpisodeSummary, b: EpisodeSummary): number {
  if (a.last !== b.last) return a.last > b.last ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The `episodes` read-model: `EpisodeSummary[]`, newest activity first, at most `maxEpisodes`. */
export function createEpisodesModel({ maxEpisodes = DEFAULT_MAX_EPISODES }: EpisodesModelOptions = {}): ReadModel<
  EpisodesState,
  EpisodeSummary[]
> & { readonly maxEpisodes: number } {
  const max = checkedMaxEpisodes(maxEpisodes);
  return {
    id: 'episodes',
    maxEpisodes: max,
    init: () => ({ version: 0, episodes: new Map(), evicted: createRecentIds(max) }),
    apply(state, event) {
      const corr = event.corr_id;
      if (corr === undefined || state.evicted.has(corr)) return state;
      state.version += 1;
      let acc = state.episodes.get(corr);
      const created = acc === undefined;
      if (acc === undefined) {
        acc = startAccumulator(corr, { time: event.time, id: event.id, kind: event.kind });
        state.episodes.set(corr, acc);
      }
      fold(acc, event);
      if (created) noteNew(state, acc);
      evictBeyond(state, max);
      return state;
    },
    view: (state) => [...state.episodes.values()].map(summarizeEpisode).sort(compareEpisodeSummaries),
  };
}
