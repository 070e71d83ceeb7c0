/**
 * files.list, files.read and files.write over the project's folder: a directory handle
 * from an injected `folder(projectId)` (the project's OPFS folder, or one the person
 * picked). Paths are checked again here (never trust that params were parsed), folders on
 * a write path are created, and a read stops at 256 KiB.
 */
import { pathSegments, joinPath } from '../../core/tools/paths';
import type { FilesListParams, FilesReadParams, FilesWriteParams } from '../../core/tools/params';
import type { ToolContext, ToolExecutor } from '../../core/tools/types';
import { decodeUtf8, utf8Length } from '../../core/tools/utf8';
import { describeFsError, type DirectoryLike } from './directory';
import { projectOf } from './project';

/** The folder a project's files live in. */
export type ProjectFolder = (projectId: string) => Promise<DirectoryLike>;

export const FILES_READ_MAX_BYTES = 256 * 1024;
export const FILES_LIST_MAX_ENTRIES = 1000;

export interface FileEntry {
  name: string;
  kind: 'file' | 'directory';
  size?: number;
}

function segmentsOf(tool: string, path: string, allowEmpty: boolean): string[] {
  const checked = pathSegments(path, allowEmpty);
  if (!checked.ok) throw new Error(`${tool}: path ${checked.error}`);
  return checked.value;
}

/** Runs `work`, rewording the File System API's DOMExceptions. */
async function worded<T>(tool: string, path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const words = describeFsError(error, path);
    if (words !== undefined) throw new Error(`${tool}: ${words}`);
    throw error;
  }
}

async function walk(root: DirectoryLike, segments: readonly string[], create: boolean): Promise<DirectoryLike> {
  let dir = root;
  for (const segment of segments) dir = await dir.getDirectoryHandle(segment, { create });
  return dir;
}

const folderFor = (folder: ProjectFolder, tool: string, context: ToolContext) => folder(projectOf(tool, context));

export function createFilesList(folder: ProjectFolder): ToolExecutor<FilesListParams> {
  return async (params, context) => {
    const segments = segmentsOf('files.list', params.path, true);
    const path = joinPath(segments);
    const root = await folderFor(folder, 'files.list', context);
    return worded('files.list', path, async () => {
      const dir = await walk(root, segments, false);
      const entries: FileEntry[] = [];
      let truncated = false;
      for await (const [name, handle] of dir.entries()) {
        if (entries.length >= FILES_LIST_MAX_ENTRIES) {
          truncated = true;
          break;
        }
        if (handle.kind === 'directory') entries.push({ name, kind: 'directory' });
        else entries.push({ name, kind: 'file', size: (await handle.getFile()).size });
      }
      // Folders first, then by name, so the same folder lists the same way on every browser.
      entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1));
      return { path, entries, ...(truncated ? { truncated } : {}) };
    });
  };
}

export function createFilesRead(folder: ProjectFolder): ToolExecutor<FilesReadParams> {
  return async (params, context) => {
    const segments = segmentsOf('files.read', params.path, false);
    const path = joinPath(segments);
    const root = await folderFor(folder, 'files.read', context);
    return worded('files.read', path, async () => {
      const dir = await walk(root, segments.slice(0, -1), false);
      const file = await (await dir.getFileHandle(segments.at(-1)!)).getFile();
      const truncated = file.size > FILES_READ_MAX_BYTES;
      const bytes = new Uint8Array(await file.slice(0, FILES_READ_MAX_BYTES).arrayBuffer());
      if (bytes.includes(0)) {
        throw new Error(`files.read: ${path} is not a text file (${file.size} bytes of binary data)`);
      }
      return { path, text: decodeUtf8(bytes, truncated), truncated, size: file.size };
    });
  };
}

export function createFilesWrite(folder: ProjectFolder): ToolExecutor<FilesWriteParams> {
  return async (params, context) => {
    const segments = segmentsOf('files.write', params.path, false);
    const path = joinPath(segments);
    const root = await folderFor(folder, 'files.write', context);
    return worded('files.write', path, async () => {
      const dir = await walk(root, segments.slice(0, -1), true);
      const handle = await dir.getFileHandle(segments.at(-1)!, { create: true });
      if (handle.createWritable === undefined) {
        throw new Error('files.write: this browser cannot write files from the page');
      }
      // The writable fills a swap file; the file changes only when close() commits it.
      const writable = await handle.createWritable();
      try {
        await writable.write(params.content);
        await writable.close();
      } catch (error) {
        await writable.abort?.(error).catch(() => undefined);
        throw error;
      }
      return { path, bytes: utf8Length(params.content) };
    });
  };
}
