/**
 * Bench (issue 4): requests/s through the full middleware stack (request context,
 * security headers, CORS, registry gate with rate limit and token auth, metrics) vs a
 * bare Hono route, both on the same Node server and process, same run, alternating
 * rounds. Loopback keep-alive clients; prints req/s and the ratio (target ≥ 0.7).
 * Run: npx tsx scripts/bench-server.ts [--requests 20000] [--concurrency 32] [--rounds 3]
 */
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { Hono } from 'hono';
import { composeServer } from '../sync-server/compose';
import { listen } from '../sync-server/listen';
import { loadConfig } from '../sync-server/config';
import { sha256Hex } from '../sync-server/auth/secrets';
import { openServerDb } from '../sync-server/storage/db';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const REQUESTS = arg('requests', 20_000);
const CONCURRENCY = arg('concurrency', 32);
const ROUNDS = arg('rounds', 3);
const TOKEN = 'bench-admin-token-0123456789abcdef';

/** The load generator runs in a worker thread, so the server's event loop is measured alone. */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const { port, path, headers, total, concurrency } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
let sent = 0, failed = 0;
const one = () => new Promise((resolve) => {
  const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
    if (res.statusCode !== 200) failed += 1;
    res.resume();
    res.on('end', resolve);
  });
  req.on('error', () => { failed += 1; resolve(); });
  req.end();
});
const worker = async () => { while (sent < total) { sent += 1; await one(); } };
const started = performance.now();
Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
  agent.destroy();
  parentPort.postMessage({ rate: total / ((performance.now() - started) / 1000), failed });
});
`;

/** Sends REQUESTS GETs with CONCURRENCY in flight over keep-alive sockets; returns req/s. */
function load(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { port, path, headers, total: REQUESTS, concurrency: CONCURRENCY },
    });
    worker.once('message', (m: { rate: number; failed: number }) => {
      void worker.terminate();
      if (m.failed > 0) reject(new Error(`${m.failed} requests to ${path} failed`));
      else resolve(m.rate);
    });
    worker.once('error', reject);
  });
}

const composed = composeServer({
  staticDir: tmpdir(),
  dataDir: tmpdir(),
  version: 'bench',
  config: loadConfig({
    ARW_RATE_LIMIT: '100000000/60',
    ARW_RATE_LIMIT_PUBLIC: '100000000/60',
    ARW_RATE_LIMIT_SYNC: '100000000/60',
  }),
  db: openServerDb(':memory:'),
  presetAdminDigests: [sha256Hex(TOKEN)],
  // The same trivial handler twice: once declared on the registry behind an admin gate
  // (every middleware and the guard run), once on a bare Hono app.
  mount: (registry) =>
    registry.route(
      { method: 'GET', path: '/bench/gated', gate: { admin: 'admin:metrics' }, description: 'bench only' },
      (c) => c.json({ ok: true }),
    ),
});
const bare = new Hono();
bare.get('/bench/bare', (c) => c.json({ ok: true }));
const full = await listen(composed, { port: 0, hostname: '127.0.0.1' });
const { serve } = await import('@hono/node-server');
const bareServer = await new Promise<import('node:http').Server>((resolve) => {
  const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () =>
    resolve(s as import('node:http').Server),
  ) as import('node:http').Server;
});
const barePort = (bareServer.address() as import('node:net').AddressInfo).port;

const auth = { authorization: `Bearer ${TOKEN}` };
const results: { round: number; full: number; bare: number }[] = [];
console.log(
  `server stack bench: ${REQUESTS.toLocaleString('en-US')} requests × ${ROUNDS} rounds, ${CONCURRENCY} in flight`,
);
await load(full.port, '/bench/gated', auth);
await load(barePort, '/bench/bare', {});
for (let round = 1; round <= ROUNDS; round += 1) {
  // Alternate the order so neither side always runs on a warmer machine.
  const fullFirst = round % 2 === 1;
  const a = fullFirst ? await load(full.port, '/bench/gated', auth) : await load(barePort, '/bench/bare', {});
  const b = fullFirst ? await load(barePort, '/bench/bare', {}) : await load(full.port, '/bench/gated', auth);
  const entry = { round, full: fullFirst ? a : b, bare: fullFirst ? b : a };
  results.push(entry);
  console.log(
    `  round ${round}: full stack ${Math.round(entry.full).toLocaleString('en-US')} req/s, bare Hono ${Math.round(entry.bare).toLocaleString('en-US')} req/s, ratio ${(entry.full / entry.bare).toFixed(2)}`,
  );
}
const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;
const ratio = median(results.map((r) => r.full / r.bare));
console.log(
  `full stack / bare Hono (median of ${ROUNDS}): ${ratio.toFixed(2)}  target ≥ 0.7: ${ratio >= 0.7 ? 'PASS' : 'MISS'}`,
);
await full.close();
bareServer.close();
process.exit(0);
