/**
 * Child process of the scale bench: fills `<dataDir>/arw-hub.sqlite` with `count` bench
 * events through the server's own store API (validation, de-duplication, one durable
 * transaction per 10,000 rows), then prints one JSON line `{ stored, ms }`.
 * Run: tsx scripts/bench-scale/seed-server.ts <dataDir> <count> <config JSON>
 */
import { join } from 'node:path';
import { DB_FILE_NAME, openServerDb } from '../../sync-server/storage/db';
import { createEventStore } from '../../sync-server/storage/event-store';
import { generateEvents, type GenerateConfig } from './events';

const [dataDir, countText, configText] = process.argv.slice(2);
if (!dataDir || !countText || !configText) {
  console.error('usage: seed-server.ts <dataDir> <count> <config JSON>');
  process.exit(2);
}
const count = Number(countText);
const config = JSON.parse(configText) as GenerateConfig;
const BATCH = 10_000;

const started = performance.now();
const db = openServerDb(join(dataDir, DB_FILE_NAME));
const store = createEventStore(db);
for (let from = 0; from < count; from += BATCH) {
  const batch = generateEvents(config, from, Math.min(BATCH, count - from));
  const result = store.append(batch, { origin: 'bench' });
  if (result.rejected.length > 0) {
    const first = result.rejected[0]!;
    console.error(`event ${from + first.index} was refused: ${JSON.stringify(first.issues)}`);
    process.exit(1);
  }
  if ((from / BATCH) % 20 === 19) process.stderr.write(`  server seed: ${from + BATCH} of ${count}\n`);
}
const stored = store.count();
db.close();
console.log(JSON.stringify({ stored, ms: performance.now() - started }));
