/**
 * Child-process entry for crash tests: serves /sync (test auth) over the store in
 * ARW_DATA_DIR and prints `SYNC_READY <port>` once listening. Killed with SIGKILL.
 */
import { startSyncTestServer } from './sync-server';

const dataDir = process.env['ARW_DATA_DIR'];
if (dataDir === undefined) throw new Error('ARW_DATA_DIR is required');
const server = await startSyncTestServer({ dataDir });
process.stdout.write(`SYNC_READY ${server.port}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
