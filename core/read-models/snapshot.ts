/**
 * Read-model snapshots (SPEC §8): the five states and the de-duplication window as
 * plain JSON, taken at a journal position, so a start can restore them and fold only
 * the events after `position` (snapshot + tail == full rebuild, property-tested). A
 * snapshot is bounded by the caps (recent ids, `maxEpisodes`, the stage cap), not by
 * the journal. Restoring refuses, never throws: a wrong format, another version,
 * other options than the models', or malformed content each come back as a reason,
 * and the caller rebuilds from the journal.
 */
import { runSteps, type Steps } from '../lib/steps';
import type { ReadModels, ReadModelStates, ResolvedReadModelOptions } from './models';
import { JsonShapeError, count, number, object, string } from './json-reader';
import { DEFAULT_RECENT_IDS, restoreRecentIds } from './recent-ids';
import {
  decodeBeliefs,
  decodeEpisodes,
  decodeRecent,
  decodeStage,
  encodeBeliefs,
  encodeEpisodes,
  encodeStage,
  type BeliefsJson,
  type EpisodesJson,
  type StageJson,
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

/** The JSON form of every state (what `ReadModelSnapshot.states` holds). */
export interface ReadModelStatesJson {
  recent: string[];
  episodes: EpisodesJson;
  observations: StageJson;
  beliefs: BeliefsJson;
  intents: StageJson;
  actions: StageJson;
}

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

function sameOptions(a: ResolvedReadModelOptions, b: ResolvedReadModelOptions): boolean {
  return a.cap === b.cap && a.ttlMs === b.ttlMs && a.maxEpisodes === b.maxEpisodes;
}

const showOptions = (o: ResolvedReadModelOptions) => `cap ${o.cap}, ttlMs ${o.ttlMs}, maxEpisodes ${o.maxEpisodes}`;

/** Fresh states from `snapshot` for `models`, or why it cannot be used (then rebuild from the journal). */
export function restoreReadModels(models: ReadModels, snapshot: unknown): RestoredReadModels {
  return runSteps(restoreReadModelsInSteps(models, snapshot));
}

/**
 * `restoreReadModels` in steps of a hundred records or so (core/lib/steps.ts), for a
 * caller that must not hold its event loop while thousands of episodes are checked.
 * Nothing may fold into `models` between the steps that it would not fold anyway:
 * the states are fresh objects, adopted only from the result.
 */
export function* restoreReadModelsInSteps(models: ReadModels, snapshot: unknown): Steps<RestoredReadModels> {
  try {
    return yield* restore(models, snapshot);
  } catch (error) {
    // Validation above should catch everything; a refusal beats a failed start.
    return { ok: false, reason: `the snapshot could not be read: ${String(error)}` };
  }
}

interface Envelope extends Omit<ReadModelSnapshot, 'states' | 'format'> {
  format: string;
  states: Readonly<Record<string, unknown>>;
}

/** The envelope's fields, or a refusal naming the first wrong one. */
function readEnvelope(snapshot: unknown): Envelope | { refused: string } {
  try {
    const o = object(snapshot, 'snapshot');
    const options = object(o['options'], 'snapshot.options');
    return {
      format: string(o, 'format', 'snapshot'),
      version: number(o, 'version', 'snapshot'),
      position: count(o, 'position', 'snapshot'),
      taken: string(o, 'taken', 'snapshot'),
      options: {
        cap: number(options, 'cap', 'snapshot.options'),
        ttlMs: number(options, 'ttlMs', 'snapshot.options'),
        maxEpisodes: number(options, 'maxEpisodes', 'snapshot.options'),
      },
      states: object(o['states'], 'snapshot.states'),
    };
  } catch (error) {
    if (error instanceof JsonShapeError) return { refused: `not a read-model snapshot (${error.message})` };
    throw error;
  }
}

function* restore(models: ReadModels, snapshot: unknown): Steps<RestoredReadModels> {
  const envelope = readEnvelope(snapshot);
  if ('refused' in envelope) return { ok: false, reason: envelope.refused };
  const { format, version, position, options, states } = envelope;
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
  const { cap, maxEpisodes } = models.options;
  const recent = decodeRecent(states['recent'], DEFAULT_RECENT_IDS, 'states.recent');
  if (!recent.ok) return recent;
  const episodes = yield* decodeEpisodes(states['episodes'], maxEpisodes, 'states.episodes');
  if (!episodes.ok) return episodes;
  const beliefs = decodeBeliefs(states['beliefs'], 'states.beliefs');
  if (!beliefs.ok) return beliefs;
  const observations = yield* decodeStage(states['observations'], cap, 'states.observations');
  if (!observations.ok) return observations;
  const intents = yield* decodeStage(states['intents'], cap, 'states.intents');
  if (!intents.ok) return intents;
  const actions = yield* decodeStage(states['actions'], cap, 'states.actions');
  if (!actions.ok) return actions;
  return {
    ok: true,
    position,
    states: {
      recent: restoreRecentIds(recent.state),
      episodes: episodes.state,
      observations: observations.state,
      beliefs: beliefs.state,
      intents: intents.state,
      actions: actions.state,
    },
  };
}
