/**
 * The OpenAI-compatible HTTP backend for the adapter registry. It keeps the servers the
 * user configured (URL, model, optional key), lists their models (GET /v1/models when
 * reachable, else the configured one marked unreachable) and accepts `openai:<model>`
 * refs, with `url` naming the server or looked up among the configured ones.
 */
import type { ModelInfo, ModelRef } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import type { Clock } from '../../core/lib/clock';
import type { AdapterBackend } from './adapters';
import { createOpenAiAdapter, openAiModelInfo } from './openai-adapter';
import { listServerModels, OPENAI_ID_PREFIX, type HttpFetch, type OpenAiServerConfig } from './openai-http';

export interface OpenAiBackend extends AdapterBackend {
  /** Replaces the configured servers (the app sends them from local storage). */
  configure(servers: readonly OpenAiServerConfig[]): void;
  servers(): OpenAiServerConfig[];
  /** What one server lists (configured or not), rejecting with its AppError: the connection test. */
  listModels(server: OpenAiServerConfig): Promise<string[]>;
}

const sameBase = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

export function createOpenAiBackend(deps: { fetch: HttpFetch; clock: Clock; listTimeoutMs?: number }): OpenAiBackend {
  let servers: OpenAiServerConfig[] = [];

  /** The config for `openai:<model>` at `url` (or the first configured server with that model). */
  const resolve = (id: string, url: string | undefined): OpenAiServerConfig => {
    if (!id.startsWith(OPENAI_ID_PREFIX)) throw new AppError('model-unknown', `'${id}' is not an openai: model id`);
    const model = id.slice(OPENAI_ID_PREFIX.length);
    const known = servers.find((s) => (url === undefined || sameBase(s.baseUrl, url)) && s.model === model) ?? (url === undefined ? undefined : servers.find((s) => sameBase(s.baseUrl, url)));
    const baseUrl = url ?? known?.baseUrl;
    if (baseUrl === undefined) throw new AppError('model-unknown', `no OpenAI-compatible server is configured for '${model}'`, { details: { model } });
    try {
      new URL(baseUrl);
    } catch {
      throw new AppError('model-server-unreachable', `'${baseUrl}' is not a URL`, { details: { url: baseUrl } });
    }
    return known?.apiKey ? { baseUrl, model, apiKey: known.apiKey } : { baseUrl, model };
  };

  const listOne = async (server: OpenAiServerConfig): Promise<ModelInfo[]> => {
    try {
      const names = await listServerModels(deps.fetch, server, deps.listTimeoutMs);
      const all = names.includes(server.model) ? names : [server.model, ...names];
      return all.map((model) => openAiModelInfo({ ...server, model }));
    } catch (error) {
      const info = openAiModelInfo(server);
      const why = error instanceof AppError ? error.code : 'error';
      return [{ ...info, label: `${info.label} (not reachable: ${why})` }];
    }
  };

  return {
    backend: 'openai-http',
    async list() {
      const lists = await Promise.all(servers.map(listOne));
      const seen = new Set<string>();
      return lists.flat().filter((info) => !seen.has(info.id) && Boolean(seen.add(info.id)));
    },
    accepts: (model: ModelRef) => model.id.startsWith(OPENAI_ID_PREFIX),
    create: () => createOpenAiAdapter({ fetch: deps.fetch, clock: deps.clock, resolve }),
    configure(next) {
      servers = next.map(({ baseUrl, model, apiKey }) => (apiKey ? { baseUrl, model, apiKey } : { baseUrl, model }));
    },
    servers: () => servers.map((s) => ({ ...s })),
    listModels: (server) => listServerModels(deps.fetch, server, deps.listTimeoutMs),
  };
}
