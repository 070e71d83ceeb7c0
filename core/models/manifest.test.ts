/**
 * The manifest's `format`/`config` (an ONNX char model runnable from the store): field
 * errors name the field, and stored records of older versions (no format) or of newer
 * ones (a format this version does not know) stay readable as plain files.
 */
import { describe, expect, it } from 'vitest';
import { ModelManifestSchema, StoredModelSchema } from './manifest';

const SHA = 'a'.repeat(64);
const config = { vocab: 3, context: 8, embed: 4, hidden: 16, chars: ['\n', ' ', 'a'] };
const base = { id: 'char-mirror', url: 'https://models.example/char.onnx', bytes: 1000, sha256: SHA };
const issues = (value: unknown) => {
  const parsed = ModelManifestSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('model manifest formats', () => {
  it('accepts a plain file (no format) and an onnx-char model with its config', () => {
    expect(issues(base)).toEqual([]);
    expect(ModelManifestSchema.parse({ ...base, format: 'onnx-char', config })).toMatchObject({
      format: 'onnx-char',
      config: { vocab: 3 },
    });
  });

  it('names the field: missing config, config without the format, unknown format, alphabet errors', () => {
    expect(issues({ ...base, format: 'onnx-char' })).toEqual([
      expect.stringMatching(/^config: is required with format 'onnx-char'/),
    ]);
    expect(issues({ ...base, config })).toEqual([
      expect.stringMatching(/^format: must be 'onnx-char' when a config is given/),
    ]);
    expect(issues({ ...base, format: 'gguf' })).toEqual([expect.stringMatching(/^format: .*"file"\|"onnx-char"/)]);
    expect(issues({ ...base, format: 'onnx-char', config: { ...config, vocab: 4 } })).toEqual([
      'config.chars: has 3 characters, but vocab says 4',
    ]);
    expect(issues({ ...base, format: 'onnx-char', config: { ...config, chars: ['\n', 'ab', 'a'] } })).toEqual([
      'config.chars.1: each entry must be exactly one character',
    ]);
    expect(issues({ ...base, format: 'onnx-char', config: { ...config, chars: ['a', ' ', 'a'] } })).toEqual([
      'config.chars: must not repeat a character',
    ]);
  });

  it('reads stored records of older versions (no format) and unknown formats as plain files', () => {
    const record = {
      id: 'm',
      url: base.url,
      sha256: SHA,
      bytes: 10,
      chunkBytes: 1024,
      downloaded: 10,
      state: 'cached',
      lastUsed: 5,
    };
    expect(StoredModelSchema.parse(record).format).toBeUndefined();
    const newer = StoredModelSchema.parse({ ...record, format: 'gguf', config: { layers: 3 } });
    expect(newer).toMatchObject({ id: 'm', state: 'cached' });
    expect(newer.format).toBeUndefined();
    expect(newer.config).toBeUndefined();
    expect(StoredModelSchema.parse({ ...record, format: 'onnx-char', config }).config).toEqual(config);
  });
});
