/**
 * The app's places and their hash URLs (`#/chat`, `#/chat/<conversation>`,
 * `#/debug/episode/<corr_id>`, `#/settings/<section>`): parsing and building only. Pure:
 * `state/router.ts` reads the location from @solidjs/router and navigates.
 */

export const ROUTES = [
  { id: 'hub', label: 'Hub', icon: '⌂' },
  { id: 'chat', label: 'Chat', icon: '✎' },
  { id: 'training', label: 'Training', icon: '◎' },
  { id: 'gallery', label: 'Gallery', icon: '▦' },
  { id: 'debug', label: 'Debug', icon: '⚙' },
  { id: 'settings', label: 'Settings', icon: '☰' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

export const DEFAULT_ROUTE: RouteId = 'chat';

/** Where the app is: a rail entry and, for some, the thing open in it. */
export interface Place {
  route: RouteId;
  /** Chat: the open conversation. */
  conversation?: string;
  /** Debug: the episode (its `corr_id`) expanded and selected. */
  episode?: string;
  /** Settings: the section scrolled to (the `settings-<section>` heading). */
  section?: string;
}

const isRoute = (id: string): id is RouteId => ROUTES.some((route) => route.id === id);

/** A path segment as text, or undefined when its percent-escapes are malformed. */
function decodeSegment(segment: string | undefined): string | undefined {
  if (!segment) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * `#/debug/episode/01J…` or the router's path `/debug/episode/01J…` → its place. An unknown
 * or empty first segment is Chat; extra or unknown segments under a known entry are
 * ignored (the entry itself still opens), so no URL is an error.
 */
export function parsePlace(hashOrPath: string): Place {
  const path = hashOrPath.replace(/^#/, '').split(/[?#]/)[0] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '');
  const [first = '', ...rest] = segments;
  if (!isRoute(first)) return { route: DEFAULT_ROUTE };
  const tail = rest.length === 1 ? decodeSegment(rest[0]) : undefined;
  if (first === 'chat' && tail) return { route: first, conversation: tail };
  if (first === 'settings' && tail) return { route: first, section: tail };
  const corrId = first === 'debug' && rest.length === 2 && rest[0] === 'episode' ? decodeSegment(rest[1]) : undefined;
  if (corrId) return { route: first, episode: corrId };
  return { route: first };
}

/** The router's path for a place (no `#`): `/chat/<id>`; ids are percent-encoded. */
export function placePath(place: Place): string {
  const encoded = (value: string) => encodeURIComponent(value);
  if (place.route === 'chat' && place.conversation) return `/chat/${encoded(place.conversation)}`;
  if (place.route === 'debug' && place.episode) return `/debug/episode/${encoded(place.episode)}`;
  if (place.route === 'settings' && place.section) return `/settings/${encoded(place.section)}`;
  return `/${place.route}`;
}

/** `#/debug`: the rail's links. */
export function routeHref(id: RouteId): string {
  return `#${placePath({ route: id })}`;
}

/** `#/chat/<id>`, or `#/chat` for none. */
export function conversationHref(id: string | undefined): string {
  return `#${placePath({ route: 'chat', conversation: id })}`;
}

/** `#/debug/episode/<corr_id>`: Debug with that episode expanded and selected. */
export function episodeHref(corrId: string): string {
  return `#${placePath({ route: 'debug', episode: corrId })}`;
}

/** `#/settings/<section>` (e.g. `permissions`, the `settings-permissions` heading). */
export function settingsHref(section: string): string {
  return `#${placePath({ route: 'settings', section })}`;
}

/** `#/debug/episode/x` → `debug`; anything unknown (or empty) → the default route. */
export function parseRoute(hash: string): RouteId {
  return parsePlace(hash).route;
}
