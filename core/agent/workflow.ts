/**
 * A recipe's workflow run as a fixed pipeline (SPEC §4, §7): no model decides anything.
 * Each step fills its params from the launch input and earlier steps' results, then runs
 * its tool through the decision point and the toolbox (tool-step.ts), or its prompt on
 * the model when there is one. One episode; a failed or denied step ends it in error,
 * naming the step.
 */
import { fillTemplate, fillText } from '../recipes/template';
import type { EventEnvelope } from '../../spec';
import type { MakeEvent } from '../journal';
import type { Clock } from '../lib/clock';
import type { ModeSetting } from '../policy/types';
import type { Toolbox } from '../tools/toolbox';
import { clip, MAX_TEXT, modelFailure, openEpisode, wordCount, type EpisodeScope } from './episode-scope';
import type { AbortLike, ChatMessage, ModelAdapter } from './model';
import { createTokenBatcher, type TokenBatcher, type TokenBatchOptions } from './token-batcher';
import { agentToolMap, runToolStep, type Authorize } from './tool-step';

/** One step of a recipe's `workflow`: exactly one of `tool` or `prompt`. */
export interface WorkflowStep {
  id: string;
  label?: string;
  tool?: string;
  prompt?: string;
  params?: Record<string, unknown>;
}

/** The part of a recipe manifest a workflow needs (a `RecipeManifest` fits). */
export interface WorkflowRecipe {
  id: string;
  workflow?: readonly WorkflowStep[];
  tools?: readonly { id: string; mode?: ModeSetting; params?: Record<string, unknown> }[];
  prompts?: { system?: string };
  /** Who asks the decision point; defaults to `recipe:<id>`. */
  subject?: string;
}

export interface WorkflowDeps {
  make: MakeEvent;
  emit(events: EventEnvelope[]): Promise<void>;
  clock: Clock;
  newId: () => string;
  toolbox: Toolbox;
  authorize?: Authorize;
  /** Runs `prompt` steps; without it they fail with "this step needs a model". */
  model?: ModelAdapter;
  modelId?: string;
  batching?: TokenBatchOptions;
}

export interface WorkflowInput {
  /** What the recipe was launched with: `{{input}}` (text, or a form's values). */
  input: unknown;
  /** Recorded on `episode.started`; defaults to `recipe:<id>`. */
  agent?: string;
  projectId?: string;
  corrId?: string;
  conversationId?: string;
  maxTokens?: number;
  temperature?: number;
  onToken?: (token: string) => void;
}

export interface WorkflowOutcome {
  corrId: string;
  status: 'completed' | 'canceled' | 'error';
  /** Each finished step's result, by step id. */
  steps: Record<string, unknown>;
  /** The last finished step's result. */
  output?: unknown;
  /** The step that failed or was denied, and why. */
  failedStep?: string;
  error?: string;
}

type StepEnd = { ok: true; value: unknown } | { ok: false; stop: 'error' | 'canceled'; message: string; code: string };

const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** Runs `recipe.workflow` once; resolves with how it ended. Rejects only when `emit` does. */
export async function runWorkflow(
  deps: WorkflowDeps,
  recipe: WorkflowRecipe,
  input: WorkflowInput,
  signal?: AbortLike,
): Promise<WorkflowOutcome> {
  const scope = openEpisode(deps, { corrId: input.corrId, projectId: input.projectId });
  const { make } = scope;
  const steps = recipe.workflow ?? [];
  const launched = clip(asText(input.input ?? ''), MAX_TEXT);
  await scope.send(
    make('episode.started', {
      agent: input.agent ?? `recipe:${recipe.id}`,
      input: launched,
      recipe_id: recipe.id,
      ...(deps.modelId && deps.model ? { model: deps.modelId } : {}),
      ...(input.conversationId ? { conversation_id: input.conversationId } : {}),
      workflow: steps.map((step) => step.id),
    }),
    make('obs.recorded', { source: 'user', text: launched }),
  );
  const results: Record<string, unknown> = {};
  const outcome = (status: WorkflowOutcome['status'], extra: Partial<WorkflowOutcome> = {}): WorkflowOutcome => ({
    corrId: scope.corrId,
    status,
    steps: results,
    ...extra,
  });
  if (steps.length === 0) {
    await scope.fail(`recipe ${recipe.id} has no workflow steps to run`, 'invalid-request');
    return outcome('error', { error: 'no workflow steps' });
  }

  const batcher = createTokenBatcher(
    deps.clock,
    deps.clock.now(),
    (chunk) => void scope.send(make('tokens.out', chunk)),
    deps.batching,
  );
  const run: StepRunner = {
    deps,
    scope,
    tools: agentToolMap(recipe.tools?.map((tool) => ({ name: tool.id, mode: tool.mode, params: tool.params }))),
    subject: recipe.subject ?? `recipe:${recipe.id}`,
    system: recipe.prompts?.system,
    input,
    batcher,
    signal,
  };
  let last: unknown;
  for (const step of steps) {
    if (signal?.aborted) return ended(scope, batcher, outcome, step.id, 'canceled', 'stopped before the step ran');
    const end = await runStep(run, step, results);
    if (!end.ok) return ended(scope, batcher, outcome, step.id, end.stop, end.message, end.code);
    results[step.id] = end.value;
    last = end.value;
  }
  if (batcher.count > 0) batcher.finish();
  await scope.send(
    make('actions.taken', { action: 'workflow', ok: true, output: { steps: steps.map((s) => s.id), result: last } }),
    make('episode.completed', {
      duration_ms: scope.elapsed(),
      steps: steps.length,
      ...(batcher.count > 0 ? { tokens_out: batcher.count } : {}),
    }),
  );
  return outcome('completed', { output: last });
}

async function ended(
  scope: EpisodeScope,
  batcher: TokenBatcher,
  outcome: (status: WorkflowOutcome['status'], extra?: Partial<WorkflowOutcome>) => WorkflowOutcome,
  step: string,
  stop: 'error' | 'canceled',
  message: string,
  code = 'workflow-step-failed',
): Promise<WorkflowOutcome> {
  if (batcher.count > 0) batcher.finish();
  if (stop === 'canceled') await scope.cancel(message);
  else await scope.fail(message, code, { step });
  return outcome(stop, { failedStep: step, error: message });
}

interface StepRunner {
  deps: WorkflowDeps;
  scope: EpisodeScope;
  tools: ReturnType<typeof agentToolMap>;
  subject: string;
  system?: string;
  input: WorkflowInput;
  batcher: TokenBatcher;
  signal?: AbortLike;
}

async function runStep(run: StepRunner, step: WorkflowStep, results: Record<string, unknown>): Promise<StepEnd> {
  const { scope, deps } = run;
  const template = { input: run.input.input, steps: results };
  const named = `step ${step.id}${step.tool ? ` (${step.tool})` : ''}`;
  const failed = (message: string, code = 'workflow-step-failed'): StepEnd => ({
    ok: false,
    stop: 'error',
    message: `${named}: ${message}`,
    code,
  });
  if (step.tool === undefined) return runPrompt(run, step, template, failed);

  const filled = fillTemplate(step.params ?? {}, template);
  if (!filled.ok) return failed(filled.error);
  await scope.send(
    scope.make('intents.proposed', {
      intent: 'use-tool',
      rationale: step.label ?? `workflow step ${step.id}`,
      params: { step: step.id, tool: step.tool, input: filled.value },
    }),
  );
  const callId = deps.newId();
  const context = { scope, subject: run.subject, tools: run.tools, ...(run.signal ? { signal: run.signal } : {}) };
  const result = await runToolStep(deps, context, { name: step.tool, args: filled.value, callId });
  switch (result.status) {
    case 'ran':
      return { ok: true, value: result.output };
    case 'denied':
      return failed(`was denied: ${result.error}`, 'workflow-step-denied');
    case 'stopped':
      return { ok: false, stop: 'canceled', message: result.error ?? `stopped at ${named}`, code: 'model-aborted' };
    default:
      return failed(result.error ?? 'failed');
  }
}

async function runPrompt(
  run: StepRunner,
  step: WorkflowStep,
  template: { input: unknown; steps: Record<string, unknown> },
  failed: (message: string, code?: string) => StepEnd,
): Promise<StepEnd> {
  const { scope, deps, batcher } = run;
  const model = deps.model;
  if (model === undefined) return failed('this step needs a model', 'workflow-needs-model');
  const prompt = fillText(step.prompt ?? '', template);
  if (!prompt.ok) return failed(prompt.error);
  const messages: ChatMessage[] = [
    ...(run.system ? [{ role: 'system' as const, content: run.system }] : []),
    { role: 'user', content: prompt.value },
  ];
  await scope.send(
    scope.make('intents.proposed', {
      intent: 'prompt',
      rationale: step.label ?? `workflow step ${step.id}`,
      params: { step: step.id },
    }),
    scope.make('tokens.in', {
      count: messages.reduce((sum, m) => sum + wordCount(m.content), 0),
      text: clip(messages.map((m) => `${m.role}: ${m.content}`).join('\n'), MAX_TEXT),
    }),
  );
  const before = batcher.text.length;
  try {
    const params = { maxTokens: run.input.maxTokens, temperature: run.input.temperature, signal: run.signal };
    const result = await model.generate(messages, params, (token) => {
      batcher.push(token);
      run.input.onToken?.(token);
    });
    if (run.signal?.aborted || result.finish === 'aborted')
      return { ok: false, stop: 'canceled', message: `stopped during step ${step.id}`, code: 'model-aborted' };
  } catch (error) {
    const failure = modelFailure(error);
    if (run.signal?.aborted || failure.aborted)
      return { ok: false, stop: 'canceled', message: `stopped during step ${step.id}`, code: 'model-aborted' };
    return failed(failure.message, failure.code);
  }
  batcher.flush();
  const text = batcher.text.slice(before);
  await scope.send(
    scope.make('obs.recorded', { source: 'model', text: clip(text, MAX_TEXT), data: { step: step.id } }),
  );
  return { ok: true, value: text };
}
