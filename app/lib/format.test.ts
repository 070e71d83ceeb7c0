import { describe, expect, it } from 'vitest';
import { ago, shortId } from './format';

describe('format', () => {
  it('shortens ids to their tail', () => {
    expect(shortId('01JABCDEFGHJKMNPQRSTVWXYZ0')).toBe('…VWXYZ0');
    expect(shortId('abc')).toBe('abc');
    expect(shortId(undefined)).toBe('–');
  });
  it('says how long ago', () => {
    const now = Date.parse('2026-01-01T01:00:00.000Z');
    expect(ago('2026-01-01T00:59:55.000Z', now)).toBe('5 s ago');
    expect(ago('2026-01-01T00:30:00.000Z', now)).toBe('30 min ago');
  });
});
