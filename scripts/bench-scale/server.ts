/**
 * The server half of the scale bench: for each stored size, a temp data dir is filled
 * through the store API (seed-server.ts, a child process), the real entry
 * (sync-server/main.ts under tsx's loader) is started once as a warm-up (it folds the
 * store, is left to finish and stopped, writing its snapshots), then started again and
 * measured: spawn → first /healthz 200, → first `/state/episodes?project=p1` 200, RSS and
 * peak RSS after it, and the longest event-loop stall seen from outside (pinger.ts) and
 * from inside (loop-probe.mjs).
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GenerateConfig } from './events';
import { firstAnswer, longestGap, startPinger } from './pinger';
import { cpuOf, freePort, memoryOf, removeDir, spawnChild, stopChild, tempDir } from './processes';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSX_LOADER = import.meta.resolve('tsx');
const PROBE = new URL('./loop-probe.mjs', import.meta.url).href;
export const ADMIN_TOKEN = 'bench-scale-admin-token-0123456789abcdef';
const STATE_PATH = '/state/episodes?project=p1';
/** Requests timed for "a later /state request" (the first one is part of start-up). */
const LATER_REQUESTS = 3;
/** After the first /state answer, start-up work (a snapshot) may go on in the background. */
const SETTLE_MS = 2_000;

export interface ServerRow {
  events: number;
  seedMs: number;
  healthzMs: number;
  stateMs: number;
  /** CPU the server process had used (all threads) when /healthz, then the first /state, answered. */
  healthzCpuMs: number;
  stateCpuMs: number;
  rss: number;
  peak: number;
  /** Longest gap between /healthz answers: from the first answer to SETTLE_MS after the first /state answer. */
  stallStartMs: number;
  /** Longest gap while the later /state requests ran. */
  stallRequestMs: number;
  laterRequestMs: number[];
  bodyBytes: number;
  /**
   * Inside the process (loop-probe.mjs): per window, the longest late timer tick and the
   * most main-thread CPU spent in one such gap (what the code itself blocked; the rest of
   * a gap is waiting for a core on a loaded machine). Also before it listened.
   */
  probe: { beforeListen: ProbeWindow; start: ProbeWindow; request: ProbeWindow };
  /** nodejs_eventloop_lag_max_seconds from /metrics in ms, when the server exports it. */
  metricsLagMaxMs?: number;
}

export interface ProbeWindow {
  gapMs: number;
  cpuMs: number;
}

/** One late tick of the loop probe. */
interface Stall {
  ms: number;
  cpu: number;
  end: number;
}

export interface ServerOptions {
  configFor: (events: number) => GenerateConfig;
  log: (line: string) => void;
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  spawnedAt: number;
  /** Late ticks the loop probe reported. */
  stalls: Stall[];
  logs(): string;
  /** Set once the process has exited (code or signal). */
  exit(): string | undefined;
}

/** Starts the real entry on a free port over `dataDir` (static files from `cwd`/dist). */
export async function startServer(dataDir: string, cwd: string): Promise<RunningServer> {
  const port = await freePort();
  const spawnedAt = Date.now();
  const child = spawnChild(
    process.execPath,
    ['--import', TSX_LOADER, '--import', PROBE, join(ROOT, 'sync-server/main.ts')],
    {
      cwd,
      env: {
        ...process.env,
        PORT: String(port),
        ARW_DATA_DIR: dataDir,
        ARW_ENV_FILE: join(dataDir, '.env.local'),
        ARW_ADMIN_TOKEN: ADMIN_TOKEN,
        ARW_RATE_LIMIT: '100000000/60',
        ARW_RATE_LIMIT_PUBLIC: '100000000/60',
        ARW_RATE_LIMIT_SYNC: '100000000/60',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let logs = '';
  const stalls: Stall[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const match = /^\[loop-probe\] stall ([\d.]+) cpu ([\d.]+|NaN) end (\d+)$/.exec(line);
      if (match) stalls.push({ ms: Number(match[1]), cpu: Number(match[2]), end: Number(match[3]) });
      else logs += `${line}\n`;
    }
  });
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = signal ?? `exit code ${code}`));
  return { child, port, spawnedAt, stalls, logs: () => logs, exit: () => exit };
}

/** Polls `path` until it answers 200 (the server may not listen yet); resolves with the body and when it ended. */
export async function getWhen200(server: RunningServer, path: string, timeoutMs = 10 * 60_000) {
  const { port } = server;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = server.exit();
    if (exit !== undefined)
      throw new Error(`the server stopped (${exit}) before ${path} answered 200:\n${server.logs()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
      const body = await response.text();
      if (response.status === 200) return { body, at: Date.now() };
      if (response.status !== 503) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
      if (Date.now() > deadline) throw new Error(`${path} still answered 503 after ${timeoutMs / 1000} s: ${body}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${path} did not answer 200 within ${timeoutMs / 1000} s`);
    await new Promise((tick) => setTimeout(tick, 5));
  }
}

/** Polls /healthz until it says `read_models: "ready"` (the global read-models caught up). */
async function readModelsReady(server: RunningServer, timeoutMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await getWhen200(server, '/healthz');
    if ((JSON.parse(body) as { read_models?: string }).read_models === 'ready') return;
    await new Promise((tick) => setTimeout(tick, 200));
  }
  throw new Error(`the read-models were not ready within ${timeoutMs / 1000} s`);
}

/** Total size of the files in `dir`: it stops changing once background writes are done. */
function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

async function dataQuiet(dir: string, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const size = dirBytes(dir);
    if (size !== last) [last, since] = [size, Date.now()];
    else if (Date.now() - since >= quietMs) return;
    await new Promise((tick) => setTimeout(tick, 200));
  }
}

async function seed(dataDir: string, events: number, config: GenerateConfig): Promise<number> {
  const child = spawnChild(
    process.execPath,
    [
      '--import',
      TSX_LOADER,
      join(ROOT, 'scripts/bench-scale/seed-server.ts'),
      dataDir,
      String(events),
      JSON.stringify(config),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  await stopChild(child);
  if (code !== 0) throw new Error(`seeding the server's store failed (exit ${code})`);
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number }).ms;
}

async function lagFromMetrics(server: RunningServer): Promise<number | undefined> {
  const response = await fetch(`http://127.0.0.1:${server.port}/metrics`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  if (response.status !== 200) return undefined;
  const match = /^\w*eventloop_lag_max_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(await response.text());
  return match ? Number(match[1]) * 1000 : undefined;
}

async function measureStart(dataDir: string, cwd: string, events: number, seedMs: number): Promise<ServerRow> {
  const server = await startServer(dataDir, cwd);
  const pinger = startPinger(server.port);
  try {
    const pid = server.child.pid!;
    const { at: firstHealthz } = await getWhen200(server, '/healthz');
    const healthzCpuMs = cpuOf(pid);
    const first = await getWhen200(server, STATE_PATH);
    const stateCpuMs = cpuOf(pid);
    const memory = memoryOf(pid);
    await new Promise((tick) => setTimeout(tick, SETTLE_MS));
    const laterStarted = Date.now();
    const laterRequestMs: number[] = [];
    for (let i = 0; i < LATER_REQUESTS; i++) {
      const sent = Date.now();
      await getWhen200(server, STATE_PATH);
      laterRequestMs.push(Date.now() - sent);
    }
    const laterEnded = Date.now();
    const metricsLagMaxMs = await lagFromMetrics(server);
    const answers = await pinger.stop();
    const healthzAnswer = firstAnswer(answers, server.spawnedAt) ?? firstHealthz;
    const startEnd = first.at + SETTLE_MS;
    const probe = (from: number, to: number): ProbeWindow => {
      const inside = server.stalls.filter((stall) => stall.end >= from && stall.end - stall.ms <= to);
      return {
        gapMs: Math.max(0, ...inside.map((stall) => stall.ms)),
        cpuMs: Math.max(0, ...inside.map((stall) => stall.cpu)),
      };
    };
    return {
      events,
      seedMs,
      healthzMs: Math.min(firstHealthz, healthzAnswer) - server.spawnedAt,
      stateMs: first.at - server.spawnedAt,
      healthzCpuMs,
      stateCpuMs,
      rss: memory?.rss ?? NaN,
      peak: memory?.peak ?? NaN,
      stallStartMs: longestGap(answers, healthzAnswer, startEnd),
      stallRequestMs: longestGap(answers, laterStarted, laterEnded),
      laterRequestMs,
      bodyBytes: Buffer.byteLength(first.body),
      probe: {
        beforeListen: probe(server.spawnedAt, healthzAnswer),
        start: probe(healthzAnswer, startEnd),
        request: probe(laterStarted, laterEnded),
      },
      ...(metricsLagMaxMs === undefined ? {} : { metricsLagMaxMs }),
    };
  } finally {
    await pinger.stop().catch(() => undefined);
    await stopChild(server.child);
  }
}

/** Seeds, warms up and measures one server start per size. `cwd` holds the dist/ the server serves. */
export async function benchServer(sizes: readonly number[], cwd: string, options: ServerOptions): Promise<ServerRow[]> {
  const rows: ServerRow[] = [];
  for (const events of sizes) {
    const dataDir = tempDir('arw-scale-data-');
    try {
      options.log(`server: seeding ${events.toLocaleString('en-US')} events`);
      const seedMs = await seed(dataDir, events, options.configFor(events));
      options.log(`server: warm-up start (${(seedMs / 1000).toFixed(1)} s seeding)`);
      const warm = await startServer(dataDir, cwd);
      try {
        await getWhen200(warm, STATE_PATH);
        // A complete previous run: its global catch-up done (it writes snapshots only every
        // 30 s meanwhile, so quiet files alone do not say so), then its snapshots written.
        await readModelsReady(warm);
        await dataQuiet(dataDir, 2_000, 120_000);
      } finally {
        await stopChild(warm.child);
      }
      options.log('server: measured start');
      rows.push(await measureStart(dataDir, cwd, events, seedMs));
    } finally {
      removeDir(dataDir);
    }
  }
  return rows;
}
