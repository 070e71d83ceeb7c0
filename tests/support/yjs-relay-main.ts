/**
 * Child-process entry for memory tests of the Yjs relay: serves it (test tokens, see
 * yjs-relay-server.ts) over the SQLite file ARW_YJS_DB and prints `YJS_READY <port>`
 * once listening. Started with --expose-gc, it runs a full GC on SIGUSR2 and then prints
 * `GC_DONE`, so the RSS read next shows what the server holds, not uncollected garbage.
 */
import { startRelayServer } from './yjs-relay-server';

const dbPath = process.env['ARW_YJS_DB'];
if (dbPath === undefined) throw new Error('ARW_YJS_DB is required');
const server = await startRelayServer(dbPath);
process.stdout.write(`YJS_READY ${server.port}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', async () => {
  // ArrayBuffer backing stores are freed by a sweeper after the GC: let it run, collect again.
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((settled) => setImmediate(settled));
  }
  process.stdout.write('GC_DONE\n');
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
