/** Hash routing for the rail (`#/chat`, `#/debug`, ...): one signal fed by `hashchange`. */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { parseRoute, routeHref, type RouteId } from '../lib/routes';

export interface Router {
  route: Accessor<RouteId>;
  go(id: RouteId): void;
}

/** Must run inside a Solid owner (the listener is removed with it). */
export function createRouter(win: Window): Router {
  const [route, setRoute] = createSignal(parseRoute(win.location.hash));
  const onChange = () => setRoute(parseRoute(win.location.hash));
  win.addEventListener('hashchange', onChange);
  onCleanup(() => win.removeEventListener('hashchange', onChange));
  return {
    route,
    go(id) {
      if (route() === id) return;
      win.location.hash = routeHref(id);
    },
  };
}
