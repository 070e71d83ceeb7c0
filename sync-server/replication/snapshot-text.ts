/**
 * How a read-model snapshot is kept as text in `read_model_snapshots.body`: JSON lines,
 * so both writing and reading can be spread over event-loop turns (issue 13 item 6: no
 * start-up work holds the loop for 50 ms). One JSON.parse or JSON.stringify of a full
 * snapshot (2.6 MB at the caps) takes 20-40 ms on its own; a line holds at most
 * LINE_ITEMS records, about a millisecond's work.
 *
 * Line 1 is the snapshot with its large arrays (SPLIT_PATHS) emptied; every later line
 * is `[path, [items…]]`, appending to the array at that path, in order. A body of one
 * line is a whole snapshot, so a body written before the split still reads. What the
 * parsed value means is core's codec's call (core/read-models/snapshot.ts).
 */
import type { Steps } from '../../core/lib/steps';
import type { ReadModelSnapshot } from '../../core/read-models/snapshot';
import type { ReadModelSet } from './read-model-set';

/** The arrays that grow with the caps (recent ids, episodes, stage items), as dotted paths. */
export const SPLIT_PATHS = [
  'states.recent',
  'states.episodes.evicted',
  'states.episodes.episodes',
  'states.observations.items',
  'states.intents.items',
  'states.actions.items',
] as const;

/** Records per line. */
export const LINE_ITEMS = 100;

/** A body that is not a snapshot's text; the message names the line and what is wrong. */
export class SnapshotTextError extends Error {}

type Json = Record<string, unknown>;

/** `root` with the array at `path` (when there is one) replaced by [], copying only along the path. */
function withEmpty(root: Json, path: readonly string[]): Json {
  const [key, ...rest] = path;
  const value = root[key!];
  if (rest.length === 0) return Array.isArray(value) ? { ...root, [key!]: [] } : root;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return root;
  return { ...root, [key!]: withEmpty(value as Json, rest) };
}

function arrayAt(root: unknown, path: readonly string[]): unknown[] | undefined {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Json)[key];
  }
  return Array.isArray(value) ? value : undefined;
}

/** The lines of `snapshot`'s text, one string per step (join them with '\n'). */
export function* snapshotLines(snapshot: ReadModelSnapshot): Generator<string, void, void> {
  const root = snapshot as unknown as Json;
  const paths = SPLIT_PATHS.map((path) => path.split('.'));
  yield JSON.stringify(paths.reduce(withEmpty, root));
  for (const [i, path] of paths.entries()) {
    const items = arrayAt(root, path) ?? [];
    for (let from = 0; from < items.length; from += LINE_ITEMS)
      yield JSON.stringify([SPLIT_PATHS[i], items.slice(from, from + LINE_ITEMS)]);
  }
}

/** The whole text of `snapshot`, in steps of a few lines. */
export function* snapshotText(snapshot: ReadModelSnapshot): Steps<string> {
  const lines: string[] = [];
  for (const line of snapshotLines(snapshot)) {
    lines.push(line);
    yield;
  }
  return lines.join('\n');
}

/**
 * Parses a body (as text, or as its UTF-8 bytes, decoded a line at a time) line by line,
 * a step per line; throws SnapshotTextError naming the line.
 */
export function* parseSnapshotText(body: string | Buffer): Steps<unknown> {
  const text = typeof body === 'string';
  const size = body.length;
  let start = 0;
  let root: unknown;
  for (let line = 1; start <= size; line++) {
    // '\n' never occurs inside a multi-byte UTF-8 sequence, nor unescaped in JSON.
    const end = text ? body.indexOf('\n', start) : body.indexOf(10, start);
    const stop = end === -1 ? size : end;
    let value: unknown;
    try {
      value = JSON.parse(text ? body.slice(start, stop) : body.toString('utf8', start, stop));
    } catch (error) {
      throw new SnapshotTextError(
        `line ${line} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (line === 1) root = value;
    else appendLine(root, value, line);
    if (end === -1) return root;
    start = end + 1;
    yield;
  }
  return root;
}

function appendLine(root: unknown, value: unknown, line: number): void {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || !Array.isArray(value[1]))
    throw new SnapshotTextError(`line ${line}: expected [path, [items…]]`);
  const [path, items] = value as [string, unknown[]];
  if (!(SPLIT_PATHS as readonly string[]).includes(path))
    throw new SnapshotTextError(`line ${line}: "${path}" is not one of ${SPLIT_PATHS.join(', ')}`);
  const target = arrayAt(root, path.split('.'));
  if (target === undefined) throw new SnapshotTextError(`line ${line}: line 1 has no array at ${path}`);
  for (const item of items) target.push(item);
}

/** Parses a stored body and restores `set` from it, in steps; the reason when it does not fit. */
export function* restoreFromText(set: ReadModelSet, body: Buffer): Steps<string | undefined> {
  let parsed: unknown;
  try {
    parsed = yield* parseSnapshotText(body);
  } catch (error) {
    if (error instanceof SnapshotTextError) return `its body is not JSON lines of a snapshot: ${error.message}`;
    throw error;
  }
  return yield* set.restore(parsed);
}
