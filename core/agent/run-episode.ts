/**
 * The agent loop: one input → one episode of journal events sharing a `corr_id`
 * (SPEC E3, E4): started → observation → beliefs → intent → (tool) → tokens → action →
 * completed | canceled | error. Everything it needs is injected (model, clock, ids,
 * tools, planner, emit), so a run is deterministic; it never writes the journal itself.
 * A tool-calling model with agent tools runs the tool loop (tool-loop.ts) instead.
 */
import { clip, MAX_TEXT, modelFailure, openEpisode, wordCount } from './episode-scope';
import {
  firstMessages,
  startedPayload,
  type EpisodeDeps,
  type EpisodeInput,
  type EpisodeOutcome,
} from './episode-input';
import type { AbortLike, GenerateResult } from './model';
import type { ToolMessageBody } from './probe-reply';
import { createTokenBatcher } from './token-batcher';
import { modelCallsTools, runToolLoop } from './tool-loop';
import type { ToolCall } from './tools';

export type { EpisodeDeps, EpisodeInput, EpisodeOutcome, EpisodeOutcomeStatus } from './episode-input';

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

/**
 * Runs one episode; resolves with how it ended. Rejects only when `emit` does. A model
 * that calls tools (see `modelCallsTools`), given `agentTools` and a `toolbox`, runs the
 * tool loop; the probe plans with `plan`; any other model only replies.
 */
export async function runEpisode(deps: EpisodeDeps, input: EpisodeInput, signal?: AbortLike): Promise<EpisodeOutcome> {
  const { clock } = deps;
  const scope = openEpisode(deps, { corrId: input.corrId, projectId: input.projectId });
  const { corrId, make, send } = scope;
  const toolbox = deps.toolbox;
  if (toolbox && (input.agentTools?.length ?? 0) > 0 && modelCallsTools(deps.modelId))
    return runToolLoop({ ...deps, toolbox }, input, scope, signal);

  const canceled = async (reply: string): Promise<EpisodeOutcome> => {
    await scope.cancel('stopped before the reply was finished');
    return { corrId, reply, status: 'canceled' };
  };

  const call = deps.plan(input.text);
  await send(
    make('episode.started', startedPayload(deps, input)),
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

  const messages = firstMessages(input);
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
    const failure = modelFailure(error);
    if (signal?.aborted || failure.aborted) return canceled(batcher.text);
    await scope.fail(failure.message, failure.code);
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
      duration_ms: scope.elapsed(),
      tokens_out: batcher.count,
      ...(ttft === undefined ? {} : { ttft_ms: ttft }),
      tokens_per_s: generationMs > 0 ? (batcher.count * 1000) / generationMs : 0,
    }),
  );
  return { corrId, reply: batcher.text, status: 'completed' };
}
