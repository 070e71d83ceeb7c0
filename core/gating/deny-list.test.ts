/** Gating (SPEC §3): deny-only, exact or trailing `*`, deny wins. */
import { describe, expect, test } from 'vitest';
import { createGatingPolicy, matchesGatingPattern, parseDenyList } from './deny-list';

describe('gating deny list', () => {
  test('exact patterns match only their key; a trailing * matches the prefix', () => {
    expect(matchesGatingPattern('events:read', 'events:read')).toBe(true);
    expect(matchesGatingPattern('events:read', 'events:readx')).toBe(false);
    expect(matchesGatingPattern('admin:*', 'admin:tokens')).toBe(true);
    expect(matchesGatingPattern('io:ingress:tools.*', 'io:ingress:tools.math.eval')).toBe(true);
    expect(matchesGatingPattern('admin:*', 'state:read')).toBe(false);
  });

  test('deny wins: a key is allowed unless some pattern denies it, and the pattern is named', () => {
    const gating = createGatingPolicy(['models:*', 'yjs:connect']);
    expect(gating.deniedBy('models:download')).toBe('models:*');
    expect(gating.deniedBy('yjs:connect')).toBe('yjs:connect');
    expect(gating.deniedBy('events:read')).toBeUndefined();
  });

  test('the list can be replaced at runtime; invalid patterns are refused and change nothing', () => {
    const gating = createGatingPolicy(parseDenyList(' events:read, ,events:read,state:*'));
    expect(gating.list()).toEqual(['events:read', 'state:*']);
    const before = gating.version();
    expect(() => gating.replace(['bad*pattern*'])).toThrow(/invalid gating pattern/);
    expect(gating.list()).toEqual(['events:read', 'state:*']);
    gating.replace([]);
    expect(gating.deniedBy('events:read')).toBeUndefined();
    expect(gating.version()).toBe(before + 1);
  });
});
