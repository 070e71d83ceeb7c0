import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { memoryImportOf } from '../../app/plugins/wasm-binary';

describe('the memory import of a module', () => {
  test('the shipped plugins import env.memory with the build cap (1 page to 1024)', () => {
    for (const name of ['word-count', 'http-get', 'test-hog'])
      expect(memoryImportOf(readFileSync(`public/plugins/${name}.wasm`)), name).toEqual({ minimum: 1, maximum: 1024 });
  });

  test('a module with its own memory imports none; a non-module is refused', () => {
    // (module (memory 1)): magic, version, memory section with one memory of min 1.
    const own = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0, 1]);
    expect(memoryImportOf(own)).toBeUndefined();
    expect(() => memoryImportOf(new TextEncoder().encode('not wasm'))).toThrow(/not a WebAssembly module/);
  });
});
