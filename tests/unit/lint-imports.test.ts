/** The import-direction lint catches each kind of violation, and passes the real tree. */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { lintImports, readImports } from '../../scripts/lint-imports';

let root = '';
function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'arw-lint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('import direction lint', () => {
  test('the repository itself has no violations', () => {
    const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
    expect(lintImports(repo)).toEqual([]);
  });

  test('core importing app is a violation', () => {
    const v = lintImports(
      tree({ 'app/x.ts': 'export const x = 1;\n', 'core/y.ts': "import { x } from '../app/x';\n" }),
    );
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('core/ may not import from app/');
  });

  test('spec importing core is a violation', () => {
    const v = lintImports(
      tree({ 'core/x.ts': 'export const x = 1;\n', 'spec/y.ts': "import { x } from '../core/x';\n" }),
    );
    expect(v.map((x) => x.message).join()).toContain('spec/ may not import from core/');
  });

  test('sync-server importing app or workers is a violation', () => {
    const v = lintImports(
      tree({
        'app/a.ts': '',
        'workers/w/api.ts': '',
        'sync-server/s.ts': "import '../app/a';\nimport type { A } from '../workers/w/api';\n",
      }),
    );
    expect(v).toHaveLength(2);
  });

  test('importing tests/ from anywhere else is a violation', () => {
    const v = lintImports(tree({ 'tests/t.ts': '', 'app/a.ts': "import { t } from '../tests/t';\n" }));
    expect(v[0]!.message).toContain('may not import from tests/');
  });

  test('app may only import types from workers api.ts', () => {
    const ok = lintImports(
      tree({ 'workers/w/api.ts': '', 'app/a.ts': "import type { Api } from '../workers/w/api';\n" }),
    );
    expect(ok).toEqual([]);
    rmSync(root, { recursive: true, force: true });
    const bad = lintImports(
      tree({ 'workers/w/impl.ts': '', 'app/a.ts': "import { impl } from '../workers/w/impl';\n" }),
    );
    expect(bad[0]!.message).toContain('only with `import type`');
  });

  test('core may not import runtime packages', () => {
    const v = lintImports(tree({ 'core/a.ts': "import { readFile } from 'node:fs';\nimport Dexie from 'dexie';\n" }));
    expect(v).toHaveLength(2);
  });

  test('an import cycle is reported', () => {
    const v = lintImports(
      tree({ 'core/a.ts': "import { b } from './b';\n", 'core/b.ts': "import { a } from './a';\n" }),
    );
    expect(v.some((x) => x.message.startsWith('import cycle'))).toBe(true);
  });

  test('multi-line and type-only imports are read', () => {
    const refs = readImports(
      "import {\n  a,\n  b,\n} from './x';\nimport type { T } from './t';\nconst m = import('./m');\n",
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ['./x', false],
      ['./t', true],
      ['./m', false],
    ]);
  });
});
