/**
 * Composition root of the sync server: reads the environment, prepares the data
 * directory, serves the built PWA on PORT (default 8787), and shuts down cleanly.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { loadConfig } from './config';
import { readVersion } from './version';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const dataDir = resolve(config.ARW_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const app = createApp({ staticDir: resolve('dist'), dataDir, version: await readVersion() });
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
    server.close(() => process.exit(0));
    if ('closeAllConnections' in server) server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
