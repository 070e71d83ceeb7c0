/**
 * The agent-loop overhead bench (issue 11): one tool-calling episode (the model asks for
 * math.eval, reads the result, answers) through runEpisode with a decision point and an
 * in-memory emit, against the same two chat completions and the same tool called
 * directly, on the scripted local OpenAI server; rounds interleaved. `tokenDelayMs` is the
 * server's wait after each streamed chunk, standing for model time (0: a model that answers instantly).
 */
import { createUlidFactory } from '../../core/lib/ulid';
import type { ChatMessage } from '../../core/agent/model';
import { runEpisode, type EpisodeDeps } from '../../core/agent/run-episode';
import { createBuiltinTools } from '../../core/agent/tools';
import { createEventFactory } from '../../core/journal';
import { createDecisionPoint } from '../../core/policy/decision-point';
import { createPolicyState } from '../../core/policy/leases';
import { MATH_EVAL } from '../../core/tools/builtin';
import { mathEval } from '../../core/tools/core-tools';
import { createToolbox, toolEntry } from '../../core/tools/toolbox';
import type { EventEnvelope } from '../../spec';
import { createOpenAiBackend } from '../../workers/inference/openai-backend';
import { startOpenAiServer } from '../support/openai-server';

export interface AgentBenchResult {
  rounds: number;
  /** Per-round milliseconds, in round order. */
  direct: number[];
  episode: number[];
  /** Events one episode emitted. */
  eventsPerEpisode: number;
  /** SSE chunks the server streams per episode (both completions), each followed by the token delay. */
  chunksPerEpisode: number;
  reply: string;
}

const QUESTION = 'What is (2+3)*4?';

/** The data events of one streamed reply, [DONE] left out. */
async function chunksOf(url: string, messages: ChatMessage[]): Promise<number> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'tiny', stream: true, messages }),
  });
  const text = await response.text();
  return (text.match(/^data: /gm) ?? []).length - (text.match(/^data: \[DONE\]/gm) ?? []).length;
}

/** Runs `rounds` interleaved pairs after `warmup` unmeasured ones. */
export async function runAgentBench(options: {
  rounds: number;
  warmup: number;
  tokenDelayMs: number;
}): Promise<AgentBenchResult> {
  const server = await startOpenAiServer({
    models: ['tiny'],
    tokenDelayMs: options.tokenDelayMs,
    // Asks for math.eval until it has a tool result, then answers with it.
    respond: (body) => {
      const messages = body['messages'] as { role: string; content: string }[];
      const last = messages.at(-1)!;
      if (last.role !== 'tool') return { toolCalls: [{ name: 'math.eval', arguments: { expression: '(2+3)*4' } }] };
      const value = (JSON.parse(last.content) as { value?: number }).value;
      return { text: `The result is ${value}.` };
    },
  });
  const clock = { now: () => Date.now() };
  const backend = createOpenAiBackend({ fetch: (url, init) => fetch(url, init), clock });
  backend.configure([{ baseUrl: server.url, model: 'tiny' }]);
  const model = backend.create();
  await model.load({ id: 'openai:tiny' });

  const toolbox = createToolbox([toolEntry(MATH_EVAL, mathEval)]);
  const specs = toolbox.specs(['math.eval']);
  const newId = createUlidFactory(clock.now, (n) => crypto.getRandomValues(new Uint8Array(n)));
  const make = createEventFactory({ actor: 'bench-device', clock, newId });
  let journal: EventEnvelope[] = [];
  const emit = async (events: EventEnvelope[]) => void journal.push(...events);
  const decisions = createDecisionPoint({
    make,
    emit,
    clock,
    newId,
    state: createPolicyState,
    ask: () => Promise.reject(new Error('the bench never prompts')),
    by: 'bench-device',
  });
  const deps: EpisodeDeps = {
    model,
    make,
    emit,
    clock,
    newId,
    tools: createBuiltinTools(clock),
    plan: () => null,
    modelId: 'openai:tiny',
    toolbox,
    authorize: decisions.authorize,
  };
  const input = {
    text: QUESTION,
    agent: 'bench',
    projectId: 'bench',
    agentTools: [{ name: 'math.eval', mode: 'allow' as const }],
  };

  let reply = '';
  let eventsPerEpisode = 0;
  const viaEpisode = async () => {
    journal = [];
    const outcome = await runEpisode(deps, input);
    if (outcome.status !== 'completed') throw new Error(`the episode ended ${outcome.status}`);
    reply = outcome.reply;
    eventsPerEpisode = journal.length;
  };
  const direct = async () => {
    const messages: ChatMessage[] = [{ role: 'user', content: QUESTION }];
    const first = await model.generate(messages, { tools: specs }, () => undefined);
    const call = first.toolCalls?.[0];
    if (!call) throw new Error('the scripted server did not ask for a tool');
    const output = await mathEval(JSON.parse(call.arguments) as { expression: string }, {});
    messages.push(
      { role: 'assistant', content: first.text, tool_calls: first.toolCalls },
      { role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) },
    );
    const second = await model.generate(messages, { tools: specs }, () => undefined);
    if (second.finish !== 'stop') throw new Error(`the direct answer ended ${second.finish}`);
  };
  const timed = async (run: () => Promise<void>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };

  try {
    const chunksPerEpisode =
      (await chunksOf(server.url, [{ role: 'user', content: QUESTION }])) +
      (await chunksOf(server.url, [
        { role: 'user', content: QUESTION },
        { role: 'tool', tool_call_id: 'call_0', content: '{"value":20}' },
      ]));
    for (let i = 0; i < options.warmup; i += 1) {
      await direct();
      await viaEpisode();
    }
    const result: AgentBenchResult = {
      rounds: options.rounds,
      direct: [],
      episode: [],
      eventsPerEpisode,
      chunksPerEpisode,
      reply,
    };
    for (let round = 0; round < options.rounds; round += 1) {
      // Alternate which goes first, so neither always runs on a warmer connection.
      if (round % 2 === 0) {
        result.direct.push(await timed(direct));
        result.episode.push(await timed(viaEpisode));
      } else {
        result.episode.push(await timed(viaEpisode));
        result.direct.push(await timed(direct));
      }
    }
    return { ...result, eventsPerEpisode, reply };
  } finally {
    await server.close();
  }
}
