/**
 * Every behaviour rule of spec/journal.md, spec/sync-protocol.md and spec/relay.md is
 * named by at least one test (STYLE.md: tests cite rule IDs), and no test cites a rule
 * those files do not define. Test names are read from the source of every file that
 * imports vitest (test files and shared contract suites such as journal-contract.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const RULE_FILES = ['spec/journal.md', 'spec/sync-protocol.md', 'spec/relay.md'];
const TEST_ROOTS = ['tests', 'app', 'core', 'sync-server', 'workers', 'spec'];

/** Rule IDs a spec file defines: its `- **X1**` bullets, in order. */
function rulesOf(text: string): string[] {
  return [...text.matchAll(/^- \*\*([A-Z]\d+)\*\*/gm)].map((match) => match[1]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

// `it(` / `test(`, optionally through modifiers such as `.each([...])` or `.skipIf(x)`, then the name literal.
const TEST_NAME = /\b(?:it|test)((?:\.\w+(?:\((?:[^()]|\([^()]*\))*\))?)*)\(\s*(['"`])((?:\\.|(?!\2)[^\\])*)\2/g;

/** The names of the `it` / `test` calls in `source`. */
export function testNamesOf(source: string): string[] {
  return [...source.matchAll(TEST_NAME)].map((match) => match[3]!);
}

const specs = RULE_FILES.map((path) => ({ path, rules: rulesOf(readFileSync(resolve(root, path), 'utf8')) }));
const prefixes = [...new Set(specs.flatMap((spec) => spec.rules.map((rule) => rule[0]!)))].join('');
const cited = new RegExp(`\\b([${prefixes}]\\d{1,3})\\b`, 'g');

/** Rule ID → the files whose test names cite it. */
function citations(): Map<string, Set<string>> {
  const byRule = new Map<string, Set<string>>();
  for (const file of TEST_ROOTS.flatMap((dir) => sourceFiles(resolve(root, dir)))) {
    const source = readFileSync(file, 'utf8');
    if (!/from ['"]vitest['"]/.test(source)) continue;
    for (const name of testNamesOf(source))
      for (const [, rule] of name.matchAll(cited)) {
        const files = byRule.get(rule!) ?? new Set<string>();
        files.add(relative(root, file));
        byRule.set(rule!, files);
      }
  }
  return byRule;
}

describe('rule coverage', () => {
  test('test names are read from it, test, test.each and skipIf calls, across lines', () => {
    const source = [
      "it('S1: first', () => {});",
      'test.each([1, (2)])(`J3: %s ${x}`, () => {});',
      "it.skipIf(!HAS_NATS)(\n  'R12: late',\n  () => {});",
      "describe('R4: a describe is not a test', () => {});",
    ].join('\n');
    expect(testNamesOf(source)).toEqual(['S1: first', 'J3: %s ${x}', 'R12: late']);
  });

  test.each(specs)('$path numbers its rules 1 to n, as its heading says', ({ path, rules }) => {
    const heading = readFileSync(resolve(root, path), 'utf8').match(/\(rules ([A-Z])1–\1(\d+)\)/);
    expect(heading, `${path} has no "(rules X1–Xn)" heading`).not.toBeNull();
    const [, prefix, last] = heading!;
    expect(rules).toEqual(Array.from({ length: Number(last) }, (_, i) => `${prefix}${i + 1}`));
  });

  test('every rule is named by at least one test', () => {
    const byRule = citations();
    const missing = specs.flatMap(({ path, rules }) =>
      rules.filter((rule) => !byRule.has(rule)).map((rule) => `${rule} (${path})`),
    );
    expect(missing, 'rules no test name cites').toEqual([]);
  });

  test('no test names a rule the spec files do not define', () => {
    const defined = new Set(specs.flatMap((spec) => spec.rules));
    const unknown = [...citations()]
      .filter(([rule]) => !defined.has(rule))
      .map(([rule, files]) => `${rule} in ${[...files].join(', ')}`);
    expect(unknown).toEqual([]);
  });
});
