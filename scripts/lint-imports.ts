/**
 * Enforces the architecture's import direction (ARCHITECTURE.md):
 * spec ← core ← (app, workers, sync-server); app reaches workers only through
 * `import type` from workers/<name>/api.ts; nothing imports tests/; no import cycles.
 * Run as `npm run lint` (and by `npm run build`); exits 1 on any violation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = ['spec', 'core', 'app', 'workers', 'sync-server', 'tests', 'scripts'] as const;
type Layer = (typeof LAYERS)[number];

/** Which top-level folders each folder may import from. */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  spec: ['spec'],
  core: ['spec', 'core'],
  app: ['spec', 'core', 'app', 'workers'],
  workers: ['spec', 'core', 'workers'],
  'sync-server': ['spec', 'core', 'sync-server'],
  tests: ['spec', 'core', 'app', 'workers', 'sync-server', 'tests', 'scripts'],
  scripts: ['spec', 'core', 'app', 'workers', 'sync-server', 'scripts'],
};

/** Packages that tie code to one runtime; core must stay pure (STYLE: core). */
const CORE_FORBIDDEN_PACKAGES = /^(node:|dexie|solid-js|hono|@hono\/|comlink|fake-indexeddb|vite|playwright)/;

export interface Violation {
  file: string;
  line: number;
  message: string;
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

const IMPORT_RE = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC_RE = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export function readImports(source: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  for (const match of source.matchAll(IMPORT_RE)) {
    const offset = match.index + match[0].indexOf(match[1]!);
    refs.push({ specifier: match[3]!, typeOnly: Boolean(match[2]), line: lineOf(offset) });
  }
  for (const match of source.matchAll(DYNAMIC_RE))
    refs.push({ specifier: match[1]!, typeOnly: false, line: lineOf(match.index) });
  return refs;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'generated' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listSources(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function layerOf(root: string, file: string): Layer | undefined {
  const top = relative(root, file).split(sep)[0];
  return (LAYERS as readonly string[]).includes(top ?? '') ? (top as Layer) : undefined;
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next candidate
    }
  }
  return base;
}

/** Checks every source file under `root`'s layer folders; returns the violations. */
export function lintImports(root: string): Violation[] {
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  const files = LAYERS.flatMap((layer) => {
    try {
      return listSources(join(root, layer));
    } catch {
      return [];
    }
  });
  for (const file of files) {
    const from = layerOf(root, file)!;
    const edges: string[] = [];
    const rel = relative(root, file);
    for (const ref of readImports(readFileSync(file, 'utf8'))) {
      if (!ref.specifier.startsWith('.')) {
        if (from === 'core' || from === 'spec') {
          if (CORE_FORBIDDEN_PACKAGES.test(ref.specifier) && !/\.test\.ts$/.test(file)) {
            violations.push({
              file: rel,
              line: ref.line,
              message: `${from}/ must stay runtime-free; it may not import '${ref.specifier}'`,
            });
          }
        }
        continue;
      }
      const target = resolveRelative(file, ref.specifier);
      const to = layerOf(root, target);
      if (!to) continue;
      edges.push(target);
      if (!ALLOWED[from].includes(to)) {
        violations.push({
          file: rel,
          line: ref.line,
          message: `${from}/ may not import from ${to}/ ('${ref.specifier}')`,
        });
      } else if (from === 'app' && to === 'workers' && !(ref.typeOnly && /[\\/]api\.ts$/.test(target))) {
        violations.push({
          file: rel,
          line: ref.line,
          message: `app/ reaches workers/ only with \`import type\` from workers/<name>/api.ts ('${ref.specifier}')`,
        });
      }
    }
    graph.set(file, edges);
  }
  for (const cycle of findCycles(graph)) {
    violations.push({
      file: relative(root, cycle[0]!),
      line: 1,
      message: `import cycle: ${cycle.map((f) => relative(root, f)).join(' → ')}`,
    });
  }
  return violations;
}

/** Depth-first search for back edges; each cycle is reported once. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const violations = lintImports(root);
  for (const v of violations) console.error(`${v.file}:${v.line}  ${v.message}`);
  if (violations.length > 0) {
    console.error(
      `\nlint: ${violations.length} import-direction violation(s). See ARCHITECTURE.md "Layout and dependency direction".`,
    );
    process.exit(1);
  }
  console.log('lint: import direction OK');
}
