/**
 * Composition root of the sync server: reads `.env.local` (never overriding the real
 * environment) and the environment, opens the data directory's SQLite store, makes
 * sure an admin token exists (written only to the git-ignored env file), and serves
 * the API and the built PWA on PORT (default 8787) until SIGINT/SIGTERM.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { buildServer } from './app';
import { bootstrapAdminToken } from './auth/bootstrap';
import { loadEnvFile } from './auth/env-file';
import { createTokenStore } from './auth/token-store';
import { loadConfig } from './config';
import { DB_FILE_NAME, openServerDb } from './storage/db';
import { readVersion } from './version';

async function main(): Promise<void> {
  const envFile = resolve(process.env.ARW_ENV_FILE || '.env.local');
  let config;
  try {
    loadEnvFile(envFile, process.env);
    config = loadConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const dataDir = resolve(config.ARW_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const db = openServerDb(join(dataDir, DB_FILE_NAME));
  const presetAdminDigests = bootstrapAdminToken({
    adminToken: config.ARW_ADMIN_TOKEN,
    adminTokenSha256: config.ARW_ADMIN_TOKEN_SHA256,
    store: createTokenStore(db),
    envFile,
    now: Date.now(),
    log: (line) => console.log(line),
  });
  const { app } = buildServer({ staticDir: resolve('dist'), dataDir, version: await readVersion(), config, db, presetAdminDigests });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.ARW_BIND }, (info) => {
    const host = config.ARW_BIND === '127.0.0.1' ? 'localhost' : config.ARW_BIND;
    console.log(`ARW Hub is running: http://${host}:${info.port}  (data: ${dataDir})`);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? `Port ${config.PORT} is in use: set PORT to another port, e.g. PORT=8788 npm start` : error.message);
    process.exit(1);
  });
  const stop = () => {
    console.log('Stopping ARW Hub…');
    server.close(() => {
      db.close();
      process.exit(0);
    });
    if ('closeAllConnections' in server) server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
