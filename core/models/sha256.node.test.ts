/** The incremental SHA-256 equals node:crypto for any sizes and any split into updates. */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256 } from './sha256';

const reference = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('incremental SHA-256', () => {
  it('matches the FIPS test vectors', () => {
    expect(createSha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(createSha256().update(new TextEncoder().encode('abc')).hex()).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches node:crypto around block boundaries and for random splits', () => {
    for (const size of [1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 70_001]) {
      const bytes = new Uint8Array(randomBytes(size));
      expect(createSha256().update(bytes).hex()).toBe(reference(bytes));
      const hasher = createSha256();
      for (let at = 0; at < size;) {
        const step = 1 + Math.floor(Math.random() * 97);
        hasher.update(bytes.subarray(at, at + step));
        at += step;
      }
      expect(hasher.hex()).toBe(reference(bytes));
    }
  });
});
