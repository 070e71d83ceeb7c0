// The few WASI preview 1 calls the example plugins make directly (the AssemblyScript
// WASI shim covers stdout, stderr and argv; it has no file API).

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_open")
export declare function path_open(
  dirfd: u32,
  dirflags: u32,
  path: usize,
  path_len: usize,
  oflags: u16,
  rights_base: u64,
  rights_inheriting: u64,
  fdflags: u16,
  fd_out: usize,
): u16;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_read")
export declare function fd_read(fd: u32, iovs: usize, iovs_len: usize, nread: usize): u16;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_readdir")
export declare function fd_readdir(fd: u32, buf: usize, buf_len: usize, cookie: u64, buf_used: usize): u16;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_close")
export declare function fd_close(fd: u32): u16;

/** The pre-opened project directory's descriptor (the host opens only this one). */
export const PROJECT_FD: u32 = 3;
const OFLAGS_DIRECTORY: u16 = 2;
const FILETYPE_DIRECTORY: u8 = 3;
const FILETYPE_REGULAR: u8 = 4;
const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_PATH_OPEN: u64 = 1 << 13;
const RIGHT_FD_READDIR: u64 = 1 << 14;

/** Opens `path` under `dir`; -1 when it cannot. */
export function openAt(dir: u32, path: string, directory: bool): i32 {
  const bytes = String.UTF8.encode(path);
  const out = memory.data(4);
  // Read rights only: the host's files are read-only unless fs:write was granted, and asking for write on them fails.
  const rights: u64 = RIGHT_FD_READ | RIGHT_PATH_OPEN | RIGHT_FD_READDIR;
  const errno = path_open(
    dir,
    0,
    changetype<usize>(bytes),
    bytes.byteLength,
    directory ? OFLAGS_DIRECTORY : 0,
    rights,
    rights,
    0,
    out,
  );
  return errno == 0 ? load<i32>(out) : -1;
}

/** The whole content of an open file. */
export function readAll(fd: u32): Uint8Array {
  const chunks = new Array<Uint8Array>();
  let total = 0;
  const iov = memory.data(8);
  const nread = memory.data(4);
  while (true) {
    const chunk = new Uint8Array(4096);
    store<u32>(iov, changetype<u32>(chunk.dataStart));
    store<u32>(iov + 4, 4096);
    if (fd_read(fd, iov, 1, nread) != 0) break;
    const n = load<u32>(nread);
    if (n == 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    all.set(chunks[i], at);
    at += chunks[i].length;
  }
  return all;
}

/** Every regular file under `dir`, as paths relative to it (depth-first, sorted by the host's order). */
export function listFiles(dir: u32, prefix: string, out: Array<string>): void {
  const buf = new Uint8Array(8192);
  const used = memory.data(4);
  let cookie: u64 = 0;
  while (true) {
    if (fd_readdir(dir, buf.dataStart, buf.length, cookie, used) != 0) return;
    const n = load<u32>(used);
    let at: u32 = 0;
    let read = false;
    // A dirent is d_next u64, d_ino u64, d_namlen u32, d_type u8 (+3), then the name.
    while (at + 24 <= n) {
      const base = buf.dataStart + at;
      const next = load<u64>(base);
      const namlen = load<u32>(base + 16);
      const kind = load<u8>(base + 20);
      if (at + 24 + namlen > n) break;
      const name = String.UTF8.decodeUnsafe(base + 24, namlen);
      at += 24 + namlen;
      cookie = next;
      read = true;
      if (name == "." || name == "..") continue;
      const path = prefix.length > 0 ? prefix + "/" + name : name;
      if (kind == FILETYPE_REGULAR) out.push(path);
      else if (kind == FILETYPE_DIRECTORY) {
        const sub = openAt(dir, name, true);
        if (sub >= 0) {
          listFiles(<u32>sub, path, out);
          fd_close(<u32>sub);
        }
      }
    }
    if (!read || n < <u32>buf.length) return;
  }
}
