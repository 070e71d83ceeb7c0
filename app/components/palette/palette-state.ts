/**
 * The palette's model: reads the app's services (router, project, stream, model,
 * runtime governor, policy, recipes, active agent) into the plain sources the items are
 * built from, and the actions the items run. Without a runtime governor its items say
 * why. Where to put focus after an action is asked of `focusAfter` (the action may
 * navigate first).
 */
import type { Accessor } from 'solid-js';
import type { StoredEvent } from '../../../core/journal/types';
import { RUNTIME_PROFILE_TABLE } from '../../../core/inference/runtime-profiles';
import { BUILTIN_TOOLS } from '../../../core/tools/builtin';
import type { AppServices } from '../../state/app-context';
import { projectChoices, type ProjectState } from '../../state/project';
import type { RuntimeServices } from '../../state/runtime-services';
import type { GrantContext } from './grant-parser';
import type { PaletteActions, PaletteSources } from './palette-items';
import { reopenWelcome } from '../../state/welcome';
import { episodeEntries, recentScopes } from './palette-sources';

export interface PaletteDeps {
  app: AppServices;
  project: ProjectState;
  /** Projects shared with paired servers. */
  sharedProjects: Accessor<readonly string[]>;
  runtime: RuntimeServices | undefined;
  showSidecar(): void;
  /** Called with where focus should go once the palette has closed (when it exists). */
  focusAfter(find: () => HTMLElement | null): void;
}

export const SETTINGS_SECTIONS = [
  { id: 'storage', label: 'Storage' },
  { id: 'models', label: 'Models' },
  { id: 'runtime', label: 'Runtime' },
  { id: 'model-servers', label: 'Model servers' },
  { id: 'permissions', label: 'Permissions' },
  { id: 'policies', label: 'Policies' },
  { id: 'devices', label: 'Devices' },
  { id: 'server', label: 'Server' },
  { id: 'about', label: 'About' },
] as const;

const REASON = 'from the command palette';

/** The corr_id of a conversation's newest episode in memory. */
function latestEpisodeOf(events: readonly StoredEvent[], conversationId: string): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind === 'episode.started' && event.payload['conversation_id'] === conversationId) return event.corr_id;
  }
  return undefined;
}

export function createPaletteModel(deps: PaletteDeps) {
  const { app, project, runtime } = deps;
  const leases = () => app.policy.leases();

  // Plain functions: the palette reads them only while it is open (inside its own memo).
  const sources = (): PaletteSources => {
    const events = app.stream.recentEvents();
    const episodes = app.stream.episodes();
    const seen = episodes.flatMap((episode) => episode.projects);
    const model = app.model;
    return {
      // Archived projects (Hub → Projects) are not offered, unless one is the current project.
      projects: projectChoices(
        [...deps.sharedProjects(), ...app.projects.active().map((p) => p.id), ...seen].filter(
          (id) => !app.projects.get(id)?.archived,
        ),
        project.current(),
      ),
      projectNames: Object.fromEntries(app.projects.all().map((p) => [p.id, p.name])),
      currentProject: project.current(),
      conversations: app.conversations.list().map((c) => ({ id: c.id, title: c.title, agent: c.agent })),
      episodes: episodeEntries(episodes, events),
      recipes: app.recipes.list().map((r) => r.manifest),
      models: model.options().map((option) => {
        const availability = model.device?.availabilityOf(option);
        return {
          id: option.id,
          label: option.label,
          unavailable: availability && !availability.available ? availability.reason : undefined,
        };
      }),
      selectedModel: model.selected(),
      profiles: Object.values(RUNTIME_PROFILE_TABLE),
      currentProfile: runtime?.governor.profile(),
      leases: leases(),
      tools: BUILTIN_TOOLS,
      settings: SETTINGS_SECTIONS,
      missing: {
        runtime: runtime ? undefined : 'the runtime governor is not running here',
      },
    };
  };

  const grantContext = (): GrantContext => recentScopes(app.stream.recentEvents(), leases());

  const focusMain = () => document.getElementById('main');
  const actions: PaletteActions = {
    go(view) {
      app.router.go(view);
      deps.focusAfter(focusMain);
    },
    newConversation() {
      app.stream.select(undefined);
      // Written, then opened (#/chat/<id>); the palette focuses the composer once it is there.
      void app.conversations.create().catch((error: unknown) => app.health.report(error));
      deps.focusAfter(() => document.querySelector<HTMLElement>('textarea[aria-label="Message"]'));
    },
    setProject: (id) => project.set(id),
    openConversation(id) {
      const corrId = latestEpisodeOf(app.stream.recentEvents(), id);
      if (corrId) app.stream.select(corrId);
      app.conversations.open(id);
      deps.focusAfter(focusMain);
    },
    showEpisode(id) {
      app.stream.select(id);
      deps.showSidecar();
    },
    launchRecipe: (id, projectId) => app.recipes.launch(id, projectId),
    attachRecipe: (id, projectId) => app.recipes.attach(id, projectId),
    selectModel: (id) => app.model.select(id),
    setProfile: (name) => runtime?.governor.set(name, `chosen ${REASON}`),
    openSettings(section) {
      app.router.go('settings');
      deps.focusAfter(() => {
        const heading = document.getElementById(`settings-${section}`);
        if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading?.scrollIntoView({ block: 'start' });
        return heading;
      });
    },
    revoke: (leaseId) => app.policy.revoke(leaseId, `revoked ${REASON}`),
    grant: (spec) => app.policy.grant({ ...spec, reason: `granted ${REASON}` }),
    showWelcome() {
      reopenWelcome(app.localStore, window);
      app.router.go('chat');
      // The welcome's heading takes focus (tabindex -1), so a keyboard user lands in it.
      deps.focusAfter(() => document.getElementById('welcome-title') ?? focusMain());
    },
  };

  return { sources, grantContext, actions };
}
