/**
 * How lists name an episode for people: by the message that began it and the model
 * that answered (“what time is it” · probe), with counts that say what they count
 * ("12 events, 3 tool calls, 1 error"). Pure; ids stay in titles and data attributes.
 */
import type { EpisodeSummary } from '../../core/read-models';
import { shortId } from '../lib/format';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The quoted first message, else what ran (a recipe, an agent), else the episode's short id. */
export function episodeTitle(episode: Pick<EpisodeSummary, 'id' | 'input' | 'recipe_id' | 'agent'>): string {
  if (episode.input) return `“${episode.input}”`;
  if (episode.recipe_id) return `recipe ${episode.recipe_id}`;
  if (episode.agent) return `${episode.agent} (no message)`;
  return `episode ${shortId(episode.id, 8)}`;
}

/** The model as people know it: `openai:tiny` → "tiny", the probe and on-device ids as they are. */
export function modelName(model: string | undefined): string | undefined {
  if (!model) return undefined;
  const colon = model.indexOf(':');
  return colon > 0 && colon < model.length - 1 ? model.slice(colon + 1) : model;
}

/** “what time is it” · probe */
export function episodeLabel(episode: Pick<EpisodeSummary, 'id' | 'input' | 'recipe_id' | 'agent' | 'model'>): string {
  const model = modelName(episode.model);
  return model ? `${episodeTitle(episode)} · ${model}` : episodeTitle(episode);
}

/** "12 events, 3 tool calls, 1 error": every number with its noun; zero tool calls and errors are left out. */
export function episodeCounts(episode: Pick<EpisodeSummary, 'count' | 'tool_calls' | 'errors'>): string {
  return [
    plural(episode.count, 'event'),
    episode.tool_calls > 0 ? plural(episode.tool_calls, 'tool call') : undefined,
    episode.errors > 0 ? plural(episode.errors, 'error') : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
}

/** "observations 2, beliefs 1, intents 1, actions 1": the stage counts with their names. */
export function stageCounts(stages: EpisodeSummary['stages']): string {
  return `observations ${stages.obs}, beliefs ${stages.beliefs}, intents ${stages.intents}, actions ${stages.actions}`;
}
