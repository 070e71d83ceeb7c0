/**
 * Which model a launched recipe gets, and why in words Chat shows: the manifest's
 * preferred model (an id or a pattern like `openai:*`), else its fallback, else the
 * device's default (what the person picked in Chat). Only models listed here and able to
 * run on this device count; the probe is built in and always can.
 */
import type { RecipeManifest } from '../../spec/recipe';
import { PROBE_ID } from '../../core/inference/model-ids';

export interface ModelCandidate {
  id: string;
  available: boolean;
  /** Why it cannot run here, when it cannot. */
  reason?: string;
}

export interface ModelChoice {
  /** The model to select; undefined keeps what Chat has. */
  id: string | undefined;
  reason: string;
}

/** `*` matches any run of characters; everything else is literal. */
export function modelPatternMatches(pattern: string, id: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(id);
}

type Found = { id: string } | { missing: string };

function find(pattern: string, candidates: readonly ModelCandidate[]): Found {
  const matching = candidates.filter((c) => modelPatternMatches(pattern, c.id));
  const usable = matching.find((c) => c.available);
  if (usable) return { id: usable.id };
  if (pattern === PROBE_ID) return { id: PROBE_ID };
  const blocked = matching.find((c) => c.reason);
  if (blocked?.reason) return { missing: `cannot run here (${blocked.reason})` };
  return { missing: 'is not available here' };
}

const named = (pattern: string, id: string) => (pattern === id ? id : `${pattern} → ${id}`);

/** Preferred, then fallback, then the device default, with the reason for the choice. */
export function chooseModel(
  manifest: Pick<RecipeManifest, 'model'>,
  candidates: readonly ModelCandidate[],
  deviceDefault: string | undefined,
): ModelChoice {
  const fallbackDefault = (why: string): ModelChoice => ({
    id: deviceDefault,
    reason: `${why}; using the device default${deviceDefault ? ` ${deviceDefault}` : ''}`,
  });
  const model = manifest.model;
  if (!model) return fallbackDefault('the recipe names no model');
  const preferred = find(model.preferred, candidates);
  if ('id' in preferred) return { id: preferred.id, reason: `preferred model ${named(model.preferred, preferred.id)}` };
  const missing = `preferred model ${model.preferred} ${preferred.missing}`;
  if (!model.fallback) return fallbackDefault(`${missing} and the recipe names no fallback`);
  const fallback = find(model.fallback, candidates);
  if ('id' in fallback)
    return { id: fallback.id, reason: `${missing}; using fallback ${named(model.fallback, fallback.id)}` };
  return fallbackDefault(`${missing}, nor is fallback ${model.fallback}`);
}

/** The model status parts the launcher reads (app/state/model-status.ts). */
export interface ModelStatusLike {
  options(): readonly { id: string; needs?: object }[];
  refreshOptions(): Promise<void>;
  selected(): string;
  select(id: string): Promise<void>;
  device?:
    { availabilityOf(option: { id: string; needs?: object }): { available: boolean; reason: string } } | undefined;
}

/** Chooses among the models the status lists and selects the choice (its load runs on). */
export function modelPickerFor(
  status: ModelStatusLike,
): (manifest: Pick<RecipeManifest, 'model'>) => Promise<ModelChoice> {
  return async (manifest) => {
    if (status.options().length === 0) await status.refreshOptions();
    const candidates = status.options().map((option): ModelCandidate => {
      const availability = status.device?.availabilityOf(option) ?? { available: true, reason: '' };
      return {
        id: option.id,
        available: availability.available,
        ...(availability.reason ? { reason: availability.reason } : {}),
      };
    });
    const choice = chooseModel(manifest, candidates, status.selected());
    if (choice.id !== undefined && choice.id !== status.selected()) void status.select(choice.id);
    return choice;
  };
}
