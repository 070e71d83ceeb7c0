/**
 * The import table a plugin gets, and nothing more: the WASI preview 1 functions the shim
 * implements, the host's capped `env.memory`, and `arw.http_get` only when the manifest
 * declares net:http. A module that asks for anything else is refused before it is
 * instantiated, naming the import (`Unsupported`). Pure: unit tests run it in Node.
 */

/** One entry of WebAssembly.Module.imports(). */
export interface ImportDescriptor {
  module: string;
  name: string;
  kind: string;
}

export const WASI_MODULE = 'wasi_snapshot_preview1';
export const MEMORY_IMPORT = { module: 'env', name: 'memory' } as const;
export const HTTP_IMPORT = { module: 'arw', name: 'http_get' } as const;

export type ImportCheck = { ok: true } | { ok: false; message: string };

const named = (entry: ImportDescriptor) => `${entry.module}.${entry.name} (${entry.kind})`;

/**
 * Whether every import of a module can be satisfied. `wasiNames` are the functions the
 * shim gives; `net` is whether arw.http_get may be imported.
 */
export function checkImports(
  imports: readonly ImportDescriptor[],
  wasiNames: ReadonlySet<string>,
  net: boolean,
): ImportCheck {
  let memory = false;
  for (const entry of imports) {
    if (entry.module === WASI_MODULE && entry.kind === 'function' && wasiNames.has(entry.name)) continue;
    if (entry.module === MEMORY_IMPORT.module && entry.name === MEMORY_IMPORT.name && entry.kind === 'memory') {
      memory = true;
      continue;
    }
    if (entry.module === HTTP_IMPORT.module && entry.name === HTTP_IMPORT.name && entry.kind === 'function') {
      if (net) continue;
      return {
        ok: false,
        message: `the plugin imports arw.http_get, but its manifest does not declare net:http; add {capability: net:http, reason} to plugin.permissions`,
      };
    }
    return {
      ok: false,
      message: `the plugin imports ${named(entry)}, which this host does not give; a plugin may import only WASI preview 1 functions, env.memory and (with net:http) arw.http_get`,
    };
  }
  if (!memory)
    return {
      ok: false,
      message:
        'the plugin defines its own memory; it must import env.memory so the host can cap it (AssemblyScript: --importMemory)',
    };
  return { ok: true };
}

/** The import object for WebAssembly.instantiate: only what checkImports allowed. */
export function buildImports(
  wasiImport: Record<string, (...args: never[]) => unknown>,
  memory: WebAssembly.Memory,
  httpGet: ((urlPtr: number, urlLen: number, outPtr: number, outCap: number) => number) | undefined,
): WebAssembly.Imports {
  return {
    [WASI_MODULE]: wasiImport as unknown as WebAssembly.ModuleImports,
    env: { memory },
    ...(httpGet ? { arw: { http_get: httpGet } } : {}),
  };
}
