/**
 * Builds app/ and workers/ into the PWA under dist/. The service worker precaches
 * the app shell only; large .wasm and model files are cached at run time by the
 * model manager (TOOLCHAIN: Build and PWA).
 */
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

/** Cross-origin isolation (COOP/COEP) for threaded WASM, on the dev server and preview too. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: 'app',
  publicDir: '../public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  worker: {
    format: 'es',
    // web-llm (~6 MB) is its own chunk, named so the service worker can leave it out of the precache.
    rolldownOptions: {
      output: {
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes('@mlc-ai/web-llm'))
            ? 'assets/webllm-lib-[hash].js'
            : 'assets/[name]-[hash].js',
      },
    },
  },
  // Cedar's web build fetches its wasm beside itself (new URL(..., import.meta.url)); pre-bundling would move the JS away from it.
  optimizeDeps: { exclude: ['@cedar-policy/cedar-wasm'] },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  plugins: [
    solid(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'ARW Hub',
        short_name: 'ARW Hub',
        description: 'Local-first agent hub: run personal agents on your device, every fact recorded in a journal.',
        theme_color: '#14161c',
        background_color: '#14161c',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['**/*.wasm', 'models/**', 'assets/webllm-lib-*'],
        navigateFallback: 'index.html',
        // The new worker waits for the user's "reload" (prompt), but the first
        // install claims the open page so it works offline right away.
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
        // Inference files are cached at run time, not precached: the onnxruntime-web
        // .wasm (tens of MB) and /models/ (the tiny model) land in the cache on first
        // use, so inference works offline after one online run. Responses keep their
        // COOP/COEP headers (cross-origin isolation survives the cache).
        runtimeCaching: [
          {
            // Same origin only: model files from other hosts are the model store's (OPFS, Range requests).
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin &&
              (url.pathname.endsWith('.wasm') ||
                url.pathname.startsWith('/models/') ||
                url.pathname.startsWith('/assets/webllm-lib-')),
            handler: 'CacheFirst',
            options: {
              cacheName: 'arw-inference',
              expiration: { maxEntries: 16 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
});
