/**
 * Bench (issue 11): what the agent loop adds to a tool-calling episode. The same episode
 * (the model asks for math.eval, gets the result, answers) through runEpisode with a
 * decision point and an in-memory emit, vs the two chat completions and the tool called
 * directly, on the scripted local OpenAI server (no token delay); rounds interleaved.
 * Prints both medians and the ratio (target: under 5% overhead).
 * Run: npx tsx scripts/bench-agent.ts [--rounds 200] [--warmup 20]
 */
import { tsImport } from 'tsx/esm/api';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const ROUNDS = Math.max(200, arg('rounds', 200));
const WARMUP = arg('warmup', 20);
const TARGET = 0.05;

interface AgentBench {
  runAgentBench(options: { rounds: number; warmup: number }): Promise<{
    rounds: number;
    direct: number[];
    episode: number[];
    eventsPerEpisode: number;
    reply: string;
  }>;
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

console.log(
  `agent loop bench: ${ROUNDS} rounds interleaved after ${WARMUP} warm-up, scripted OpenAI server, no token delay`,
);
const result = await runAgentBench({ rounds: ROUNDS, warmup: WARMUP });
const direct = median(result.direct);
const episode = median(result.episode);
console.log(`  direct (2 chat completions + math.eval): median ${ms(direct)}, p90 ${ms(p90(result.direct))}`);
console.log(
  `  runEpisode (tool loop, decision point, ${result.eventsPerEpisode} events): median ${ms(episode)}, p90 ${ms(p90(result.episode))}`,
);
const added = median(result.episode.map((value, i) => value - result.direct[i]!));
console.log(`  added by the loop per episode (median of the paired rounds): ${ms(added)}; reply: ${result.reply}`);
const ratio = episode / direct;
const overhead = ratio - 1;
console.log(
  `agent loop / direct (medians): ${ratio.toFixed(3)} (${overhead >= 0 ? '+' : ''}${(overhead * 100).toFixed(1)}%)  target < 5% overhead: ${overhead < TARGET ? 'met' : 'NOT met'}`,
);
process.exit(0);
