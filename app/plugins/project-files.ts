/**
 * The files a plugin's `/project` holds: read from the project folder (OPFS or a picked
 * folder, the files.* tools' folder and path rules) before the run, only those inside the
 * granted scope, within a count and size budget; and the write-back of what it changed.
 */
import { scopeCovers, pathScope } from '../../core/policy/scope';
import { joinPath, pathSegments } from '../../core/tools/paths';
import type { DirectoryLike } from '../tools/directory';
import type { PluginFile } from '../../workers/plugin/api';
import { PluginError } from './plugin-error';

export const PRELOAD_MAX_FILES = 256;
export const PRELOAD_MAX_BYTES = 8 * 1024 * 1024;

async function fileAt(root: DirectoryLike, segments: readonly string[]) {
  let dir = root;
  for (const segment of segments.slice(0, -1)) dir = await dir.getDirectoryHandle(segment);
  return (await dir.getFileHandle(segments.at(-1)!)).getFile();
}

/** Every file under `dir` (depth-first), paths relative to the root, at most `max`. */
async function walk(dir: DirectoryLike, prefix: string[], out: string[][], max: number): Promise<void> {
  for await (const [name, handle] of dir.entries()) {
    if (out.length >= max) return;
    if (handle.kind === 'file') out.push([...prefix, name]);
    else await walk(handle, [...prefix, name], out, max);
  }
}

/**
 * The files of `root` a call may see: `paths` when the call names them (each must lie in
 * `scope`), else every file in `scope`. Over budget is an error, not a silent cut.
 */
export async function preloadFiles(
  root: DirectoryLike,
  scope: string,
  paths: readonly string[] | undefined,
): Promise<PluginFile[]> {
  let chosen: string[][];
  if (paths !== undefined) {
    chosen = paths.map((path) => {
      const checked = pathSegments(path);
      if (!checked.ok) throw new PluginError('Runtime', `paths: ${path} ${checked.error}`);
      if (!scopeCovers(scope, pathScope(joinPath(checked.value))))
        throw new PluginError('Denied', `${path} is outside the plugin's granted scope ${scope}`);
      return checked.value;
    });
  } else {
    const all: string[][] = [];
    await walk(root, [], all, PRELOAD_MAX_FILES + 1);
    chosen = all.filter((segments) => scopeCovers(scope, pathScope(joinPath(segments))));
  }
  if (chosen.length > PRELOAD_MAX_FILES)
    throw new PluginError('Runtime', `more than ${PRELOAD_MAX_FILES} files are in scope; name the files in paths`);
  const files: PluginFile[] = [];
  let total = 0;
  for (const segments of chosen) {
    const path = joinPath(segments);
    let file;
    try {
      file = await fileAt(root, segments);
    } catch {
      throw new PluginError('Runtime', `${path} does not exist in the project's folder`);
    }
    total += file.size;
    if (total > PRELOAD_MAX_BYTES)
      throw new PluginError('Runtime', `the files in scope are over ${PRELOAD_MAX_BYTES / 1024 / 1024} MiB together`);
    files.push({ path, data: new Uint8Array(await file.slice(0, file.size).arrayBuffer()) });
  }
  return files;
}
