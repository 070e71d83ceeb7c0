/**
 * An in-memory DirectoryLike for unit tests: nested folders and text files, the same
 * DOMException names as the real API for a missing entry or a file/folder mix-up, and
 * writes that land only on close (as createWritable's swap file does).
 */
import type { DirectoryLike, FileLike, WritableLike } from '../directory';

const fsError = (name: string, message: string) => Object.assign(new Error(message), { name });

class MemoryFile implements FileLike {
  readonly kind = 'file' as const;
  bytes: Uint8Array = new Uint8Array(0);
  constructor(readonly name: string) {}

  getFile() {
    const bytes = this.bytes;
    return Promise.resolve({
      size: bytes.length,
      slice: (start = 0, end = bytes.length) => ({
        arrayBuffer: () => Promise.resolve(bytes.slice(start, end).buffer),
      }),
    });
  }

  createWritable(): Promise<WritableLike> {
    let pending = '';
    return Promise.resolve({
      write: (data: string) => Promise.resolve(void (pending += data)),
      close: () => Promise.resolve(void (this.bytes = new TextEncoder().encode(pending))),
    });
  }
}

export class MemoryDirectory implements DirectoryLike {
  readonly kind = 'directory' as const;
  readonly children = new Map<string, MemoryDirectory | MemoryFile>();
  constructor(readonly name = '') {}

  getDirectoryHandle(name: string, options: { create?: boolean } = {}): Promise<DirectoryLike> {
    const found = this.children.get(name);
    if (found instanceof MemoryDirectory) return Promise.resolve(found);
    if (found) return Promise.reject(fsError('TypeMismatchError', `${name} is a file`));
    if (!options.create) return Promise.reject(fsError('NotFoundError', `${name} not found`));
    const made = new MemoryDirectory(name);
    this.children.set(name, made);
    return Promise.resolve(made);
  }

  getFileHandle(name: string, options: { create?: boolean } = {}): Promise<FileLike> {
    const found = this.children.get(name);
    if (found instanceof MemoryFile) return Promise.resolve(found);
    if (found) return Promise.reject(fsError('TypeMismatchError', `${name} is a folder`));
    if (!options.create) return Promise.reject(fsError('NotFoundError', `${name} not found`));
    const made = new MemoryFile(name);
    this.children.set(name, made);
    return Promise.resolve(made);
  }

  async *entries(): AsyncIterable<[string, DirectoryLike | FileLike]> {
    for (const entry of [...this.children.entries()]) yield entry;
  }

  private folderAt(parts: readonly string[], create: boolean): Promise<DirectoryLike> {
    return parts.reduce<Promise<DirectoryLike>>(
      (dir, part) => dir.then((parent) => parent.getDirectoryHandle(part, { create })),
      Promise.resolve(this),
    );
  }

  /** Test helper: writes `text` at `path`, creating folders. */
  async put(path: string, content: string | Uint8Array): Promise<void> {
    const parts = path.split('/');
    const dir = await this.folderAt(parts.slice(0, -1), true);
    const file = (await dir.getFileHandle(parts.at(-1)!, { create: true })) as MemoryFile;
    file.bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }

  /** Test helper: the text at `path`, or undefined. */
  async text(path: string): Promise<string | undefined> {
    try {
      const parts = path.split('/');
      const dir = await this.folderAt(parts.slice(0, -1), false);
      const file = (await dir.getFileHandle(parts.at(-1)!)) as MemoryFile;
      return new TextDecoder().decode(file.bytes);
    } catch {
      return undefined;
    }
  }
}
