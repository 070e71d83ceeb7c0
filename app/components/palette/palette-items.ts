/**
 * What the command palette lists: one item per project, conversation, episode, recipe,
 * model, runtime profile, settings section and command, built from plain data and the
 * actions to run, and ranked with fuzzysort (recent first on an empty query and on ties).
 * Pure apart from the actions it is handed; the component only renders and dispatches.
 */
import fuzzysort from 'fuzzysort';
import { ROUTES, type RouteId } from '../../lib/routes';
import { formatTtl, type GrantParse, type GrantSpec } from './grant-parser';

export type PaletteGroup =
  | 'Command'
  | 'View'
  | 'Project'
  | 'Conversation'
  | 'Episode'
  | 'Recipe'
  | 'Model'
  | 'Runtime'
  | 'Settings'
  | 'Tool'
  | 'Permission';

export interface PaletteItem {
  /** Stable across rebuilds: the option key and what recents remember. */
  id: string;
  label: string;
  group: PaletteGroup;
  detail?: string;
  /** More words it is found by. */
  keywords?: string;
  /** Why it cannot run now; shown, and the option is disabled. */
  disabled?: string;
  /** Tab puts this text in the input; Enter does too when there is nothing to run. */
  fill?: string;
  /** Listed when nothing is typed. */
  home?: boolean;
  run?: () => unknown;
}

export interface PaletteSources {
  projects: readonly string[];
  /** Names people gave projects (Hub → Projects), by id; an id without one is listed as itself. */
  projectNames?: Readonly<Record<string, string>>;
  currentProject: string | undefined;
  conversations: readonly { id: string; title: string; agent?: string }[];
  episodes: readonly { id: string; label: string; detail: string }[];
  recipes: readonly { id: string; name: string; description?: string }[];
  models: readonly { id: string; label: string; unavailable?: string }[];
  selectedModel: string | undefined;
  profiles: readonly { name: string; label: string; summary: string }[];
  currentProfile: string | undefined;
  leases: readonly { id: string; capability: string; scope?: string; time_left_ms: number }[];
  tools: readonly { name: string; description: string; capability: string | null }[];
  settings: readonly { id: string; label: string }[];
  /** Why a service's actions cannot run here (not wired yet, no runtime), by service. */
  missing: Partial<Record<'policy' | 'recipes' | 'runtime', string>>;
}

export interface PaletteActions {
  go(view: RouteId): void;
  newConversation(): void;
  setProject(id: string | undefined): void;
  openConversation(id: string): void;
  showEpisode(id: string): void;
  launchRecipe(recipeId: string, projectId: string | undefined): unknown;
  attachRecipe(recipeId: string, projectId: string): unknown;
  selectModel(id: string): unknown;
  setProfile(name: string): unknown;
  openSettings(section: string): void;
  revoke(leaseId: string): unknown;
  grant(spec: GrantSpec): unknown;
  /** Opens the first-run welcome again in Chat (absent: no such command). */
  showWelcome?(): void;
}

/** Attach items are recipe × project pairs; past this many only the first are listed. */
const MAX_PAIRS = 200;

/** "12 min left", "40 s left". */
export function timeLeft(ms: number): string {
  const secs = Math.max(0, Math.ceil(ms / 1000));
  return secs < 60 ? `${secs} s left` : `${formatTtl(Math.ceil(secs / 60) * 60)} left`;
}

export function buildItems(s: PaletteSources, a: PaletteActions): PaletteItem[] {
  const items: PaletteItem[] = [
    {
      id: 'cmd:new-conversation',
      label: 'New conversation',
      group: 'Command',
      keywords: 'chat message start',
      home: true,
      run: () => a.newConversation(),
    },
    ...ROUTES.map((route) => ({
      id: `view:${route.id}`,
      label: `Open ${route.label}`,
      group: 'View' as const,
      keywords: `go view ${route.id}`,
      home: true,
      run: () => a.go(route.id),
    })),
    {
      id: 'cmd:grant',
      label: 'Grant a permission for a time…',
      group: 'Command',
      keywords: 'grant lease allow net http fs project',
      detail: 'e.g. grant net:http example.com 15m',
      home: true,
      fill: 'grant ',
      disabled: s.missing.policy,
    },
  ];
  if (a.showWelcome)
    items.push({
      id: 'cmd:welcome',
      label: 'Show the welcome',
      group: 'Command',
      keywords: 'first run start model server ollama lm studio llama help',
      detail: 'what the app is, and the ways to a model',
      run: () => a.showWelcome?.(),
    });
  const project = s.currentProject;
  for (const id of s.projects)
    items.push({
      id: `project:${id}`,
      label: s.projectNames?.[id] ?? id,
      group: 'Project',
      keywords: 'project switch',
      detail: id === project ? 'current project' : 'switch to this project',
      run: () => a.setProject(id),
    });
  if (project !== undefined)
    items.push({
      id: 'project:',
      label: 'Personal — stays on this device',
      group: 'Project',
      keywords: 'project none switch',
      run: () => a.setProject(undefined),
    });
  for (const c of s.conversations)
    items.push({
      id: `conversation:${c.id}`,
      label: `Open conversation: ${c.title}`,
      group: 'Conversation',
      detail: c.agent,
      run: () => a.openConversation(c.id),
    });
  for (const e of s.episodes)
    items.push({
      id: `episode:${e.id}`,
      label: e.label,
      group: 'Episode',
      detail: e.detail,
      run: () => a.showEpisode(e.id),
    });
  for (const r of s.recipes) {
    items.push({
      id: `recipe-run:${r.id}`,
      label: `Run ${r.name} ${project ? `on ${project}` : 'on Personal'}`,
      group: 'Recipe',
      keywords: `recipe launch agent ${r.id}`,
      detail: r.description,
      disabled: s.missing.recipes,
      run: () => a.launchRecipe(r.id, project),
    });
  }
  const pairs = s.recipes.flatMap((r) => s.projects.map((p) => [r, p] as const)).slice(0, MAX_PAIRS);
  for (const [r, p] of pairs)
    items.push({
      id: `attach:${r.id}:${p}`,
      label: `Attach ${r.name} to ${p}`,
      group: 'Recipe',
      keywords: `attach agent project ${r.id}`,
      disabled: s.missing.recipes,
      run: () => a.attachRecipe(r.id, p),
    });
  for (const m of s.models)
    items.push({
      id: `model:${m.id}`,
      label: `Use model ${m.label}`,
      group: 'Model',
      keywords: `switch model ${m.id}`,
      detail: m.id === s.selectedModel ? 'selected' : undefined,
      disabled: m.unavailable,
      run: () => a.selectModel(m.id),
    });
  for (const p of s.profiles)
    items.push({
      id: `profile:${p.name}`,
      label: `Runtime profile: ${p.label}`,
      group: 'Runtime',
      keywords: `switch runtime profile governor ${p.name}`,
      detail: p.name === s.currentProfile ? `current — ${p.summary}` : p.summary,
      disabled: s.missing.runtime,
      run: () => a.setProfile(p.name),
    });
  for (const tool of s.tools)
    if (tool.capability)
      items.push({
        id: `tool:${tool.name}`,
        label: `Tool ${tool.name}`,
        group: 'Tool',
        keywords: `tool permission ${tool.capability}`,
        detail: `needs ${tool.capability}; Enter starts a grant for it — ${tool.description}`,
        fill: `grant ${tool.capability} `,
        disabled: s.missing.policy,
      });
  for (const section of s.settings)
    items.push({
      id: `settings:${section.id}`,
      label: `Settings → ${section.label}`,
      group: 'Settings',
      keywords: 'settings section',
      run: () => a.openSettings(section.id),
    });
  for (const lease of s.leases) {
    const scope = lease.scope ?? '(any scope)';
    items.push({
      id: `revoke:${lease.id}`,
      label: `Revoke ${lease.capability} ${scope}`,
      group: 'Permission',
      keywords: 'revoke lease permission',
      detail: timeLeft(lease.time_left_ms),
      disabled: s.missing.policy,
      run: () => a.revoke(lease.id),
    });
  }
  return items;
}

/** The grant grammar's options as palette items: steps fill the input, the last step grants. */
export function grantItems(parse: GrantParse, a: Pick<PaletteActions, 'grant'>, missing?: string): PaletteItem[] {
  return parse.options.map((option) => {
    const spec = option.grant;
    return {
      id: `grant:${option.completion}`,
      label: option.label,
      group: 'Permission',
      detail: option.detail,
      fill: option.completion,
      disabled: spec ? missing : undefined,
      run: spec ? () => a.grant(spec) : undefined,
    };
  });
}

/** Below this fuzzysort score (0..1) an item does not match at all. */
export const MATCH_THRESHOLD = 0.3;

/**
 * The items to show for `query`: with nothing typed, the recent ones then the home
 * ones; otherwise fuzzy matches best first, ties broken by recency, then list order.
 */
export function rankItems(
  items: readonly PaletteItem[],
  query: string,
  recent: readonly string[],
  limit = 50,
): PaletteItem[] {
  const recency = new Map(recent.map((id, index) => [id, index]));
  const q = query.trim();
  if (q === '') {
    const byId = new Map(items.map((item) => [item.id, item]));
    const first = recent.flatMap((id) => byId.get(id) ?? []);
    return [...first, ...items.filter((item) => item.home && !recency.has(item.id))].slice(0, limit);
  }
  const order = new Map(items.map((item, index) => [item, index]));
  const late = recent.length;
  return fuzzysort
    .go(q, items, { keys: ['label', 'keywords'], threshold: MATCH_THRESHOLD, limit: 0 })
    .map((result) => ({ item: result.obj, score: result.score }))
    .sort(
      (x, y) =>
        y.score - x.score ||
        (recency.get(x.item.id) ?? late) - (recency.get(y.item.id) ?? late) ||
        order.get(x.item)! - order.get(y.item)!,
    )
    .slice(0, limit)
    .map((entry) => entry.item);
}
