/**
 * One tool call of an agent (SPEC §7), from the model's arguments to the `tool` message
 * the model reads next: check the tool is the agent's, parse the arguments over the
 * recipe's defaults, ask the decision point when the call needs a permission, run it in
 * the toolbox, and record tool.invoked → tool.ran | tool.error → obs.recorded. Never throws
 * past its caller except when the journal writer rejects.
 */
import { messageOf } from '../errors/thrown';
import { err, type Result } from '../lib/result';
import type { Clock } from '../lib/clock';
import type { Authorization, ModeSetting, PermissionRequest } from '../policy/types';
import type { Toolbox } from '../tools/toolbox';
import { whenAborted } from './abort';
import type { EpisodeScope } from './episode-scope';
import type { AbortLike, ChatMessage } from './model';

/** One tool an agent may call, with the recipe's permission mode and default params. */
export interface AgentTool {
  name: string;
  mode?: ModeSetting;
  params?: Record<string, unknown>;
}

/** The decision point's one question (core/policy/decision-point.ts `authorize`). */
export type Authorize = (request: PermissionRequest, signal?: AbortLike) => Promise<Authorization>;

export interface ToolStepDeps {
  toolbox: Toolbox;
  authorize?: Authorize;
  clock: Clock;
}

/** How a call ended, for the loop; `content` is the JSON the model reads. */
export type ToolStepStatus = 'ran' | 'failed' | 'invalid' | 'denied' | 'stopped';

export interface ToolStepResult {
  status: ToolStepStatus;
  /** The parsed params (when they parsed) and the output (when it ran). */
  params?: unknown;
  output?: unknown;
  /** What went wrong, in plain words (failed, invalid, denied, stopped). */
  error?: string;
  content: string;
}

export interface ToolCallRequest {
  name: string;
  /** The arguments as the model sent them (JSON text) or as a workflow filled them (an object). */
  args: unknown;
  /** The id recorded as `call_id` on the tool events. */
  callId: string;
  /** The model's own id for the call, recorded beside it. */
  modelCallId?: string;
}

export interface ToolStepContext {
  scope: EpisodeScope;
  /** Who asks: `recipe:<id>` or `agent:<id>`. */
  subject: string;
  /** The tools this agent may call, by name. */
  tools: ReadonlyMap<string, AgentTool>;
  signal?: AbortLike;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The model's arguments as an object, with the recipe's defaults under them. */
export function argumentsWithDefaults(
  toolbox: Toolbox,
  name: string,
  args: unknown,
  defaults?: Record<string, unknown>,
): Result<unknown, string> {
  let value = args;
  if (typeof args === 'string') {
    if (args.trim() === '') value = {};
    else {
      try {
        value = JSON.parse(args);
      } catch {
        // The toolbox words the JSON error the same way for every caller.
        return toolbox.parse(name, args);
      }
    }
  }
  if (value === undefined || value === null) value = {};
  if (!isRecord(value))
    return err(`arguments: must be a JSON object, got ${Array.isArray(value) ? 'a list' : typeof value}`);
  return toolbox.parse(name, defaults ? { ...defaults, ...value } : value);
}

/** Runs one call (see the module comment); events go out through `context.scope`. */
export async function runToolStep(
  deps: ToolStepDeps,
  context: ToolStepContext,
  call: ToolCallRequest,
): Promise<ToolStepResult> {
  const { scope, signal } = context;
  const { name, callId } = call;
  const ids = { tool: name, call_id: callId, ...(call.modelCallId ? { model_call_id: call.modelCallId } : {}) };
  const invalid = async (error: string): Promise<ToolStepResult> => {
    await scope.send(
      scope.make(
        'tool.error',
        { ...ids, message: error, duration_ms: 0 },
        { severity: 'error', code: 'tool-call-invalid' },
      ),
    );
    return { status: 'invalid', error, content: JSON.stringify({ error }) };
  };

  const tool = context.tools.get(name);
  if (tool === undefined)
    return invalid(
      `${name} is not one of this agent's tools; it may call ${[...context.tools.keys()].join(', ') || 'none'}`,
    );
  const parsed = argumentsWithDefaults(deps.toolbox, name, call.args, tool.params);
  if (!parsed.ok) return invalid(`bad arguments for ${name}: ${parsed.error}`);
  const params = parsed.value;

  // The params are parsed already: ask the definition, not toolbox.needs, which would parse them again.
  const definition = deps.toolbox.definition(name);
  const need = definition ? definition.needs(params) : deps.toolbox.needs(name, params);
  if (need) {
    const verdict = await authorizeCall(
      deps.authorize,
      {
        ...need,
        subject: context.subject,
        tool: name,
        ...(tool.mode === undefined ? {} : { mode: tool.mode }),
        corrId: scope.corrId,
        ...(scope.projectId === undefined ? {} : { projectId: scope.projectId }),
      },
      signal,
    );
    if (signal?.aborted)
      return { status: 'stopped', params, error: `stopped while ${name} waited for permission`, content: '' };
    // The decision point already recorded policy.decision; a denial is an answer, not a tool failure.
    if (!verdict.allowed)
      return {
        status: 'denied',
        params,
        error: verdict.reason,
        content: JSON.stringify({ denied: true, reason: verdict.reason }),
      };
  }
  if (signal?.aborted) return { status: 'stopped', params, error: `stopped before ${name} ran`, content: '' };

  await scope.send(scope.make('tool.invoked', { ...ids, input: params }));
  const started = deps.clock.now();
  const toolContext = {
    corrId: scope.corrId,
    ...(scope.projectId === undefined ? {} : { projectId: scope.projectId }),
    ...(signal ? { signal } : {}),
  };
  // Parsed above: callParsed runs them without parsing again (it re-parses anything parse did not return).
  const running = deps.toolbox.callParsed(name, params, toolContext);
  // Without a signal nothing can stop the call, so there is nothing to race it against.
  const outcome = signal
    ? await Promise.race([running, whenAborted(signal).then(() => ({ stopped: true as const }))])
    : await running;
  // A stop is the person's, not the tool's failure: the episode ends canceled, naming the tool.
  if ('stopped' in outcome || signal?.aborted)
    return { status: 'stopped', params, error: `stopped while ${name} was running`, content: '' };
  const duration = deps.clock.now() - started;
  const { result, truncated, json } = outcome;
  if (result.ok) {
    await scope.send(
      scope.make('tool.ran', {
        ...ids,
        output: result.value,
        duration_ms: duration,
        ...(truncated ? { truncated } : {}),
      }),
      scope.make('obs.recorded', {
        source: 'tool',
        data: { tool: name, call_id: callId, ok: true, output: result.value },
      }),
    );
    // The toolbox serialized the bounded output once; the model reads that text.
    const content = json ?? JSON.stringify(result.value ?? null);
    return { status: 'ran', params, output: result.value, content };
  }
  const message = result.error || `${name} failed`;
  await scope.send(
    scope.make('tool.error', { ...ids, message, duration_ms: duration }, { severity: 'error', code: 'tool-failed' }),
    scope.make('obs.recorded', { source: 'tool', data: { tool: name, call_id: callId, ok: false, error: message } }),
  );
  return { status: 'failed', params, error: message, content: JSON.stringify({ error: message }) };
}

/** Fail closed: no decision point, or one that throws, is a deny with the reason. */
async function authorizeCall(
  authorize: Authorize | undefined,
  request: PermissionRequest,
  signal: AbortLike | undefined,
): Promise<Authorization> {
  if (authorize === undefined)
    return { allowed: false, reason: `no decision point is set up to allow ${request.capability}`, by: 'policy' };
  try {
    return await authorize(request, signal);
  } catch (error) {
    return { allowed: false, reason: `the decision failed: ${messageOf(error)}`, by: 'policy' };
  }
}

/** The tool message that answers a model's call. */
export const toolMessage = (toolCallId: string, result: ToolStepResult): ChatMessage => ({
  role: 'tool',
  tool_call_id: toolCallId,
  content: result.content,
});

/** Agent tools by name; a later entry with the same name replaces an earlier one. */
export function agentToolMap(tools: readonly AgentTool[] | undefined): Map<string, AgentTool> {
  return new Map((tools ?? []).map((tool) => [tool.name, tool]));
}
