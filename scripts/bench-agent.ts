/**
 * Bench (issue 11): what the agent loop adds to a tool-calling episode (the model asks for
 * math.eval, gets the result, answers) through runEpisode with a decision point and an
 * in-memory emit, vs the two chat completions and the tool called directly, on the scripted
 * local OpenAI server, rounds interleaved. Model time: the server waits 1 ms after each
 * streamed chunk (1,000 tokens/s, faster than any model on these machines; a real tokenizer
 * would also make more tokens of the call's arguments than the server's chunks). The check
 * (target: under 5% added) is on that line; the same episode with no delay is printed after
 * it, so the loop's fixed cost is in plain sight.
 * Run: npx tsx scripts/bench-agent.ts [--rounds 200] [--warmup 20]
 */
import { tsImport } from 'tsx/esm/api';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const ROUNDS = Math.max(200, arg('rounds', 200));
const WARMUP = arg('warmup', 20);
const TOKEN_DELAY_MS = 1;
const TARGET = 0.05;

interface BenchResult {
  direct: number[];
  episode: number[];
  eventsPerEpisode: number;
  chunksPerEpisode: number;
  reply: string;
}
interface AgentBench {
  runAgentBench(options: { rounds: number; warmup: number; tokenDelayMs: number }): Promise<BenchResult>;
}

// The bench lives beside the scripted server in tests/ (scripts/ may not import tests/), as bench-sync.mjs does.
const { runAgentBench } = (await tsImport('../tests/bench/agent-loop.ts', import.meta.url)) as AgentBench;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)]!;
const ms = (value: number) => `${value.toFixed(3)} ms`;
const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
const summary = (result: BenchResult) => {
  const direct = median(result.direct);
  const episode = median(result.episode);
  const added = median(result.episode.map((value, i) => value - result.direct[i]!));
  return { direct, episode, added, ratio: episode / direct };
};

console.log(
  `agent loop bench: a tool-calling episode, ${ROUNDS} rounds interleaved after ${WARMUP} warm-up, scripted OpenAI server`,
);
const real = await runAgentBench({ rounds: ROUNDS, warmup: WARMUP, tokenDelayMs: TOKEN_DELAY_MS });
const r = summary(real);
console.log(
  `  model time: ${TOKEN_DELAY_MS} ms per streamed token (1,000 tokens/s, faster than any model on these machines), ` +
    `${real.chunksPerEpisode} streamed chunks per episode`,
);
console.log(`  direct (2 chat completions + math.eval): median ${ms(r.direct)}, p90 ${ms(p90(real.direct))}`);
console.log(
  `  runEpisode (tool loop, decision point, ${real.eventsPerEpisode} events): median ${ms(r.episode)}, p90 ${ms(p90(real.episode))}`,
);
console.log(`  added by the loop per episode (median of the paired rounds): ${ms(r.added)}; reply: ${real.reply}`);
console.log(
  `agent loop / direct (medians): ${r.ratio.toFixed(3)} (${percent(r.ratio)})  target < 5%: ${r.ratio - 1 < TARGET ? 'met' : 'NOT met'}`,
);

const instant = summary(await runAgentBench({ rounds: ROUNDS, warmup: WARMUP, tokenDelayMs: 0 }));
console.log(
  `  with a model that answers instantly: ${percent(instant.ratio)} (the loop's fixed cost ${ms(instant.added)}; ` +
    `direct ${ms(instant.direct)}, runEpisode ${ms(instant.episode)}; informational, not checked)`,
);
process.exit(0);
