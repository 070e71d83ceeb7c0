/**
 * The plugin worker's entry: one call per worker (the page terminates it after, or at
 * the time limit). arw.http_get posts the URL to the page's bridge and blocks on a
 * SharedArrayBuffer until the page has decided and fetched (Atomics.wait is allowed in a
 * worker, and wasm cannot await); the page's time limit still ends a call that waits too long.
 */
import * as Comlink from 'comlink';
import type { HttpBridge, PluginRunRequest, PluginWorkerApi } from './api';
import { awaitReply, createReplyBuffer } from '../../core/plugins/http-abi';
import { runPlugin } from './run-plugin';

/** How long one arw.http_get may wait for the page (the call's own time limit usually ends it first). */
const HTTP_WAIT_MS = 30_000;

const api: PluginWorkerApi = {
  run(request: PluginRunRequest, bridge: HttpBridge) {
    return runPlugin(request, {
      httpGet(url, cap) {
        const reply = createReplyBuffer(cap);
        // Comlink posts the message now; its answer is never awaited: the buffer carries the reply.
        void Promise.resolve(bridge.httpGet(url, reply)).catch(() => undefined);
        return awaitReply(reply, HTTP_WAIT_MS);
      },
    });
  },
};

Comlink.expose(api);
