/**
 * Token secrets: 256-bit random plaintext shown once, SHA-256 hex stored, and
 * constant-time comparison of digests. Nothing here logs or keeps a plaintext.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix that makes an ARW token recognisable to secret scanners. */
export const TOKEN_PREFIX = 'arw_';

/** A new plaintext token: `arw_` + 43 base64url characters (32 random bytes). */
export function generateSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** A new token id: `tok_` + 16 lower-case hex characters. */
export function newTokenId(): string {
  return `tok_${randomBytes(8).toString('hex')}`;
}

/** Lower-case hex SHA-256 of `text`. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests (false when lengths differ). */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The first 12 hex characters of a digest: enough to tell tokens apart, useless to an attacker. */
export function hashPrefix(sha256: string): string {
  return sha256.slice(0, 12);
}
