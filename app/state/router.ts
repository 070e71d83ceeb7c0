/**
 * The app's place (rail entry, open conversation, deep-linked episode) read from
 * @solidjs/router's hash location, and navigation that pushes a history entry so
 * back/forward move between places. URL shapes live in `lib/routes.ts`.
 */
import { useLocation, useNavigate } from '@solidjs/router';
import { createMemo, type Accessor } from 'solid-js';
import { parsePlace, placePath, type Place, type RouteId } from '../lib/routes';

export interface Router {
  /** The rail entry shown (an unknown URL is Chat). */
  route: Accessor<RouteId>;
  /** Opens a rail entry; staying on it (e.g. `go('chat')` in a conversation) changes nothing. */
  go(id: RouteId): void;
  /** `#/chat/<id>`: the conversation open in Chat. */
  conversation(): string | undefined;
  /** Pushes `#/chat/<id>`, or `#/chat` for none. */
  openConversation(id: string | undefined): void;
  /** `#/debug/episode/<corr_id>`: the episode Debug expands and selects. */
  episode(): string | undefined;
  /** Pushes `#/debug/episode/<corrId>`. */
  openEpisode(corrId: string): void;
}

/** Must run under the app's `<HashRouter>` (it reads the router's context). */
export function createRouter(): Router {
  const location = useLocation();
  const navigate = useNavigate();
  const place = createMemo(() => parsePlace(location.pathname));
  const route = createMemo(() => place().route);
  const conversation = createMemo(() => place().conversation);
  const episode = createMemo(() => place().episode);
  const open = (next: Place) => {
    const path = placePath(next);
    if (path !== placePath(place())) navigate(path);
  };
  return {
    route,
    go(id) {
      if (route() !== id) open({ route: id });
    },
    conversation,
    openConversation: (id) => open({ route: 'chat', conversation: id }),
    episode,
    openEpisode: (corrId) => open({ route: 'debug', episode: corrId }),
  };
}

/** Settings' section from the URL (`#/settings/<section>`), for the Settings view alone. */
export function useSettingsSection(): Accessor<string | undefined> {
  const location = useLocation();
  return createMemo(() => parsePlace(location.pathname).section);
}
