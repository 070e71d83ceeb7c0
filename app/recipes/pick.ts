/**
 * The browser's three ways to hand over a folder, turned into one list of files with
 * paths: the File System Access directory picker (where the browser has it), an
 * `<input type=file webkitdirectory>`, and drag and drop (folders via `webkitGetAsEntry`).
 * Walks at most MAX_FILES files so a dropped home folder cannot hang the page.
 */
import type { RecipeSource, SourceFile } from './sources';

const MAX_FILES = 512;

/** The parts of `FileSystemDirectoryHandle` used here (TypeScript's DOM lib lacks its iterator). */
interface DirectoryHandleLike {
  kind: 'directory';
  name: string;
  entries(): AsyncIterable<[string, DirectoryHandleLike | FileHandleLike]>;
}
interface FileHandleLike {
  kind: 'file';
  name: string;
  getFile(): Promise<File>;
}

type PickerWindow = { showDirectoryPicker?: (options?: { mode?: 'read' }) => Promise<DirectoryHandleLike> };

/** True where `showDirectoryPicker` exists (Chromium desktop). */
export function canPickDirectory(win: object): boolean {
  return typeof (win as PickerWindow).showDirectoryPicker === 'function';
}

async function walkHandle(dir: DirectoryHandleLike, prefix: string, out: SourceFile[]): Promise<void> {
  for await (const [name, handle] of dir.entries()) {
    if (out.length >= MAX_FILES) return;
    if (handle.kind === 'file') out.push({ path: `${prefix}${name}`, data: await handle.getFile() });
    else await walkHandle(handle, `${prefix}${name}/`, out);
  }
}

/** Opens the directory picker; undefined when the person cancels. */
export async function pickDirectory(win: object): Promise<SourceFile[] | undefined> {
  const picker = (win as PickerWindow).showDirectoryPicker;
  if (!picker) return undefined;
  let dir: DirectoryHandleLike;
  try {
    dir = await picker.call(win, { mode: 'read' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return undefined;
    throw error;
  }
  const out: SourceFile[] = [];
  await walkHandle(dir, '', out);
  return out;
}

/** The files of an `<input type=file>` (with `webkitdirectory`, paths include the folder). */
export function filesFromInput(list: FileList | readonly File[]): SourceFile[] {
  return [...list].slice(0, MAX_FILES).map((file) => ({ path: file.webkitRelativePath || file.name, data: file }));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walkEntry(entry: FileSystemEntry, out: SourceFile[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ''), data: file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches; an empty batch means the folder is done.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walkEntry(child, out);
  }
}

/** What was dropped: a folder's files, or the dropped files themselves. */
export async function filesFromDrop(data: DataTransfer): Promise<SourceFile[]> {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => entry !== null && entry !== undefined);
  if (entries.length === 0) return filesFromInput(data.files);
  const out: SourceFile[] = [];
  for (const entry of entries) await walkEntry(entry, out);
  return out;
}

/** A zip when the only file is one, else a folder. */
export function sourceOfFiles(files: readonly SourceFile[]): RecipeSource {
  const only = files.length === 1 ? files[0] : undefined;
  if (only && /\.zip$/i.test(only.path) && !(typeof only.data === 'string')) return { kind: 'zip', data: only.data };
  return { kind: 'folder', files };
}
