/**
 * The scale bench's journal: deterministic, realistic events (4 projects, a few
 * conversations each, then chat episodes of 10 events: started → user observation →
 * beliefs → intent → tool invoked/ran → 2 token chunks → action → completed).
 *
 * `generateEvents` is self-contained on purpose (no imports, no outer names): the
 * browser seeding sends its source text to the page, so the page and Node build the
 * very same rows from the same index, and Node validates a sample against spec/.
 */

export interface GenerateConfig {
  /** Epoch ms of event 0; event i happens at t0 + i * stepMs. */
  t0: number;
  stepMs: number;
  /** The actor of every event (`device:<ulid>` like the app's). */
  actor: string;
  /** 6 Crockford characters that make this run's ids unique. */
  runTag: string;
}

export const PROJECTS = ['p1', 'p2', 'p3', 'p4'] as const;
export const CONVERSATIONS_PER_PROJECT = 4;
/** projects.created ×4 and conversation.created ×16 before the first episode. */
export const HEADER_EVENTS = PROJECTS.length * (1 + CONVERSATIONS_PER_PROJECT);
export const EVENTS_PER_EPISODE = 10;

/** Events `from` … `from + count - 1` of the bench journal (plain envelopes, no seq). */
export function generateEvents(config: GenerateConfig, from: number, count: number): Record<string, unknown>[] {
  const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const projects = ['p1', 'p2', 'p3', 'p4'];
  const perProject = 4;
  const header = projects.length * (1 + perProject);
  const base32 = (value: number, width: number): string => {
    let out = '';
    let rest = value;
    for (let i = 0; i < width; i++) {
      out = ALPHABET[rest % 32]! + out;
      rest = Math.floor(rest / 32);
    }
    return out;
  };
  // A ULID: 10 characters of time, then the run tag and a 10-character serial (unique per run).
  const ulid = (ms: number, space: number, serial: number) =>
    base32(ms, 10) + config.runTag + base32(space, 1) + base32(serial, 9);
  const conversationId = (project: number, n: number) => ulid(config.t0, 1, project * perProject + n);
  const words = [
    'the',
    'journal',
    'keeps',
    'every',
    'fact',
    'agent',
    'reply',
    'project',
    'notes',
    'summary',
    'weather',
    'meeting',
    'draft',
    'search',
    'result',
    'because',
    'today',
    'later',
    'sync',
    'device',
  ];
  // Deterministic per index: mulberry32 seeded with it.
  const textOf = (seed: number, length: number) => {
    let state = seed >>> 0;
    const parts: string[] = [];
    for (let i = 0; i < length; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      parts.push(words[((t ^ (t >>> 14)) >>> 0) % words.length]!);
    }
    return parts.join(' ');
  };
  const events: Record<string, unknown>[] = [];
  for (let index = from; index < from + count; index++) {
    const ms = config.t0 + index * config.stepMs;
    const envelope = (kind: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      id: ulid(ms, 0, index),
      time: new Date(ms).toISOString(),
      kind,
      v: 1,
      actor: config.actor,
      ...extra,
      payload,
    });
    if (index < header) {
      const project = index % projects.length;
      const n = Math.floor(index / projects.length) - 1;
      events.push(
        n < 0
          ? envelope('projects.created', { name: `Project ${project + 1}` }, { project_id: projects[project] })
          : envelope(
              'conversation.created',
              { conversation_id: conversationId(project, n), title: `Chat ${n + 1}`, agent: 'agent:chat' },
              { project_id: projects[project] },
            ),
      );
      continue;
    }
    const episode = Math.floor((index - header) / 10);
    const step = (index - header) % 10;
    const project = episode % projects.length;
    const corr = ulid(config.t0 + (index - step) * config.stepMs, 2, episode);
    const context = { corr_id: corr, project_id: projects[project] };
    const callId = `call-${episode}`;
    const question = textOf(episode, 12 + (episode % 20));
    const answer = textOf(episode * 7 + 3, 30 + (episode % 40));
    const half = answer.length >> 1;
    switch (step) {
      case 0:
        events.push(
          envelope(
            'episode.started',
            {
              agent: 'agent:chat',
              input: question,
              model: 'probe',
              conversation_id: conversationId(project, Math.floor(episode / projects.length) % perProject),
            },
            context,
          ),
        );
        break;
      case 1:
        events.push(envelope('obs.recorded', { source: 'user', text: question }, context));
        break;
      case 2:
        events.push(
          envelope(
            'beliefs.updated',
            {
              beliefs: [
                { claim: `user asked: ${question}`, confidence: 1 },
                { claim: 'the tool search can answer this', confidence: 0.9 },
              ],
            },
            context,
          ),
        );
        break;
      case 3:
        events.push(
          envelope(
            'intents.proposed',
            { intent: 'use-tool', rationale: 'the input asks for search', params: { tool: 'search', input: question } },
            context,
          ),
        );
        break;
      case 4:
        events.push(envelope('tool.invoked', { tool: 'search', call_id: callId, input: { q: question } }, context));
        break;
      case 5:
        events.push(
          envelope(
            'tool.ran',
            {
              tool: 'search',
              call_id: callId,
              output: { hits: episode % 7, top: textOf(episode + 11, 8) },
              duration_ms: 42,
            },
            context,
          ),
        );
        break;
      case 6:
        events.push(envelope('tokens.out', { seq: 0, count: 16, text: answer.slice(0, half), ttft_ms: 180 }, context));
        break;
      case 7:
        events.push(envelope('tokens.out', { seq: 1, count: 16, text: answer.slice(half), final: true }, context));
        break;
      case 8:
        events.push(envelope('actions.taken', { action: 'reply', ok: true, output: { text: answer } }, context));
        break;
      default:
        events.push(
          envelope(
            'episode.completed',
            { duration_ms: 9 * config.stepMs, tokens_out: 32, ttft_ms: 180, tokens_per_s: 40 },
            context,
          ),
        );
    }
  }
  return events;
}
