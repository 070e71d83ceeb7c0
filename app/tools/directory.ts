/**
 * The part of the File System Access API the files.* tools use: a directory handle as
 * OPFS and `showDirectoryPicker` give it. Kept minimal so a small in-memory folder
 * (testing/memory-directory.ts) stands in for it in unit tests.
 */

export interface FileDataLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface WritableLike {
  write(data: string): Promise<void>;
  close(): Promise<void>;
  abort?(reason?: unknown): Promise<void>;
}

export interface FileLike {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<FileDataLike>;
  /** Absent where the browser cannot write from the page (older Safari). */
  createWritable?(): Promise<WritableLike>;
}

export interface DirectoryLike {
  readonly kind: 'directory';
  readonly name: string;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryLike>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileLike>;
  entries(): AsyncIterable<[string, DirectoryLike | FileLike]>;
}

/** The DOMException names the API throws, in words a model can pass on. */
export function describeFsError(error: unknown, path: string): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotFoundError':
      return `${path || 'the folder'} does not exist`;
    case 'TypeMismatchError':
      return `${path} is a folder where a file was expected, or a file where a folder was expected`;
    case 'NotAllowedError':
    case 'SecurityError':
      return `the browser no longer allows access to the folder; pick it again to grant access`;
    case 'QuotaExceededError':
      return `the browser's storage for this site is full`;
    case 'NoModificationAllowedError':
    case 'InvalidModificationError':
      return `${path} is in use or cannot be changed right now`;
    default:
      return undefined;
  }
}
