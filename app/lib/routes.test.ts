import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './routes';

describe('parseRoute', () => {
  it('reads the rail entry from the hash', () => {
    expect(parseRoute('#/debug')).toBe('debug');
    expect(parseRoute('#/settings?x=1')).toBe('settings');
    expect(parseRoute('#hub')).toBe('hub');
  });
  it('falls back to chat for empty or unknown hashes', () => {
    expect(parseRoute('')).toBe('chat');
    expect(parseRoute('#/nope')).toBe('chat');
  });
  it('round-trips with routeHref', () => {
    expect(parseRoute(routeHref('gallery'))).toBe('gallery');
  });
});
