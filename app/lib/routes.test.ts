import { describe, expect, it } from 'vitest';
import {
  conversationHref,
  episodeHref,
  parsePlace,
  parseRoute,
  placePath,
  ROUTES,
  routeHref,
  settingsHref,
  type Place,
} from './routes';

describe('parseRoute', () => {
  it('reads the rail entry from the hash', () => {
    expect(parseRoute('#/debug')).toBe('debug');
    expect(parseRoute('#/settings?x=1')).toBe('settings');
    expect(parseRoute('#hub')).toBe('hub');
    expect(parseRoute('#/debug/episode/01JCORR')).toBe('debug');
  });
  it('falls back to chat for empty or unknown hashes', () => {
    expect(parseRoute('')).toBe('chat');
    expect(parseRoute('#/')).toBe('chat');
    expect(parseRoute('#/nope')).toBe('chat');
    expect(parseRoute('#/nope/episode/x')).toBe('chat');
  });
  it('round-trips with routeHref for every rail entry', () => {
    for (const route of ROUTES) expect(parseRoute(routeHref(route.id))).toBe(route.id);
    expect(routeHref('gallery')).toBe('#/gallery');
  });
});

describe('parsePlace', () => {
  it('reads a conversation under Chat', () => {
    expect(parsePlace('#/chat/01JCONV')).toEqual({ route: 'chat', conversation: '01JCONV' });
    expect(parsePlace('/chat/01JCONV')).toEqual({ route: 'chat', conversation: '01JCONV' });
    expect(parsePlace('#/chat')).toEqual({ route: 'chat' });
    expect(parsePlace('#/chat/')).toEqual({ route: 'chat' });
  });
  it('reads an episode under Debug', () => {
    expect(parsePlace('#/debug/episode/01JCORR')).toEqual({ route: 'debug', episode: '01JCORR' });
    expect(parsePlace('/debug/episode/01JCORR?from=hub')).toEqual({ route: 'debug', episode: '01JCORR' });
  });
  it('reads a Settings section', () => {
    expect(parsePlace('#/settings/permissions')).toEqual({ route: 'settings', section: 'permissions' });
  });
  it('ignores unknown or extra segments under a known entry (the entry still opens)', () => {
    expect(parsePlace('#/debug/episode')).toEqual({ route: 'debug' });
    expect(parsePlace('#/debug/other/x')).toEqual({ route: 'debug' });
    expect(parsePlace('#/chat/a/b')).toEqual({ route: 'chat' });
    expect(parsePlace('#/hub/anything')).toEqual({ route: 'hub' });
    expect(parsePlace('#/training/x')).toEqual({ route: 'training' });
  });
  it('decodes percent-escapes and drops a malformed one instead of throwing', () => {
    expect(parsePlace('#/chat/a%20b%2Fc')).toEqual({ route: 'chat', conversation: 'a b/c' });
    expect(parsePlace('#/chat/%E0%A4%A')).toEqual({ route: 'chat' });
  });
});

describe('building URLs', () => {
  it('builds the deep links', () => {
    expect(conversationHref('01JCONV')).toBe('#/chat/01JCONV');
    expect(conversationHref(undefined)).toBe('#/chat');
    expect(episodeHref('01JCORR')).toBe('#/debug/episode/01JCORR');
    expect(settingsHref('permissions')).toBe('#/settings/permissions');
  });
  it('encodes ids so any id survives the round trip', () => {
    const places: Place[] = [
      { route: 'chat', conversation: 'a b/c?d#e%' },
      { route: 'debug', episode: 'corr/with spaces' },
      { route: 'settings', section: 'model-servers' },
      { route: 'hub' },
    ];
    for (const place of places) {
      expect(parsePlace(placePath(place))).toEqual(place);
      expect(parsePlace(`#${placePath(place)}`)).toEqual(place);
    }
    expect(episodeHref('a/b')).toBe('#/debug/episode/a%2Fb');
  });
  it('drops details that belong to another entry', () => {
    expect(placePath({ route: 'hub', episode: 'x' })).toBe('/hub');
    expect(placePath({ route: 'chat', conversation: '' })).toBe('/chat');
  });
});
