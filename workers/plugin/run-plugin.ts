/**
 * One plugin run inside the worker: checks the module's imports, builds the WASI shim
 * (argv = [tool id, input JSON], stdin = the input, env empty; the shim's own clocks and
 * crypto random), pre-opens `/project` only when files were granted, instantiates with the
 * host's capped memory and runs `_start`. Traps become `Runtime` (out of memory said so).
 * No DOM: unit tests run it in Node with a synchronous `httpGet`.
 */
import {
  ConsoleStdout,
  Directory,
  File,
  OpenFile,
  PreopenDirectory,
  WASI,
  type Fd,
  type Inode,
} from '@bjorn3/browser_wasi_shim';
import type { PluginFile, PluginRunRequest, PluginRunResult } from './api';
import { STDERR_MAX_BYTES } from './api';
import { copyReplyOut, HTTP_BAD_URL, type HttpReply } from '../../core/plugins/http-abi';
import { buildImports, checkImports } from './imports';

const PAGE = 65_536;

/** Keeps the first `max` bytes written and counts the rest. */
function collector(max: number) {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let dropped = 0;
  return {
    write(data: Uint8Array) {
      const room = Math.max(0, max - kept);
      if (room > 0) chunks.push(data.slice(0, room));
      kept += Math.min(room, data.byteLength);
      dropped += Math.max(0, data.byteLength - room);
    },
    bytes() {
      const out = new Uint8Array(kept);
      let at = 0;
      for (const chunk of chunks) out.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
      return out;
    },
    dropped: () => dropped,
  };
}

/** The pre-opened tree from the granted files (read-only unless fs:write was granted). */
function treeOf(files: readonly PluginFile[], writable: boolean): Map<string, Inode> {
  const root = new Map<string, Inode>();
  for (const file of files) {
    const parts = file.path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.get(part);
      if (!(next instanceof Directory)) dir.set(part, (next = new Directory(new Map())));
      dir = (next as Directory).contents;
    }
    dir.set(parts.at(-1)!, new File(file.data.slice(), { readonly: !writable }));
  }
  return root;
}

/** Every file under `contents` with its bytes, paths relative to the root. */
function filesOf(contents: Map<string, Inode>, prefix = ''): PluginFile[] {
  const out: PluginFile[] = [];
  for (const [name, inode] of contents) {
    const path = prefix ? `${prefix}/${name}` : name;
    if (inode instanceof File) out.push({ path, data: inode.data });
    else if (inode instanceof Directory) out.push(...filesOf(inode.contents, path));
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

/** The files that differ from what was given (new files included). */
function changedFiles(given: readonly PluginFile[], now: readonly PluginFile[]): PluginFile[] {
  const before = new Map(given.map((file) => [file.path, file.data]));
  return now.filter((file) => {
    const old = before.get(file.path);
    return old === undefined || !sameBytes(old, file.data);
  });
}

/**
 * Whether a trap was the memory cap: AssemblyScript's allocator traps (`unreachable`) when
 * memory.grow returns -1, and other runtimes abort with words about memory. We call it out
 * of memory when the memory stands within a quarter of its cap at the trap, or stderr says so.
 */
export function isOutOfMemory(error: unknown, pages: number, maximum: number, stderr: string): boolean {
  const text = `${(error as Error | undefined)?.message ?? ''} ${stderr}`.toLowerCase();
  if (/out of memory|allocation too large|memory access out of bounds.*grow/.test(text)) return true;
  return error instanceof WebAssembly.RuntimeError && pages >= maximum - Math.max(1, Math.floor(maximum / 4));
}

const MIB = (pages: number) => Math.round(((pages * PAGE) / (1024 * 1024)) * 10) / 10;

export interface RunDeps {
  /** Synchronous arw.http_get for one URL (the worker blocks on the page's answer). */
  httpGet?(url: string, cap: number): HttpReply;
}

/** Runs one call; never throws (failures come back in `failure`). */
export async function runPlugin(request: PluginRunRequest, deps: RunDeps = {}): Promise<PluginRunResult> {
  const stdout = collector(request.outputBytes);
  const stderr = collector(STDERR_MAX_BYTES);
  const stderrText = () => new TextDecoder().decode(stderr.bytes());
  const memory = new WebAssembly.Memory({ initial: request.memory.initial, maximum: request.memory.maximum });
  const pages = () => memory.buffer.byteLength / PAGE;
  const result = (exitCode: number, failure?: PluginRunResult['failure'], changed?: PluginFile[]): PluginRunResult => ({
    exitCode,
    stdout: stdout.bytes(),
    stdoutDropped: stdout.dropped(),
    stderr: stderrText(),
    memoryPages: pages(),
    ...(failure ? { failure } : {}),
    ...(changed ? { changed } : {}),
  });

  const input = new TextEncoder().encode(request.input);
  const fds: Fd[] = [new OpenFile(new File(input)), new ConsoleStdout(stdout.write), new ConsoleStdout(stderr.write)];
  const tree = request.files ? treeOf(request.files, request.writable) : undefined;
  let preopen: PreopenDirectory | undefined;
  if (tree) fds.push((preopen = new PreopenDirectory('/project', tree)));
  const wasi = new WASI([request.toolId, request.input], [], fds, { debug: false });

  const check = checkImports(
    WebAssembly.Module.imports(request.module),
    new Set(Object.keys(wasi.wasiImport)),
    request.net,
  );
  if (!check.ok) return result(-1, { variant: 'Unsupported', message: check.message });

  const httpGet =
    request.net && deps.httpGet
      ? (urlPtr: number, urlLen: number, outPtr: number, outCap: number): number => {
          const view = new Uint8Array(memory.buffer);
          if (urlPtr < 0 || urlLen < 0 || urlPtr + urlLen > view.byteLength) return HTTP_BAD_URL;
          const url = new TextDecoder().decode(view.slice(urlPtr, urlPtr + urlLen));
          const reply = deps.httpGet!(url, Math.max(0, outCap - 4));
          // The memory may have grown (a new buffer) while the page answered: take a fresh view.
          return copyReplyOut(new Uint8Array(memory.buffer), reply, outPtr, outCap);
        }
      : undefined;

  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(request.module, buildImports(wasi.wasiImport, memory, httpGet));
  } catch (error) {
    return result(-1, {
      variant: 'Runtime',
      message: `the plugin could not be instantiated: ${(error as Error).message}`,
    });
  }
  const start = instance.exports._start;
  if (typeof start !== 'function')
    return result(-1, { variant: 'Unsupported', message: 'the plugin exports no _start function (a WASI command)' });
  try {
    const exitCode = wasi.start({ exports: { memory, _start: start as () => unknown } });
    const changed =
      request.writable && request.files && preopen
        ? changedFiles(request.files, filesOf(preopen.dir.contents))
        : undefined;
    return result(exitCode, undefined, changed);
  } catch (error) {
    if (isOutOfMemory(error, pages(), request.memory.maximum, stderrText()))
      return result(-1, {
        variant: 'Runtime',
        message: `plugin ran out of memory (cap ${MIB(request.memory.maximum)} MiB)`,
      });
    return result(-1, {
      variant: 'Runtime',
      message: `the plugin trapped: ${(error as Error).message ?? String(error)}`,
    });
  }
}
