/**
 * The rail's routes and hash parsing (`#/chat`, `#/debug`, ...). Pure: the router
 * state in `state/router.ts` owns the `hashchange` listener.
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

/** `#/debug` → `debug`; anything unknown (or empty) → the default route. */
export function parseRoute(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return ROUTES.some((route) => route.id === id) ? (id as RouteId) : DEFAULT_ROUTE;
}

export function routeHref(id: RouteId): string {
  return `#/${id}`;
}
