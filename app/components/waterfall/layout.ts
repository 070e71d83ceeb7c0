/**
 * Waterfall layout: turns one episode's events into timed bars (episode, each stage,
 * each tool call, the token stream) plus axis ticks, all in ms from the episode's
 * first event. Pure; the SVG component only scales these numbers to pixels.
 */
import type { EventEnvelope } from '../../../spec';
import { compareEvents } from '../../../core/read-models/order';
import type { Tone } from '../../state/event-summary';

export type BarLane = 'episode' | 'stage' | 'tool' | 'tokens';

export interface WaterfallBar {
  key: string;
  label: string;
  lane: BarLane;
  /** ms from the origin. */
  start: number;
  end: number;
  tone: Tone;
  /** Still running: the end is the last known time, not a finish. */
  open: boolean;
}

export interface WaterfallLayout {
  /** Epoch ms of the first event. */
  origin: number;
  /** Axis length in ms (at least 1). */
  total: number;
  bars: WaterfallBar[];
  ticks: number[];
}

const STAGES: ReadonlyArray<[kind: string, label: string]> = [
  ['obs.recorded', 'observe'],
  ['beliefs.updated', 'believe'],
  ['intents.proposed', 'intend'],
  ['actions.taken', 'act'],
];
const TERMINAL = new Set(['episode.completed', 'episode.canceled', 'episode.error']);

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` ticks over `total` ms. */
export function tickStep(total: number, target = 5): number {
  const raw = Math.max(total, 1) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw);
  return Math.max(1, step ?? 10 * power);
}

/**
 * Stage bars run from the previous stage's event (or the episode start) to their own
 * event: the bar is the time it took to produce that stage. Tool bars pair
 * `tool.invoked` with `tool.ran`/`tool.error` by `call_id`; the token bar runs from
 * `tokens.in` (or the first chunk) to the last chunk. `now` closes open bars.
 */
export function layoutWaterfall(events: readonly EventEnvelope[], now?: number): WaterfallLayout {
  const sorted = [...events].sort(compareEvents);
  if (sorted.length === 0) return { origin: 0, total: 1, bars: [], ticks: [0] };
  const at = (event: EventEnvelope) => Date.parse(event.time);
  const origin = at(sorted[0]!);
  const terminal = sorted.find((event) => TERMINAL.has(event.kind));
  const lastSeen = at(sorted[sorted.length - 1]!);
  const end = terminal ? at(terminal) : Math.max(lastSeen, now ?? lastSeen);
  const rel = (ms: number) => ms - origin;
  const bars: WaterfallBar[] = [];

  const episodeTone: Tone = !terminal
    ? 'info'
    : terminal.kind === 'episode.completed'
      ? 'ok'
      : terminal.kind === 'episode.error'
        ? 'error'
        : 'warn';
  bars.push({
    key: 'episode',
    label: terminal ? terminal.kind.replace('episode.', 'episode ') : 'episode (running)',
    lane: 'episode',
    start: 0,
    end: rel(end),
    tone: episodeTone,
    open: !terminal,
  });

  let previous = origin;
  for (const event of sorted) {
    const stage = STAGES.find(([kind]) => kind === event.kind);
    if (!stage) continue;
    const t = at(event);
    const failed = event.kind === 'actions.taken' && event.payload.ok === false;
    const source =
      event.kind === 'obs.recorded' && typeof event.payload.source === 'string' ? ` · ${event.payload.source}` : '';
    bars.push({
      key: event.id,
      label: stage[1] + source,
      lane: 'stage',
      start: rel(previous),
      end: rel(t),
      tone: failed ? 'error' : 'info',
      open: false,
    });
    previous = t;
  }

  const calls = new Map<string, WaterfallBar>();
  for (const event of sorted) {
    const callId = typeof event.payload.call_id === 'string' ? event.payload.call_id : undefined;
    if (!callId) continue;
    const tool = typeof event.payload.tool === 'string' ? event.payload.tool : 'tool';
    if (event.kind === 'tool.invoked') {
      const bar: WaterfallBar = {
        key: `tool:${callId}`,
        label: tool,
        lane: 'tool',
        start: rel(at(event)),
        end: rel(end),
        tone: 'info',
        open: true,
      };
      calls.set(callId, bar);
      bars.push(bar);
    } else if (event.kind === 'tool.ran' || event.kind === 'tool.error') {
      const bar = calls.get(callId);
      const finish = rel(at(event));
      const tone: Tone = event.kind === 'tool.error' ? 'error' : 'ok';
      if (bar) Object.assign(bar, { end: finish, tone, open: false });
      else {
        // Only the result was seen: place the call by its reported duration.
        const duration = typeof event.payload.duration_ms === 'number' ? event.payload.duration_ms : 0;
        bars.push({
          key: `tool:${callId}`,
          label: tool,
          lane: 'tool',
          start: Math.max(0, finish - duration),
          end: finish,
          tone,
          open: false,
        });
      }
    }
  }

  const chunks = sorted.filter((event) => event.kind === 'tokens.out');
  if (chunks.length > 0) {
    const prompt = sorted.find((event) => event.kind === 'tokens.in');
    const count = chunks.reduce(
      (sum, event) => sum + (typeof event.payload.count === 'number' ? event.payload.count : 0),
      0,
    );
    const done = chunks.some((event) => event.payload.final === true) || terminal !== undefined;
    const start = prompt ? at(prompt) : at(chunks[0]!);
    bars.push({
      key: 'tokens',
      label: `tokens ×${count}`,
      lane: 'tokens',
      start: rel(start),
      end: rel(done ? at(chunks[chunks.length - 1]!) : end),
      tone: 'info',
      open: !done,
    });
  }

  const total = Math.max(1, rel(end), ...bars.map((bar) => bar.end));
  const step = tickStep(total);
  const ticks: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) ticks.push(t);
  return { origin, total, bars, ticks };
}
