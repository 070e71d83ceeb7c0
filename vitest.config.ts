/**
 * Test projects: `unit` (node, beside the code) and `unit-app` (the app's modules with
 * Solid's browser build; fake-indexeddb for the journal),
 * `integration` (real servers, sockets and nats-server on loopback; serial) and `e2e`
 * (node driving Debian chromium through playwright-core against the built app served
 * by the sync server; serial, 2-core machines).
 */
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'spec/**/*.test.ts',
            'core/**/*.test.ts',
            'workers/**/*.test.ts',
            'sync-server/**/*.test.ts',
            'tests/unit/**/*.test.ts',
          ],
        },
      },
      {
        // Solid's plugin resolves packages with the `browser` condition (reactive
        // Solid); the server-side projects must keep Node's (e.g. `ws`).
        plugins: [solid()],
        test: {
          name: 'unit-app',
          environment: 'node',
          include: ['app/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
