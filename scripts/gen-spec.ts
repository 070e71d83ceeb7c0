/**
 * Writes the generated contract artifacts (JSON Schemas) under spec/generated/ from
 * the zod source. `npm run spec:gen` after changing spec/; tests fail on drift.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateArtifacts } from '../spec/artifacts';

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '../spec/generated');
rmSync(outDir, { recursive: true, force: true });
const files = generateArtifacts();
for (const [path, text] of files) {
  mkdirSync(dirname(join(outDir, path)), { recursive: true });
  writeFileSync(join(outDir, path), text);
}
console.log(`spec: wrote ${files.size} files under spec/generated/`);
