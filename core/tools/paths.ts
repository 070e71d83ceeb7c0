/**
 * Paths the files.* tools accept: relative, `/`-separated, inside the tool's folder. A
 * path is split into segments once here, so the zod params and the executors agree on
 * what is refused (`..`, `.`, empty segments, a leading `/`, backslashes, NUL).
 */
import { err, ok, type Result } from '../lib/result';

export const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENT_LENGTH = 255;

export const PATH_HINT = 'a relative path inside the folder, e.g. notes/todo.md';

/** The segments of `path`, or why it is refused. `allowEmpty` lets '' name the folder itself. */
export function pathSegments(path: string, allowEmpty = false): Result<string[], string> {
  if (path === '') return allowEmpty ? ok([]) : err(`must not be empty; give ${PATH_HINT}`);
  if (path.length > MAX_PATH_LENGTH) return err(`must be at most ${MAX_PATH_LENGTH} characters`);
  if (path.startsWith('/')) return err(`must not start with '/'; give ${PATH_HINT}`);
  if (/[\\\0]/.test(path)) return err(`must not contain a backslash or NUL; separate folders with '/'`);
  // A trailing slash on a folder is common in what models write; it adds no segment.
  const segments = path.endsWith('/') ? path.slice(0, -1).split('/') : path.split('/');
  for (const segment of segments) {
    if (segment === '') return err(`must not contain an empty segment ('//'); give ${PATH_HINT}`);
    if (segment === '.' || segment === '..') return err(`must not contain '${segment}' segments; give ${PATH_HINT}`);
    if (segment.length > MAX_SEGMENT_LENGTH) return err(`each name must be at most ${MAX_SEGMENT_LENGTH} characters`);
  }
  return ok(segments);
}

/** `segments` joined back into the canonical form tools return. */
export const joinPath = (segments: readonly string[]): string => segments.join('/');
