/**
 * Where a project's files live: its own folder in the origin-private file system
 * (`arw-files/<project>`), or a folder the person picked with `showDirectoryPicker` where
 * the browser has it. Picks are remembered for this page's lifetime (keeping them across
 * reloads needs the handle in IndexedDB and a permission prompt: a later step).
 */
import { pathSegments } from '../../core/tools/paths';
import type { DirectoryLike } from './directory';
import type { ProjectFolder } from './files';

export const FILES_ROOT = 'arw-files';

/** `navigator.storage` as far as OPFS goes. */
export interface StorageLike {
  getDirectory(): Promise<unknown>;
}

/** A picked handle's permission calls (Chromium); absent in the OPFS handle. */
interface PermissionHandle {
  queryPermission?(options: { mode: 'readwrite' }): Promise<string>;
  requestPermission?(options: { mode: 'readwrite' }): Promise<string>;
}

export type DirectoryPicker = (options: { id?: string; mode: 'readwrite' }) => Promise<unknown>;

export interface FolderChooser {
  /** The folder the files.* tools use for `projectId`. */
  folder: ProjectFolder;
  /** True when this browser can pick a folder on the device. */
  canPick(): boolean;
  /** Asks the person for a folder (needs a click); its name, or undefined when they cancelled. */
  pick(projectId: string): Promise<string | undefined>;
  /** The picked folder's name for `projectId`, if any. */
  picked(projectId: string): string | undefined;
  /** Goes back to the project's OPFS folder. */
  forget(projectId: string): void;
}

// The File System Access API types (entries() is in DOM.AsyncIterable, which the app's
// lib leaves out) are wider than DirectoryLike; this is the one place that narrows them.
const asDirectory = (handle: unknown) => handle as DirectoryLike;

function folderName(projectId: string): string {
  const checked = pathSegments(projectId);
  if (!checked.ok || checked.value.length !== 1) throw new Error(`no files folder for project id '${projectId}'`);
  return checked.value[0]!;
}

/** The project's folder in OPFS, created on first use. */
export function opfsFolder(storage: StorageLike | undefined): ProjectFolder {
  return async (projectId) => {
    if (storage === undefined)
      throw new Error("this browser has no private file storage (OPFS) for the project's files");
    const root = asDirectory(await storage.getDirectory());
    const files = await root.getDirectoryHandle(FILES_ROOT, { create: true });
    return files.getDirectoryHandle(folderName(projectId), { create: true });
  };
}

export function createFolderChooser(deps: {
  storage?: StorageLike;
  showDirectoryPicker?: DirectoryPicker;
}): FolderChooser {
  const opfs = opfsFolder(deps.storage);
  const picks = new Map<string, DirectoryLike & PermissionHandle>();
  return {
    async folder(projectId) {
      const picked = picks.get(projectId);
      if (picked === undefined) return opfs(projectId);
      const options = { mode: 'readwrite' } as const;
      if ((await picked.queryPermission?.(options)) === 'granted') return picked;
      const answer = await picked.requestPermission?.(options).catch(() => 'denied');
      if (answer !== undefined && answer !== 'granted') {
        throw new Error(`the folder ${picked.name} needs your permission again; pick it again to grant access`);
      }
      return picked;
    },
    canPick: () => deps.showDirectoryPicker !== undefined,
    async pick(projectId) {
      if (deps.showDirectoryPicker === undefined) throw new Error('this browser cannot pick a folder on the device');
      try {
        const handle = asDirectory(await deps.showDirectoryPicker({ id: 'arw-files', mode: 'readwrite' }));
        picks.set(projectId, handle);
        return handle.name;
      } catch (error) {
        if ((error as { name?: unknown } | null)?.name === 'AbortError') return undefined;
        throw error;
      }
    },
    picked: (projectId) => picks.get(projectId)?.name,
    forget: (projectId) => void picks.delete(projectId),
  };
}
