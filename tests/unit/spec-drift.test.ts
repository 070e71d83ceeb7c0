/** The checked-in JSON Schemas under spec/generated/ match the zod source exactly. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { CEDAR_SCHEMA_PATH, CEDAR_SCHEMA_TEXT_PATH } from '../../core/policy/cedar/schema';
import { generateArtifacts } from '../../spec/artifacts';
import { serverRouteDocs } from '../../sync-server/introspection/generated';

const generatedDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../spec/generated');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(generatedDir, path)];
  });
}

test('spec/generated is up to date with the zod source (run `npm run spec:gen` to fix)', () => {
  const expected = generateArtifacts({ routes: serverRouteDocs() });
  // The Cedar schema is generated from core's tool manifests; core/policy/cedar/schema.node.test.ts checks it.
  const actual = listFiles(generatedDir)
    .filter((path) => path !== CEDAR_SCHEMA_PATH && path !== CEDAR_SCHEMA_TEXT_PATH)
    .sort();
  expect(actual).toEqual([...expected.keys()].sort());
  for (const [path, text] of expected) {
    expect(readFileSync(join(generatedDir, path), 'utf8'), `spec/generated/${path} drifted`).toBe(text);
  }
});
