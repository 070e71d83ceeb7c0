// Test plugin: writes summary.txt into /project (the fs:write write-back test).
import { fd_close, PROJECT_FD } from "./lib/wasi";

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_open")
declare function path_open(
  dirfd: u32, dirflags: u32, path: usize, path_len: usize, oflags: u16,
  rights_base: u64, rights_inheriting: u64, fdflags: u16, fd_out: usize,
): u16;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: u32, iovs: usize, iovs_len: usize, nwritten: usize): u16;

const OFLAGS_CREAT_TRUNC: u16 = 1 | 8;
const RIGHT_FD_WRITE: u64 = 1 << 6;

const name = String.UTF8.encode("summary.txt");
const out = memory.data(4);
const errno = path_open(PROJECT_FD, 0, changetype<usize>(name), name.byteLength, OFLAGS_CREAT_TRUNC, RIGHT_FD_WRITE, 0, 0, out);
if (errno != 0) {
  process.stderr.write("test-write: cannot create summary.txt (errno " + errno.toString() + ")\n");
  process.exit(1);
} else {
  const fd = load<u32>(out);
  const text = String.UTF8.encode("written by a plugin\n");
  const iov = memory.data(8);
  store<u32>(iov, changetype<u32>(text));
  store<u32>(iov + 4, text.byteLength);
  fd_write(fd, iov, 1, memory.data(4));
  fd_close(fd);
  process.stdout.write('{"wrote":"summary.txt"}');
}
