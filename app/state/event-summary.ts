/**
 * One human line per event, for the sidecar timeline, the Debug details and the
 * truth window. Pure; reads payloads defensively (old or foreign events may lack
 * fields) and never throws.
 */
import type { EventEnvelope } from '../../spec';

export type Tone = 'info' | 'ok' | 'warn' | 'error';

/** The four stages of an episode, in order (SPEC E3). */
export const STAGE_OF: Readonly<Record<string, string>> = {
  'obs.recorded': 'observation',
  'beliefs.updated': 'belief',
  'intents.proposed': 'intent',
  'actions.taken': 'action',
};

export interface EventSummary {
  title: string;
  detail?: string;
  tone: Tone;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Short text for any value: strings as is, the rest as compact JSON, cut at `max`. */
export function preview(value: unknown, max = 160): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function scopeText(p: Record<string, unknown>): string {
  const scope = str(p.scope);
  return `${str(p.capability) ?? '?'}${scope ? ` on ${scope}` : ''}`;
}

/** Without names known, a device reads "a device", never its raw id. */
const anyDevice = (actor: string) => (actor.startsWith('device:') ? 'a device' : actor);

/**
 * Summarizes one event; unknown kinds fall back to a payload preview. `who` names the
 * device or agent that decided (device-names.ts `labelOf` in the views).
 */
export function summarizeEvent(event: EventEnvelope, who: (actor: string) => string = anyDevice): EventSummary {
  const p = event.payload;
  const errorTone: Tone = event.severity === 'error' ? 'error' : event.severity === 'warn' ? 'warn' : 'info';
  switch (event.kind) {
    case 'episode.started':
      return {
        title: `Episode started · ${str(p.agent) ?? 'agent'}`,
        detail: str(p.input) && preview(p.input),
        tone: 'info',
      };
    case 'episode.completed': {
      const parts = [`in ${formatMs(num(p.duration_ms))}`];
      if (num(p.tokens_out) !== undefined) parts.push(`${p.tokens_out} tokens`);
      if (num(p.tokens_per_s) !== undefined) parts.push(`${num(p.tokens_per_s)!.toFixed(1)} tok/s`);
      return { title: `Completed ${parts.join(' · ')}`, tone: 'ok' };
    }
    case 'episode.canceled':
      return { title: 'Canceled', detail: str(p.reason), tone: 'warn' };
    case 'episode.error':
      return { title: `Failed${str(p.error_code) ? ` (${p.error_code})` : ''}`, detail: str(p.message), tone: 'error' };
    case 'obs.recorded':
      return { title: `Observed · ${str(p.source) ?? 'input'}`, detail: preview(p.text ?? p.data ?? ''), tone: 'info' };
    case 'beliefs.updated': {
      const beliefs = Array.isArray(p.beliefs) ? (p.beliefs as Array<Record<string, unknown>>) : [];
      const claims = beliefs
        .map((b) => str(b.claim))
        .filter(Boolean)
        .join('; ');
      return { title: `Beliefs updated · ${beliefs.length}`, detail: preview(claims), tone: 'info' };
    }
    case 'intents.proposed':
      return {
        title: `Intent · ${str(p.intent) ?? '?'}`,
        detail: str(p.rationale) && preview(p.rationale),
        tone: 'info',
      };
    case 'actions.taken':
      return {
        title: `Action · ${str(p.action) ?? '?'} ${p.ok === false ? 'failed' : 'done'}`,
        detail: p.output === undefined ? undefined : preview(p.output),
        tone: p.ok === false ? 'error' : 'ok',
      };
    case 'tokens.in':
      return { title: `Prompt · ${num(p.count) ?? 0} tokens`, tone: 'info' };
    case 'tokens.out':
      return { title: `Tokens · ${num(p.count) ?? 0}`, detail: str(p.text), tone: 'info' };
    case 'tool.invoked':
      return {
        title: `Tool ${str(p.tool) ?? '?'} invoked`,
        detail: p.input === undefined ? undefined : preview(p.input),
        tone: 'info',
      };
    case 'tool.ran':
      return {
        title: `Tool ${str(p.tool) ?? '?'} ran in ${formatMs(num(p.duration_ms))}`,
        detail: p.output === undefined ? undefined : preview(p.output),
        tone: 'ok',
      };
    case 'tool.error':
      return {
        title: `Tool ${str(p.tool) ?? '?'} failed${num(p.duration_ms) !== undefined ? ` after ${formatMs(num(p.duration_ms))}` : ''}`,
        detail: str(p.message),
        tone: 'error',
      };
    case 'policy.prompt':
      return {
        title: `Permission asked · ${scopeText(p)}`,
        detail: [str(p.subject), str(p.reason)].filter(Boolean).join(' — '),
        tone: 'warn',
      };
    case 'policy.allow':
      return {
        title: `Allowed · ${scopeText(p)}`,
        detail: `by ${who(str(p.decided_by) ?? '?')}${num(p.ttl_secs) ? ` for ${p.ttl_secs} s` : ''}`,
        tone: 'ok',
      };
    case 'policy.deny':
      return { title: `Denied · ${scopeText(p)}`, detail: `by ${who(str(p.decided_by) ?? '?')}`, tone: 'error' };
    case 'policy.decision':
      return {
        title: `Policy ${p.decision === 'allow' ? 'allowed' : 'denied'} · ${scopeText(p)}`,
        detail: [str(p.subject), str(p.reason)].filter(Boolean).join(' — '),
        tone: p.decision === 'allow' ? 'ok' : 'error',
      };
    case 'runtime.health':
      return {
        title: `${str(p.component) ?? 'runtime'} · ${str(p.state) ?? '?'}`,
        detail: str(p.detail),
        tone: p.state === 'ok' ? 'ok' : p.state === 'down' ? 'error' : 'warn',
      };
    default:
      return { title: event.status ?? event.kind, detail: preview(p), tone: errorTone };
  }
}
