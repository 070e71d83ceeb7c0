/**
 * Read-model snapshots (SPEC §8): the five states and the de-duplication window as
 * plain JSON, taken at a journal position, so a start can restore them and fold only
 * the events after `position` (snapshot + tail == full rebuild, property-tested). A
 * snapshot is bounded by the caps (recent ids, `maxEpisodes`, the stage cap), not by
 * the journal. Restoring refuses, never throws: a wrong format, another version,
 * other options than the models', or malformed content each come back as a reason,
 * and the caller rebuilds from the journal.
 */
import { z } from 'zod';
import type { ReadModels, ReadModelStates, ResolvedReadModelOptions } from './index';
import { DEFAULT_RECENT_IDS, restoreRecentIds } from './recent-ids';
import {
  BeliefsJsonSchema,
  decodeBeliefs,
  decodeEpisodes,
  decodeStage,
  encodeBeliefs,
  encodeEpisodes,
  encodeStage,
  EpisodesJsonSchema,
  StageJsonSchema,
} from './snapshot-states';

/**
 * The shape of `states`. Bump it whenever any state shape (or its JSON form) changes:
 * older snapshots are then ignored and rebuilt. snapshot.test.ts holds the fingerprint
 * of every version's shape and fails when the shape changes without a bump.
 */
export const READ_MODEL_SNAPSHOT_VERSION = 1;

export const READ_MODEL_SNAPSHOT_FORMAT = 'arw.read-models';

export interface ReadModelSnapshot {
  format: 'arw.read-models';
  version: number;
  /** The journal position (browser seq, server server_seq) up to which events were folded. */
  position: number;
  /** When it was taken (ISO-8601). */
  taken: string;
  options: { cap: number; ttlMs: number; maxEpisodes: number };
  /** Plain JSON: Maps and Sets as arrays. */
  states: unknown;
}

const StatesSchema = z.object({
  recent: z.array(z.string()),
  episodes: EpisodesJsonSchema,
  observations: StageJsonSchema,
  beliefs: BeliefsJsonSchema,
  intents: StageJsonSchema,
  actions: StageJsonSchema,
});

/** The JSON form of every state (what `ReadModelSnapshot.states` holds). */
export type ReadModelStatesJson = z.infer<typeof StatesSchema>;

const EnvelopeSchema = z.object({
  format: z.string(),
  version: z.number(),
  position: z.number().int().min(0),
  taken: z.string(),
  options: z.object({ cap: z.number(), ttlMs: z.number(), maxEpisodes: z.number() }),
  states: z.unknown(),
});

/** The states of `models` at `position`, as JSON-safe data (copied: later folds do not change it). */
export function snapshotReadModels(
  models: ReadModels,
  states: ReadModelStates,
  position: number,
  taken: string,
): ReadModelSnapshot {
  const json: ReadModelStatesJson = {
    recent: states.recent.toJSON(),
    episodes: encodeEpisodes(states.episodes),
    observations: encodeStage(states.observations),
    beliefs: encodeBeliefs(states.beliefs),
    intents: encodeStage(states.intents),
    actions: encodeStage(states.actions),
  };
  const { cap, ttlMs, maxEpisodes } = models.options;
  return {
    format: READ_MODEL_SNAPSHOT_FORMAT,
    version: READ_MODEL_SNAPSHOT_VERSION,
    position,
    taken,
    options: { cap, ttlMs, maxEpisodes },
    states: json,
  };
}

export type RestoredReadModels =
  { ok: true; states: ReadModelStates; position: number } | { ok: false; reason: string };

/** The first problem zod found, in words: where, and what was wrong. */
function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return `${prefix} is malformed`;
  const path = [prefix, ...issue.path.map(String)].join('.');
  return `${path}: ${issue.message}`;
}

function sameOptions(a: ResolvedReadModelOptions, b: ResolvedReadModelOptions): boolean {
  return a.cap === b.cap && a.ttlMs === b.ttlMs && a.maxEpisodes === b.maxEpisodes;
}

const showOptions = (o: ResolvedReadModelOptions) => `cap ${o.cap}, ttlMs ${o.ttlMs}, maxEpisodes ${o.maxEpisodes}`;

/** Fresh states from `snapshot` for `models`, or why it cannot be used (then rebuild from the journal). */
export function restoreReadModels(models: ReadModels, snapshot: unknown): RestoredReadModels {
  try {
    return restore(models, snapshot);
  } catch (error) {
    // Validation above should catch everything; a refusal beats a failed start.
    return { ok: false, reason: `the snapshot could not be read: ${String(error)}` };
  }
}

function restore(models: ReadModels, snapshot: unknown): RestoredReadModels {
  const envelope = EnvelopeSchema.safeParse(snapshot);
  if (!envelope.success) {
    return { ok: false, reason: `not a read-model snapshot (${describeIssue(envelope.error, 'snapshot')})` };
  }
  const { format, version, position, options } = envelope.data;
  if (format !== READ_MODEL_SNAPSHOT_FORMAT) {
    return { ok: false, reason: `format is "${format}", expected "${READ_MODEL_SNAPSHOT_FORMAT}"` };
  }
  if (version !== READ_MODEL_SNAPSHOT_VERSION) {
    return {
      ok: false,
      reason: `snapshot version ${version} is not this app's read-model version ${READ_MODEL_SNAPSHOT_VERSION}`,
    };
  }
  if (!sameOptions(options, models.options)) {
    return {
      ok: false,
      reason: `taken with ${showOptions(options)}, but the read-models use ${showOptions(models.options)}`,
    };
  }
  const parsed = StatesSchema.safeParse(envelope.data.states);
  if (!parsed.success) return { ok: false, reason: `malformed states (${describeIssue(parsed.error, 'states')})` };
  const json = parsed.data;
  if (json.recent.length > DEFAULT_RECENT_IDS) {
    return { ok: false, reason: `states.recent holds ${json.recent.length} ids, more than ${DEFAULT_RECENT_IDS}` };
  }
  const recent = restoreRecentIds(json.recent);
  if (recent.size !== json.recent.length) return { ok: false, reason: 'states.recent repeats an id' };
  const episodes = decodeEpisodes(json.episodes, models.options.maxEpisodes);
  if (!episodes.ok) return { ok: false, reason: `states.episodes: ${episodes.reason}` };
  const beliefs = decodeBeliefs(json.beliefs);
  if (!beliefs.ok) return { ok: false, reason: `states.beliefs: ${beliefs.reason}` };
  const observations = decodeStage(json.observations, models.options.cap, 'states.observations');
  if (!observations.ok) return observations;
  const intents = decodeStage(json.intents, models.options.cap, 'states.intents');
  if (!intents.ok) return intents;
  const actions = decodeStage(json.actions, models.options.cap, 'states.actions');
  if (!actions.ok) return actions;
  return {
    ok: true,
    position,
    states: {
      recent,
      episodes: episodes.state,
      observations: observations.state,
      beliefs: beliefs.state,
      intents: intents.state,
      actions: actions.state,
    },
  };
}
