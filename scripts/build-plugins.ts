/**
 * `npm run plugins:build`: compiles every plugin in plugins/src (AssemblyScript with the
 * WASI shim) to public/plugins/<name>.wasm with fixed flags, and writes
 * public/plugins/manifest.json (each module's path and sha256, the snippet a recipe's
 * `plugin` block takes). The build is deterministic: a test rebuilds into a temporary
 * folder and compares the bytes with the shipped files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PLUGIN_SOURCES = join(ROOT, 'plugins', 'src');
export const PLUGIN_OUTPUT = join(ROOT, 'public', 'plugins');

/** asc resolves --config and sources against the working directory, and wants them relative. */
const fromCwd = (path: string) => relative(process.cwd(), path) || '.';

/**
 * The flags every plugin is built with. Memory is imported (env.memory) so the host can
 * cap it; 1024 pages (64 MiB) is the largest cap a manifest may ask for. Paths are given
 * relative (asc writes them into abort messages), so a build from the repository root does
 * not depend on where it is checked out.
 */
export const ASC_FLAGS = [
  '--config',
  fromCwd(join(ROOT, 'node_modules', '@assemblyscript', 'wasi-shim', 'asconfig.json')),
  '--importMemory',
  '--initialMemory',
  '1',
  '--maximumMemory',
  '1024',
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '1',
  // The stub runtime never frees: a plugin lives for one call, and it is the smallest.
  '--runtime',
  'stub',
  '--noAssert',
];

export interface BuiltPlugin {
  name: string;
  module: string;
  sha256: string;
  bytes: number;
}

/** The plugin entry files: plugins/src/*.ts (the lib folder holds shared code, not plugins). */
export function pluginNames(): string[] {
  return readdirSync(PLUGIN_SOURCES)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -3))
    .sort();
}

/** Compiles one plugin to bytes; throws with the compiler's messages on failure. */
export async function compilePlugin(name: string): Promise<Uint8Array> {
  let wasm: Uint8Array | undefined;
  const errors: string[] = [];
  const { error } = await asc.main(
    [fromCwd(join(PLUGIN_SOURCES, `${name}.ts`)), '--outFile', `${name}.wasm`, ...ASC_FLAGS],
    {
      writeFile: (file: string, contents: Uint8Array | string) => {
        if (file.endsWith('.wasm')) wasm = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
      },
      stderr: { write: (text: string | Uint8Array) => void errors.push(String(text)) },
      stdout: { write: () => undefined },
    } as never,
  );
  if (error || wasm === undefined)
    throw new Error(`plugin ${name} did not build: ${error?.message ?? ''}\n${errors.join('')}`);
  return wasm;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Builds every plugin into `outDir` and writes manifest.json there; returns what was built. */
export async function buildPlugins(outDir = PLUGIN_OUTPUT): Promise<BuiltPlugin[]> {
  mkdirSync(outDir, { recursive: true });
  const built: BuiltPlugin[] = [];
  for (const name of pluginNames()) {
    const wasm = await compilePlugin(name);
    writeFileSync(join(outDir, `${name}.wasm`), wasm);
    built.push({ name, module: `/plugins/${name}.wasm`, sha256: sha256Hex(wasm), bytes: wasm.byteLength });
  }
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ plugins: built }, null, 2) + '\n');
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildPlugins();
  for (const plugin of built) console.log(`${plugin.module}  ${plugin.bytes} bytes  sha256 ${plugin.sha256}`);
}
