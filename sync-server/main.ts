/**
 * Composition root of the sync server: reads `.env.local` (never overriding the real
 * environment) and the environment, opens the data directory's SQLite store, makes
 * sure an admin token exists (written only to the git-ignored env file), and serves
 * the API and the built PWA on PORT (default 8787) until SIGINT/SIGTERM.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { messageOf } from '../core/errors/thrown';
import { composeServer } from './compose';
import { bootstrapAdminToken } from './auth/bootstrap';
import { loadEnvFile } from './auth/env-file';
import { createTokenStore } from './auth/token-store';
import { loadConfig } from './config';
import { listen } from './listen';
import { DB_FILE_NAME, openServerDb, upgradeOf } from './storage/db';
import { removeUpgradeBackups } from './storage/migrate';
import { readVersion } from './version';

async function main(): Promise<void> {
  const envFile = resolve(process.env.ARW_ENV_FILE || '.env.local');
  let config;
  try {
    loadEnvFile(envFile, process.env);
    config = loadConfig(process.env);
  } catch (error) {
    console.error(messageOf(error));
    process.exit(2);
  }
  const dataDir = resolve(config.ARW_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const dbPath = join(dataDir, DB_FILE_NAME);
  let db;
  try {
    db = openServerDb(dbPath);
  } catch (error) {
    // A database newer than this server, or a migration that failed and was rolled back.
    console.error(messageOf(error));
    process.exit(1);
  }
  const upgrade = upgradeOf(db);
  const presetAdminDigests = bootstrapAdminToken({
    adminToken: config.ARW_ADMIN_TOKEN,
    adminTokenSha256: config.ARW_ADMIN_TOKEN_SHA256,
    store: createTokenStore(db),
    envFile,
    now: Date.now(),
    log: (line) => console.log(line),
  });
  const serverId = await stableServerId(dataDir);
  const composed = composeServer({
    staticDir: resolve('dist'),
    dataDir,
    version: await readVersion(),
    config,
    db,
    presetAdminDigests,
    serverId,
  });
  let running;
  try {
    running = await listen(composed, { port: config.PORT, hostname: config.ARW_BIND });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${config.PORT} is in use: set PORT to another port, e.g. PORT=8788 npm start`
        : messageOf(error),
    );
    process.exit(1);
  }
  if (upgrade?.backup) {
    console.log(
      `Upgraded the database from schema version ${upgrade.from} to ${upgrade.to}; the copy from before is kept at ${upgrade.backup} until the next start`,
    );
  }
  // This start went well: the copies kept by earlier upgrades are no longer needed.
  removeUpgradeBackups(dbPath, upgrade?.backup);
  const host = config.ARW_BIND === '127.0.0.1' ? 'localhost' : config.ARW_BIND;
  console.log(
    `ARW Hub is running: http://${host}:${running.port}  (data: ${dataDir}${config.NATS_URL ? `, NATS: ${config.NATS_URL.join(',')}` : ''})`,
  );
  const stop = () => {
    console.log('Stopping ARW Hub…');
    setTimeout(() => process.exit(0), 2000).unref();
    void running.close().then(() => {
      db.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** This instance's id, kept in the data directory so it survives restarts. */
async function stableServerId(dataDir: string): Promise<string> {
  const file = join(dataDir, 'server-id');
  try {
    const id = (await readFile(file, 'utf8')).trim();
    if (id) return id;
  } catch {
    // first start: make one below
  }
  const id = `srv-${crypto.randomUUID()}`;
  await writeFile(file, `${id}\n`, { mode: 0o600 });
  return id;
}

void main();
