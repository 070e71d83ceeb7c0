/**
 * What the status bar may claim about a model on a server (`openai:`): its last
 * `runtime.health` "ok" says it loaded, not that it answers now. While the browser is
 * offline it is "offline"; after an episode failed to reach it (and none reached it
 * since) it is "unreachable". On-device models are unaffected. Pure over events.
 */
import { OPENAI_ID_PREFIX } from '../../core/inference/model-ids';
import type { EventEnvelope } from '../../spec';
import type { HealthEntry } from './status';

/** Episode failure codes that mean the server did not answer (it answering with an error is another matter). */
const UNREACHABLE_CODES = new Set(['model-server-unreachable']);
const SERVER_COMPONENT = `inference:${OPENAI_ID_PREFIX}`;

export const OFFLINE_DETAIL = 'the browser is offline: a model on a server cannot answer until the network is back';

/** The newest episode outcome per server model: reached it (completed) or could not (when, and why). */
export type ServerOutcome = { reached: true; time: string } | { reached: false; time: string; detail: string };

/** Per `openai:` model id, how its newest finished episode in `events` went. */
export function serverOutcomes(events: readonly EventEnvelope[]): Map<string, ServerOutcome> {
  const modelOf = new Map<string, string>();
  const outcomes = new Map<string, ServerOutcome>();
  for (const event of events) {
    if (!event.corr_id) continue;
    if (event.kind === 'episode.started') {
      const model = event.payload['model'];
      if (typeof model === 'string' && model.startsWith(OPENAI_ID_PREFIX)) modelOf.set(event.corr_id, model);
      continue;
    }
    const model = modelOf.get(event.corr_id);
    if (!model || (event.kind !== 'episode.completed' && event.kind !== 'episode.error')) continue;
    const previous = outcomes.get(model);
    if (previous && previous.time > event.time) continue;
    if (event.kind === 'episode.completed') outcomes.set(model, { reached: true, time: event.time });
    else if (event.code && UNREACHABLE_CODES.has(event.code)) {
      const message = event.payload['message'];
      outcomes.set(model, {
        reached: false,
        time: event.time,
        detail: typeof message === 'string' ? message : event.code,
      });
    }
  }
  return outcomes;
}

/** True for the health component of a model on a server (`inference:openai:<model>`). */
export function isServerModelComponent(component: string): boolean {
  return component.startsWith(SERVER_COMPONENT);
}

/** `entries` as they are true now: server models offline while the browser is, unreachable after a failed episode. */
export function truthfulHealth(
  entries: readonly HealthEntry[],
  facts: { online: boolean; outcomes: ReadonlyMap<string, ServerOutcome> },
): HealthEntry[] {
  return entries.map((entry) => {
    if (!isServerModelComponent(entry.component)) return entry;
    if (!facts.online) return { ...entry, state: 'offline', detail: OFFLINE_DETAIL };
    const outcome = facts.outcomes.get(entry.component.slice('inference:'.length));
    if (outcome && !outcome.reached && outcome.time >= entry.time)
      return { ...entry, state: 'unreachable', detail: `the last episode could not reach it: ${outcome.detail}` };
    return entry;
  });
}

/** The status bar's agent words before any health report: a server model is not "ready" while offline. */
export function agentLine(
  phase: 'loading' | 'ready' | 'failed',
  info: { id: string; label: string; demo?: boolean } | undefined,
  online: boolean,
): string {
  if (phase === 'loading') return 'agent loading…';
  if (phase === 'failed') return 'agent failed to load';
  const name = info?.demo ? 'probe agent' : (info?.label ?? 'model');
  return info?.id.startsWith(OPENAI_ID_PREFIX) && !online ? `${name} offline` : `${name} ready`;
}
