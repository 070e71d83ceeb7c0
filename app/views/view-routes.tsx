/**
 * Which view each URL renders, as @solidjs/router route definitions. One route per rail
 * entry covers its sub-paths (`/chat/<id>`, `/debug/episode/<corr_id>`), so moving between
 * them keeps the view mounted; the view reads the detail from `state/router.ts` (Settings'
 * section is followed here). Any other URL (empty included) is replaced by `#/chat`.
 * The router takes over clicks on same-origin links: one to a server route (`/about`,
 * `/spec/...`) needs `rel="external"` or a `target`, or it would open Chat instead.
 */
import { Navigate, type RouteDefinition } from '@solidjs/router';
import type { Component } from 'solid-js';
import { DEFAULT_ROUTE, placePath, ROUTES, type RouteId } from '../lib/routes';
import { useSettingsSection } from '../state/router';
import { ChatView } from './chat/ChatView';
import { DebugView } from './debug/DebugView';
import { GalleryView } from './gallery/GalleryView';
import { HubView } from './hub/HubView';
import { followSectionLink } from './settings/section-link';
import { SettingsView } from './settings/SettingsView';
import { TrainingView } from './training/TrainingView';

/** `#/settings/<section>` opens Settings at that section. */
function SettingsRoute() {
  followSectionLink(useSettingsSection());
  return <SettingsView />;
}

const VIEWS: Record<RouteId, Component> = {
  hub: HubView,
  chat: ChatView,
  training: TrainingView,
  gallery: GalleryView,
  debug: DebugView,
  settings: SettingsRoute,
};

const ToDefault = () => <Navigate href={placePath({ route: DEFAULT_ROUTE })} />;

export const VIEW_ROUTES: RouteDefinition[] = [
  ...ROUTES.map((route) => ({ path: `/${route.id}/*`, component: VIEWS[route.id] })),
  { path: '*', component: ToDefault },
];
