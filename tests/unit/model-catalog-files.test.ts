/** The shipped catalog of manifests (public/models/) stays true to the files it names. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelCatalogSchema } from '../../app/state/model-catalog';
import { ModelManifestSchema } from '../../core/models/manifest';

const publicFile = (name: string) => new URL(`../../public/models/${name}`, import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(publicFile(name), 'utf8'));

describe('public/models/catalog.json', () => {
  it('lists the tiny model’s manifest; every manifest matches its file’s size and hash, the tiny one the shipped config', () => {
    const catalog = ModelCatalogSchema.parse(readJson('catalog.json'));
    expect(catalog.manifests.map((m) => m.manifest)).toContain('arw-tiny-char.manifest.json');
    const shipped = readJson('arw-tiny-char.json') as Record<string, unknown>;
    for (const entry of catalog.manifests) {
      const raw = readJson(entry.manifest) as { url: string };
      // The file's url is relative (the app resolves it against the manifest's address).
      const manifest = ModelManifestSchema.parse({ ...raw, url: new URL(raw.url, 'http://app.test/models/').href });
      const bytes = readFileSync(publicFile(raw.url));
      expect(manifest.bytes).toBe(bytes.length);
      expect(entry.bytes).toBe(bytes.length);
      expect(manifest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      if (entry.manifest === 'arw-tiny-char.manifest.json')
        expect(manifest.config).toEqual({
          vocab: shipped.vocab,
          context: shipped.context,
          embed: shipped.embed,
          hidden: shipped.hidden,
          chars: shipped.chars,
        });
    }
  });
});
