/**
 * Status bar figures derived from the stream (SPEC §5): active episodes, tokens/s
 * (live while tokens stream, else the latest completed episode's), and the latest
 * `runtime.health` per component. Pure functions over read-model views and events.
 */
import type { EventEnvelope } from '../../spec';
import type { EpisodeSummary } from '../../core/read-models';

export function runningCount(episodes: readonly EpisodeSummary[]): number {
  return episodes.reduce((count, episode) => count + (episode.status === 'running' ? 1 : 0), 0);
}

export interface Throughput {
  tokensPerSecond: number;
  /** `live`: measured over chunks still arriving; `last`: from episode.completed. */
  source: 'live' | 'last';
  corrId?: string;
}

/** A live stream counts while its newest chunk is at most this old. */
const LIVE_WINDOW_MS = 3000;

/**
 * Tokens per second: over the newest episode whose chunks are still arriving (within
 * 3 s of `now`), else from the newest `episode.completed` that reported it.
 */
export function throughput(events: readonly EventEnvelope[], now: number): Throughput | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind === 'tokens.out' && event.corr_id && now - Date.parse(event.time) <= LIVE_WINDOW_MS) {
      const chunks = events.filter((e) => e.kind === 'tokens.out' && e.corr_id === event.corr_id);
      const done = events.some(
        (e) => e.corr_id === event.corr_id && e.kind.startsWith('episode.') && e.kind !== 'episode.started',
      );
      const span = (Date.parse(chunks[chunks.length - 1]!.time) - Date.parse(chunks[0]!.time)) / 1000;
      const count = chunks.reduce((sum, e) => sum + (typeof e.payload.count === 'number' ? e.payload.count : 0), 0);
      if (!done && span > 0) return { tokensPerSecond: count / span, source: 'live', corrId: event.corr_id };
      break;
    }
    if (event.kind === 'episode.completed') break;
  }
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    const rate = event.payload.tokens_per_s;
    if (event.kind === 'episode.completed' && typeof rate === 'number')
      return { tokensPerSecond: rate, source: 'last', corrId: event.corr_id };
  }
  return undefined;
}

export interface HealthEntry {
  component: string;
  state: string;
  detail?: string;
  time: string;
}

/** The newest `runtime.health` per component, sorted by component. */
export function runtimeHealth(events: readonly EventEnvelope[]): HealthEntry[] {
  const byComponent = new Map<string, HealthEntry>();
  for (const event of events) {
    if (event.kind !== 'runtime.health') continue;
    const component = typeof event.payload.component === 'string' ? event.payload.component : 'runtime';
    const previous = byComponent.get(component);
    if (previous && previous.time > event.time) continue;
    const detail = typeof event.payload.detail === 'string' ? event.payload.detail : undefined;
    byComponent.set(component, { component, state: String(event.payload.state ?? '?'), detail, time: event.time });
  }
  return [...byComponent.values()].sort((a, b) => a.component.localeCompare(b.component));
}
