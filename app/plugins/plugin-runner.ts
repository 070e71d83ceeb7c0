/**
 * Runs one plugin call in its own module worker and ends it: after the call, or at the
 * time limit (the worker is terminated, which stops wasm mid-loop: the only way to stop
 * it), or when the caller's signal aborts. The page answers arw.http_get requests through
 * `http` and writes each reply into the worker's shared buffer.
 */
import * as Comlink from 'comlink';
import type { HttpBridge, PluginRunRequest, PluginRunResult, PluginWorkerApi } from '../../workers/plugin/api';
import { writeReply, type HttpReply } from '../../core/plugins/http-abi';
import { PluginError } from './plugin-error';

export interface RunOptions {
  timeMs: number;
  /** The page's answer to one arw.http_get (the decision point, then fetch). */
  http?(url: string, cap: number): Promise<HttpReply>;
  /** The toolbox's signal (addEventListener only: it is not a DOM AbortSignal). */
  signal?: { readonly aborted: boolean; addEventListener(type: 'abort', listener: () => void): void };
}

export type PluginRunner = (request: PluginRunRequest, options: RunOptions) => Promise<PluginRunResult>;

export const startPluginWorker = () =>
  new Worker(new URL('../../workers/plugin/plugin.worker.ts', import.meta.url), { type: 'module', name: 'plugin' });

export function createPluginRunner(startWorker: () => Worker = startPluginWorker): PluginRunner {
  return async (request, options) => {
    const worker = startWorker();
    const remote = Comlink.wrap<PluginWorkerApi>(worker);
    const bridge: HttpBridge = {
      async httpGet(url, reply) {
        const cap = reply.byteLength - 16;
        let answer: HttpReply;
        try {
          answer = options.http ? await options.http(url, cap) : { code: -1 };
        } catch {
          answer = { code: -2 };
        }
        writeReply(reply, answer);
      },
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PluginError('Interrupted', `tool interrupted after ${options.timeMs} ms`)),
        options.timeMs,
      );
      // A late abort (after the call ended) rejects a promise nobody awaits any more: harmless.
      const onAbort = () => reject(new PluginError('Interrupted', 'tool interrupted: the run was stopped'));
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort);
    });
    stopped.catch(() => undefined);
    try {
      return await Promise.race([remote.run(request, Comlink.proxy(bridge)), stopped]);
    } finally {
      clearTimeout(timer);
      remote[Comlink.releaseProxy]();
      worker.terminate();
    }
  };
}
