/**
 * The tool loop (SPEC §7): a tool-calling model gets the agent's tools, and every call
 * it asks for runs through the decision point and the toolbox (tool-step.ts); the
 * results go back as `tool` messages and the model goes on, until it answers in text or
 * the step limit (model turns) stops it. Parallel calls run at once, each call's events
 * in order. Text streams as `tokens.out` across all turns of the one episode.
 */
import { backendKindOf } from '../inference/model-ids';
import type { Toolbox } from '../tools/toolbox';
import {
  firstMessages,
  startedPayload,
  type EpisodeDeps,
  type EpisodeInput,
  type EpisodeOutcome,
} from './episode-input';
import { clip, MAX_TEXT, modelFailure, type EpisodeScope } from './episode-scope';
import type { AbortLike, ChatMessage, GenerateResult, ModelToolCall } from './model';
import { createPromptTally } from './prompt-tally';
import { createTokenBatcher } from './token-batcher';
import { agentToolMap, runToolStep, toolMessage } from './tool-step';

export const DEFAULT_STEP_LIMIT = 8;
export const MAX_STEP_LIMIT = 32;

/** Only server models speak the tools protocol; the probe plans its own calls, the tiny model gets none. */
export function modelCallsTools(modelId: string | undefined): boolean {
  return modelId !== undefined && backendKindOf(modelId) === 'openai-http';
}

/** The step limit to use: `value` within 1..32, the default 8 when unset. */
export function stepLimitOf(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_STEP_LIMIT;
  return Math.min(MAX_STEP_LIMIT, Math.max(1, Math.floor(value)));
}

const STOPPED = 'stopped before the reply was finished';

function limitNote(limit: number, unrun: readonly ModelToolCall[]): string {
  const names = [...new Set(unrun.map((call) => call.name))].join(', ');
  return (
    `Stopped at the step limit of ${limit} model turn${limit === 1 ? '' : 's'}: the model still asked for ` +
    `${unrun.length} tool call${unrun.length === 1 ? '' : 's'} (${names}), which did not run.`
  );
}

/** Runs the episode as a tool loop (the caller checked the model calls tools and there are tools). */
export async function runToolLoop(
  deps: EpisodeDeps & { toolbox: Toolbox },
  input: EpisodeInput,
  scope: EpisodeScope,
  signal?: AbortLike,
): Promise<EpisodeOutcome> {
  const { clock, toolbox } = deps;
  const { make } = scope;
  const tools = agentToolMap(input.agentTools);
  const names = [...tools.keys()];
  const specs = toolbox.specs(names);
  const stepLimit = stepLimitOf(input.stepLimit);
  const subject = input.subject ?? `agent:${input.agent}`;
  const earlier = input.history?.length ?? 0;
  await scope.send(
    make('episode.started', startedPayload(deps, input, { step_limit: stepLimit })),
    make('obs.recorded', { source: 'user', text: clip(input.text, MAX_TEXT) }),
    make('beliefs.updated', {
      beliefs: [
        { claim: `user asked: ${clip(input.text, 500) || '(nothing)'}`, confidence: 1 },
        ...(earlier > 0 ? [{ claim: `the conversation has ${earlier} earlier messages`, confidence: 1 }] : []),
        { claim: `the model may call ${names.join(', ')}`, confidence: 1 },
      ],
    }),
    make('intents.proposed', {
      intent: 'reply',
      rationale: 'the model answers, calling its tools first when it needs them',
      params: { tools: names, step_limit: stepLimit, history: earlier },
    }),
  );

  const messages = firstMessages(input);
  const prompt = createPromptTally();
  const append = (...added: ChatMessage[]) => {
    messages.push(...added);
    prompt.add(added);
  };
  prompt.add(messages);
  const batcher = createTokenBatcher(
    clock,
    clock.now(),
    (chunk) => void scope.send(make('tokens.out', chunk)),
    deps.batching,
  );
  const onToken = (token: string) => {
    batcher.push(token);
    input.onToken?.(token);
  };
  let modelMs = 0;
  let steps = 0;
  const canceled = async (reason: string): Promise<EpisodeOutcome> => {
    if (batcher.count > 0) batcher.finish();
    await scope.cancel(reason);
    return { corrId: scope.corrId, reply: batcher.text, status: 'canceled', steps };
  };
  const completed = async (unrun?: readonly ModelToolCall[]): Promise<EpisodeOutcome> => {
    batcher.finish();
    const note = unrun ? limitNote(stepLimit, unrun) : undefined;
    const ttft = batcher.ttftMs;
    await scope.send(
      make('actions.taken', {
        action: 'reply',
        ok: true,
        output: { text: batcher.text, ...(note ? { stopped: 'step-limit' } : {}) },
      }),
      make(
        'episode.completed',
        {
          duration_ms: scope.elapsed(),
          tokens_out: batcher.count,
          ...(ttft === undefined ? {} : { ttft_ms: ttft }),
          tokens_per_s: modelMs > 0 ? (batcher.count * 1000) / modelMs : 0,
          steps,
          ...(note ? { stopped: 'step-limit', note } : {}),
        },
        note ? { code: 'step-limit', status: `stopped at the step limit (${stepLimit} model turns)` } : {},
      ),
    );
    const outcome: EpisodeOutcome = { corrId: scope.corrId, reply: batcher.text, status: 'completed', steps };
    return note ? { ...outcome, stoppedBy: 'step-limit', note } : outcome;
  };

  for (;;) {
    if (signal?.aborted) return canceled(STOPPED);
    steps += 1;
    await scope.send(make('tokens.in', { count: prompt.count, text: prompt.text }));
    const turnStarted = clock.now();
    let result: GenerateResult;
    try {
      const params = { maxTokens: input.maxTokens, temperature: input.temperature, signal, tools: specs };
      result = await deps.model.generate(messages, params, onToken);
    } catch (error) {
      const failure = modelFailure(error);
      if (signal?.aborted || failure.aborted) return canceled(STOPPED);
      if (batcher.count > 0) batcher.finish();
      await scope.fail(failure.message, failure.code);
      return { corrId: scope.corrId, reply: batcher.text, status: 'error', steps };
    }
    modelMs += clock.now() - turnStarted;
    if (signal?.aborted || result.finish === 'aborted') return canceled(STOPPED);
    const calls = result.toolCalls ?? [];
    if (calls.length === 0) return completed();
    // This turn's text goes out before the tool events it led to.
    batcher.flush();
    if (steps >= stepLimit) return completed(calls);

    append({ role: 'assistant', content: result.text, tool_calls: calls });
    const callIds = calls.map(() => deps.newId());
    await scope.send(
      ...calls.map((call, i) =>
        make('intents.proposed', {
          intent: 'use-tool',
          rationale: `the model asked for ${call.name}`,
          params: { tool: call.name, call_id: callIds[i], arguments: clip(call.arguments, 10_000) },
        }),
      ),
    );
    const context = { scope, subject, tools, ...(signal ? { signal } : {}) };
    const results = await Promise.all(
      calls.map((call, i) =>
        runToolStep(deps, context, {
          name: call.name,
          args: call.arguments,
          callId: callIds[i]!,
          modelCallId: call.id,
        }),
      ),
    );
    const stopped = results.find((step) => step.status === 'stopped');
    if (stopped || signal?.aborted) return canceled(stopped?.error ?? STOPPED);
    append(...calls.map((call, i) => toolMessage(call.id, results[i]!)));
  }
}
