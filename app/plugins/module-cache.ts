/**
 * Plugin modules, fetched and compiled once per sha256 and kept for the page's lifetime
 * (warm calls skip the fetch and the compile; the Module is posted to each call's worker).
 * The bytes are checked against the manifest's sha256 before anything compiles them.
 */
import { memoryImportOf, type MemoryImport } from './wasm-binary';
import { PluginError } from './plugin-error';

export interface CompiledPlugin {
  module: WebAssembly.Module;
  sha256: string;
  /** The module's env.memory import; undefined when it defines its own memory. */
  memory: MemoryImport | undefined;
}

export interface ModuleCacheDeps {
  fetch(url: string): Promise<Response>;
  /** SHA-256 of the bytes as lower-case hex (crypto.subtle in the page). */
  sha256(bytes: Uint8Array): Promise<string>;
  compile?(bytes: Uint8Array): Promise<WebAssembly.Module>;
}

export interface ModuleCache {
  /** The compiled module at `url`, whose bytes must hash to `sha256`; rejects with a PluginError. */
  load(url: string, sha256: string): Promise<CompiledPlugin>;
  /** True when `sha256` is compiled already (the next call is warm). */
  has(sha256: string): boolean;
}

/** Lower-case hex SHA-256 through WebCrypto (the page and Node both have crypto.subtle). */
export async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Rejects bytes whose hash is not the manifest's, in words that name both. */
export async function checkSha256(
  bytes: Uint8Array,
  expected: string,
  url: string,
  sha256: (bytes: Uint8Array) => Promise<string>,
): Promise<void> {
  const actual = await sha256(bytes);
  if (actual !== expected.toLowerCase())
    throw new PluginError(
      'Runtime',
      `the module ${url} does not match its manifest: its sha256 is ${actual}, the manifest says ${expected}; rebuild with npm run plugins:build and update the recipe`,
    );
}

export function createModuleCache(deps: ModuleCacheDeps): ModuleCache {
  const compiled = new Map<string, Promise<CompiledPlugin>>();
  const compile = deps.compile ?? ((bytes: Uint8Array) => WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
  const fetchBytes = async (url: string) => {
    let response: Response;
    try {
      response = await deps.fetch(url);
    } catch (error) {
      throw new PluginError('Runtime', `the module ${url} could not be fetched: ${(error as Error).message}`);
    }
    if (!response.ok)
      throw new PluginError('Runtime', `the module ${url} could not be fetched (HTTP ${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const load = async (url: string, sha256: string): Promise<CompiledPlugin> => {
    const bytes = await fetchBytes(url);
    await checkSha256(bytes, sha256, url, deps.sha256);
    let memory: MemoryImport | undefined;
    try {
      memory = memoryImportOf(bytes);
      return { module: await compile(bytes), sha256, memory };
    } catch (error) {
      throw new PluginError('Runtime', `the module ${url} is not valid WebAssembly: ${(error as Error).message}`);
    }
  };
  return {
    load(url, sha256) {
      const key = sha256.toLowerCase();
      let entry = compiled.get(key);
      if (entry === undefined) {
        entry = load(url, key);
        compiled.set(key, entry);
        // A failed load is not cached: the next call tries again (the file may be fixed by then).
        entry.catch(() => compiled.delete(key));
      }
      return entry;
    },
    has: (sha256) => compiled.has(sha256.toLowerCase()),
  };
}
