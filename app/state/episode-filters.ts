/**
 * Debug view filters over the episodes read-model (reference A.19): status, kind
 * prefix, project, free text, and the global "Details" switch. The filtering and the
 * summary line are pure; `createEpisodeFilters` adds signals persisted in storage.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { EpisodeStatus, EpisodeSummary } from '../../core/read-models';
import type { KeyValueStore } from '../lib/device-actor';

export const STATUS_OPTIONS = ['all', 'running', 'completed', 'canceled', 'error'] as const;
export type StatusFilter = 'all' | EpisodeStatus;

export interface EpisodeFilters {
  status: StatusFilter;
  kindPrefix: string;
  project: string;
  text: string;
  details: boolean;
}

export const DEFAULT_FILTERS: EpisodeFilters = { status: 'all', kindPrefix: '', project: '', text: '', details: false };
export const FILTERS_KEY = 'arw:debug:episode-filters';

/** True when `episode` passes every active filter. */
export function matchesFilters(episode: EpisodeSummary, filters: EpisodeFilters): boolean {
  if (filters.status !== 'all' && episode.status !== filters.status) return false;
  const prefix = filters.kindPrefix.trim();
  if (prefix && !episode.kinds.some((kind) => kind.startsWith(prefix))) return false;
  const project = filters.project.trim();
  if (project && !episode.projects.some((p) => p === project || p.startsWith(project))) return false;
  const text = filters.text.trim().toLowerCase();
  if (text) {
    const haystack = [episode.id, ...episode.kinds, ...episode.actors, episode.last_error?.message ?? '']
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(text)) return false;
  }
  return true;
}

export function filterEpisodes(episodes: readonly EpisodeSummary[], filters: EpisodeFilters): EpisodeSummary[] {
  return episodes.filter((episode) => matchesFilters(episode, filters));
}

/** Human list of the active filters, e.g. `status: error · kind: tool.`. */
export function activeFilters(filters: EpisodeFilters): string[] {
  const out: string[] = [];
  if (filters.status !== 'all') out.push(`status: ${filters.status}`);
  if (filters.kindPrefix.trim()) out.push(`kind: ${filters.kindPrefix.trim()}`);
  if (filters.project.trim()) out.push(`project: ${filters.project.trim()}`);
  if (filters.text.trim()) out.push(`text: "${filters.text.trim()}"`);
  return out;
}

/** The summary line: `3 shown · 1 with errors · filters: status: error`. */
export function summaryLine(shown: readonly EpisodeSummary[], total: number, filters: EpisodeFilters): string {
  const errors = shown.filter((episode) => episode.errors > 0 || episode.status === 'error').length;
  const active = activeFilters(filters);
  const parts = [`${shown.length} shown${shown.length !== total ? ` of ${total}` : ''}`, `${errors} with errors`];
  parts.push(active.length ? `filters: ${active.join(', ')}` : 'no filters');
  return parts.join(' · ');
}

/** Reads stored filters; anything malformed falls back to the defaults field by field. */
export function loadFilters(store: KeyValueStore | undefined): EpisodeFilters {
  try {
    const raw = JSON.parse(store?.getItem(FILTERS_KEY) ?? '{}') as Partial<Record<keyof EpisodeFilters, unknown>>;
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '');
    return {
      status: STATUS_OPTIONS.includes(raw.status as StatusFilter) ? (raw.status as StatusFilter) : 'all',
      kindPrefix: text(raw.kindPrefix),
      project: text(raw.project),
      text: text(raw.text),
      details: raw.details === true,
    };
  } catch {
    return { ...DEFAULT_FILTERS };
  }
}

export function saveFilters(store: KeyValueStore | undefined, filters: EpisodeFilters): void {
  try {
    store?.setItem(FILTERS_KEY, JSON.stringify(filters));
  } catch {
    // quota or privacy mode: filters then last for this session
  }
}

export interface EpisodeFiltersState {
  filters: Accessor<EpisodeFilters>;
  set(patch: Partial<EpisodeFilters>): void;
  reset(): void;
  /** Whether a row is expanded: its own toggle if set, else the global Details switch. */
  isExpanded(id: string): boolean;
  toggle(id: string): void;
  expand(id: string): void;
}

export function createEpisodeFilters(store: KeyValueStore | undefined): EpisodeFiltersState {
  const [filters, setFilters] = createSignal(loadFilters(store));
  const [overrides, setOverrides] = createSignal<ReadonlyMap<string, boolean>>(new Map());
  const update = (next: EpisodeFilters) => {
    setFilters(next);
    saveFilters(store, next);
  };
  const isExpanded = (id: string) => overrides().get(id) ?? filters().details;
  const setOverride = (id: string, value: boolean) => setOverrides((current) => new Map(current).set(id, value));
  return {
    filters,
    set(patch) {
      // The global switch resets per-row choices: "expand all" means all.
      if (patch.details !== undefined) setOverrides(new Map());
      update({ ...filters(), ...patch });
    },
    reset() {
      setOverrides(new Map());
      update({ ...DEFAULT_FILTERS });
    },
    isExpanded,
    toggle: (id) => setOverride(id, !isExpanded(id)),
    expand: (id) => setOverride(id, true),
  };
}
