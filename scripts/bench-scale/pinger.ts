/**
 * The outside view of the server's event loop: a worker thread (so the bench's own work
 * does not delay it) that asks `/healthz` every 5 ms over one kept-alive connection and
 * keeps the time of every answer. A blocked event loop shows as a long gap between two
 * answers. Before the server listens, refused connections are retried every 5 ms.
 */
import { Worker } from 'node:worker_threads';

const PINGER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const answers = [];
let running = true;
const ping = () => new Promise((resolve) => {
  const req = request({ host: '127.0.0.1', port: workerData.port, path: '/healthz', agent }, (res) => {
    res.resume();
    res.on('end', () => { answers.push(Date.now()); resolve(); });
  });
  req.on('error', () => resolve());
  req.end();
});
const loop = async () => {
  while (running) {
    const sent = Date.now();
    await ping();
    const wait = 5 - (Date.now() - sent);
    if (wait > 0) await new Promise((tick) => setTimeout(tick, wait));
  }
  agent.destroy();
  parentPort.postMessage({ kind: 'stopped', answers });
};
parentPort.on('message', (m) => {
  if (m === 'stop') running = false;
  if (m === 'answers') parentPort.postMessage({ kind: 'answers', answers: answers.slice() });
});
loop();
`;

export interface Pinger {
  /** Epoch ms of every answered ping so far. */
  answers(): Promise<number[]>;
  stop(): Promise<number[]>;
}

export function startPinger(port: number): Pinger {
  const worker = new Worker(PINGER, { eval: true, workerData: { port } });
  const ask = (message: string, kind: string) =>
    new Promise<number[]>((resolve, reject) => {
      const onMessage = (m: { kind: string; answers: number[] }) => {
        if (m.kind !== kind) return;
        worker.off('message', onMessage);
        resolve(m.answers);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.postMessage(message);
    });
  let stopped: Promise<number[]> | undefined;
  return {
    answers: () => ask('answers', 'answers'),
    // Idempotent: the bench's finally blocks may stop it again.
    stop: () =>
      (stopped ??= ask('stop', 'stopped').then(async (answers) => {
        await worker.terminate();
        return answers;
      })),
  };
}

/** The first answer at or after `from`, or undefined. */
export const firstAnswer = (answers: readonly number[], from: number) => answers.find((at) => at >= from);

/**
 * The longest time the server left pings unanswered within [from, to]: the largest gap
 * between consecutive answers that overlaps the window (an open gap at `to` counts up to `to`).
 */
export function longestGap(answers: readonly number[], from: number, to: number): number {
  let longest = 0;
  let previous: number | undefined;
  for (const at of answers) {
    if (previous !== undefined && at >= from && previous <= to) longest = Math.max(longest, at - previous);
    previous = at;
    if (at > to) return longest;
  }
  if (previous !== undefined && previous < to) longest = Math.max(longest, to - Math.max(previous, from));
  return longest;
}
