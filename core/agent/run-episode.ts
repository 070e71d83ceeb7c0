/**
 * The agent loop: one input → one episode of journal events sharing a `corr_id`
 * (SPEC E3, E4): started → observation → beliefs → intent → (tool) → tokens → action →
 * completed | canceled | error. Everything it needs is injected (model, clock, ids,
 * tools, planner, emit), so a run is deterministic; it never writes the journal itself.
 */
import type { EventEnvelope } from '../../spec';
import { isAppError } from '../errors';
import type { EventContext, MakeEvent } from '../journal';
import type { Clock } from '../lib/clock';
import type { AbortLike, ChatMessage, GenerateResult, ModelAdapter } from './model';
import type { ToolMessageBody } from './probe-reply';
import { createTokenBatcher, type TokenBatchOptions } from './token-batcher';
import type { ToolCall, ToolRegistry } from './tools';

export interface EpisodeDeps {
  model: ModelAdapter;
  /** Builds envelopes; its actor is the one who runs the loop. */
  make: MakeEvent;
  /** Hands events to the journal writer, in order; a rejection ends the run with it. */
  emit(events: EventEnvelope[]): Promise<void>;
  clock: Clock;
  newId: () => string;
  tools: ToolRegistry;
  plan: (text: string) => ToolCall | null;
  /** Id of the loaded model, recorded on `episode.started`. */
  modelId?: string;
  batching?: TokenBatchOptions;
}

export interface EpisodeInput {
  text: string;
  /** The agent this input is for, recorded on `episode.started`. */
  agent: string;
  history?: readonly ChatMessage[];
  projectId?: string;
  /** Defaults to a fresh `newId()`. */
  corrId?: string;
  maxTokens?: number;
  temperature?: number;
  /** Every token as it streams, for live rendering. */
  onToken?: (token: string) => void;
}

export type EpisodeOutcomeStatus = 'completed' | 'canceled' | 'error';

export interface EpisodeOutcome {
  corrId: string;
  /** The reply as far as it was streamed. */
  reply: string;
  /** How the run ended; the episodes read-model also calls a run with a failed tool `error` (SPEC E4). */
  status: EpisodeOutcomeStatus;
}

const MAX_TEXT = 100_000;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const wordCount = (text: string) => text.split(/\s+/).filter((word) => word.length > 0).length;

function beliefsAbout(input: EpisodeInput, call: ToolCall | null) {
  const beliefs = [{ claim: `user asked: ${clip(input.text, 500) || '(nothing)'}`, confidence: 1 }];
  const earlier = input.history?.length ?? 0;
  if (earlier > 0) beliefs.push({ claim: `the conversation has ${earlier} earlier messages`, confidence: 1 });
  beliefs.push(
    call
      ? { claim: `the tool ${call.tool} can answer this`, confidence: 0.9 }
      : { claim: 'a direct reply will do', confidence: 0.8 },
  );
  return beliefs;
}

/** Runs one episode; resolves with how it ended. Rejects only when `emit` does. */
export async function runEpisode(deps: EpisodeDeps, input: EpisodeInput, signal?: AbortLike): Promise<EpisodeOutcome> {
  const { clock } = deps;
  const started = clock.now();
  const corrId = input.corrId ?? deps.newId();
  const context: EventContext = { corr_id: corrId, project_id: input.projectId };
  const make: MakeEvent = (kind, payload, extra = {}) => deps.make(kind, payload, { ...context, ...extra });
  // Emits run one after another in call order, also when called from the token callback.
  let emitted: Promise<void> = Promise.resolve();
  const send = (...events: EventEnvelope[]) => {
    emitted = emitted.then(() => deps.emit(events));
    // A failed emit surfaces at the next awaited send; this only keeps it from being reported as unhandled meanwhile.
    emitted.catch(() => undefined);
    return emitted;
  };
  const canceled = async (reply: string): Promise<EpisodeOutcome> => {
    await send(
      make('episode.canceled', { reason: 'stopped before the reply was finished', duration_ms: clock.now() - started }),
    );
    return { corrId, reply, status: 'canceled' };
  };

  const call = deps.plan(input.text);
  await send(
    make('episode.started', {
      agent: input.agent,
      input: clip(input.text, MAX_TEXT),
      ...(deps.modelId ? { model: deps.modelId } : {}),
    }),
    make('obs.recorded', { source: 'user', text: clip(input.text, MAX_TEXT) }),
    make('beliefs.updated', { beliefs: beliefsAbout(input, call) }),
    call
      ? make('intents.proposed', {
          intent: 'use-tool',
          rationale: `the input asks for ${call.tool}`,
          params: { tool: call.tool, input: call.input },
        })
      : make('intents.proposed', {
          intent: 'reply',
          rationale: 'no tool is needed',
          params: { history: input.history?.length ?? 0 },
        }),
  );

  const messages: ChatMessage[] = [...(input.history ?? []), { role: 'user', content: input.text }];
  if (call) {
    if (signal?.aborted) return canceled('');
    const callId = deps.newId();
    await send(make('tool.invoked', { tool: call.tool, call_id: callId, input: call.input }));
    const toolStarted = clock.now();
    const result = await deps.tools.run(call.tool, call.input);
    const duration = clock.now() - toolStarted;
    const body: ToolMessageBody = result.ok
      ? { tool: call.tool, ok: true, output: result.value }
      : { tool: call.tool, ok: false, error: result.error };
    await send(
      result.ok
        ? make('tool.ran', { tool: call.tool, call_id: callId, output: result.value, duration_ms: duration })
        : make(
            'tool.error',
            { tool: call.tool, call_id: callId, message: result.error || 'tool failed', duration_ms: duration },
            { severity: 'error', code: 'tool-failed' },
          ),
      make('obs.recorded', { source: 'tool', data: body }),
    );
    messages.push({ role: 'tool', content: JSON.stringify(body) });
  }
  if (signal?.aborted) return canceled('');

  const prompt = messages.map((message) => `${message.role}: ${message.content}`).join('\n');
  await send(
    make('tokens.in', {
      count: messages.reduce((sum, message) => sum + wordCount(message.content), 0),
      text: clip(prompt, MAX_TEXT),
    }),
  );

  const generationStarted = clock.now();
  const batcher = createTokenBatcher(
    clock,
    generationStarted,
    (chunk) => void send(make('tokens.out', chunk)),
    deps.batching,
  );
  const params = { maxTokens: input.maxTokens, temperature: input.temperature, signal };
  let finish: GenerateResult['finish'];
  try {
    const result = await deps.model.generate(messages, params, (token) => {
      batcher.push(token);
      input.onToken?.(token);
    });
    finish = signal?.aborted ? 'aborted' : result.finish;
  } catch (error) {
    if (batcher.count > 0) batcher.finish();
    if (signal?.aborted || (isAppError(error) && error.code === 'model-aborted')) return canceled(batcher.text);
    const code = isAppError(error) ? error.code : 'model-failed';
    const message = (error instanceof Error && error.message) || 'the model failed';
    await send(
      make(
        'episode.error',
        { message, error_code: code, duration_ms: clock.now() - started },
        { severity: 'error', code },
      ),
    );
    return { corrId, reply: batcher.text, status: 'error' };
  }

  if (finish === 'aborted') {
    if (batcher.count > 0) batcher.finish();
    return canceled(batcher.text);
  }
  const generationMs = clock.now() - generationStarted;
  batcher.finish();
  const ttft = batcher.ttftMs;
  await send(
    make('actions.taken', { action: 'reply', ok: true, output: { text: batcher.text } }),
    make('episode.completed', {
      duration_ms: clock.now() - started,
      tokens_out: batcher.count,
      ...(ttft === undefined ? {} : { ttft_ms: ttft }),
      tokens_per_s: generationMs > 0 ? (batcher.count * 1000) / generationMs : 0,
    }),
  );
  return { corrId, reply: batcher.text, status: 'completed' };
}
