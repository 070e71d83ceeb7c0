/**
 * The plain-JSON form of each read-model state, both ways: Maps and Sets become
 * arrays, the derived eviction index is left out (rebuilt on demand). Decoding checks
 * the structure with zod and the invariants the folds rely on (caps, order, unique
 * ids), so a snapshot that restores always folds on exactly like the live state did.
 * Every change to a state shape here needs a bump of READ_MODEL_SNAPSHOT_VERSION.
 */
import { z } from 'zod';
import type { Belief, BeliefsState } from './beliefs';
import type { EpisodeAccumulator, EpisodesState } from './episodes';
import { compareEvents } from './order';
import { restoreRecentIds } from './recent-ids';
import type { StageState } from './stages';
import type { StageItem } from './types';

const count = z.number().int().min(0);
const text = z.string();
const ordered = { time: text, id: text };
const MarkSchema = z.object({ ...ordered, kind: text });

const AccumulatorSchema = z.object({
  id: text,
  count,
  first: MarkSchema,
  last: MarkSchema,
  end: text.optional(),
  hasError: z.boolean(),
  canceled: z.boolean(),
  completed: z.boolean(),
  stages: z.object({ obs: count, beliefs: count, intents: count, actions: count }),
  tokensOut: z.number(),
  toolCalls: count,
  errors: count,
  projects: z.array(text),
  actors: z.array(text),
  kinds: z.array(text),
  lastError: MarkSchema.extend({ message: text }).optional(),
  completion: z.object({ ...ordered, ttft_ms: z.number().optional(), tokens_per_s: z.number().optional() }).optional(),
  started: z
    .object({
      ...ordered,
      recipe_id: text.optional(),
      conversation_id: text.optional(),
      input: text.optional(),
      model: text.optional(),
      agent: text.optional(),
    })
    .optional(),
});

export type EncodedAccumulator = z.infer<typeof AccumulatorSchema>;

export const EpisodesJsonSchema = z.object({
  version: count,
  evicted: z.array(text),
  episodes: z.array(AccumulatorSchema),
});

const StageItemSchema = z.object({
  ...ordered,
  kind: text,
  corr_id: text.optional(),
  project_id: text.optional(),
  payload: z.record(z.string(), z.unknown()),
});

export const StageJsonSchema = z.object({ version: count, items: z.array(StageItemSchema) });

export const BeliefsJsonSchema = z.object({
  version: count,
  newest: z.object({ ...ordered, beliefs: z.array(z.unknown()) }).optional(),
});

export type EpisodesJson = z.infer<typeof EpisodesJsonSchema>;
export type StageJson = z.infer<typeof StageJsonSchema>;
export type BeliefsJson = z.infer<typeof BeliefsJsonSchema>;

/** A decoded state, or why it cannot be used. */
export type Decoded<T> = { ok: true; state: T } | { ok: false; reason: string };

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

export function decodeEpisodes(json: EpisodesJson, maxEpisodes: number): Decoded<EpisodesState> {
  if (json.episodes.length > maxEpisodes) {
    return refuse(`it holds ${json.episodes.length} episodes, more than maxEpisodes (${maxEpisodes})`);
  }
  if (json.evicted.length > maxEpisodes) {
    return refuse(`it remembers ${json.evicted.length} evicted episodes, more than maxEpisodes (${maxEpisodes})`);
  }
  const evicted = restoreRecentIds(json.evicted, maxEpisodes);
  if (evicted.size !== json.evicted.length) return refuse('its evicted episode ids repeat');
  const episodes = new Map<string, EpisodeAccumulator>();
  for (const acc of json.episodes) {
    if (episodes.has(acc.id)) return refuse(`episode ${acc.id} appears twice`);
    if (evicted.has(acc.id)) return refuse(`episode ${acc.id} is both kept and evicted`);
    episodes.set(acc.id, {
      ...acc,
      projects: new Set(acc.projects),
      actors: new Set(acc.actors),
      kinds: new Set(acc.kinds),
    });
  }
  return { ok: true, state: { version: json.version, episodes, evicted } };
}

export function encodeStage(state: StageState): StageJson {
  return { version: state.version, items: [...state.items] };
}

export function decodeStage(json: StageJson, cap: number, name: string): Decoded<StageState> {
  if (json.items.length > cap) return refuse(`${name} holds ${json.items.length} items, more than the cap (${cap})`);
  for (let i = 1; i < json.items.length; i++) {
    if (compareEvents(json.items[i - 1]!, json.items[i]!) >= 0) {
      return refuse(`${name} items are not in (time, id) order at item ${i}`);
    }
  }
  return { ok: true, state: { version: json.version, items: json.items as StageItem[] } };
}

export function encodeBeliefs(state: BeliefsState): BeliefsJson {
  const { version, newest } = state;
  return newest === undefined ? { version } : { version, newest: { ...newest, beliefs: [...newest.beliefs] } };
}

export function decodeBeliefs(json: BeliefsJson): Decoded<BeliefsState> {
  const state: BeliefsState = { version: json.version };
  if (json.newest !== undefined) {
    state.newest = { time: json.newest.time, id: json.newest.id, beliefs: json.newest.beliefs as Belief[] };
  }
  return { ok: true, state };
}
