/**
 * The OpenAI-compatible HTTP backend for the adapter registry. It keeps the servers the
 * user configured (URL, model, optional key), lists their models (GET /v1/models when
 * reachable, else the configured one marked unreachable) and accepts `openai:<model>`
 * refs, with `url` naming the server or looked up among the configured ones, then among
 * the models the servers list (so every model a server lists can be picked).
 */
import type { ModelInfo, ModelRef } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import type { Clock } from '../../core/lib/clock';
import type { AdapterBackend } from './adapters';
import type { InferencePoolApi } from './api';
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
  /** Model name → the first configured server whose GET /v1/models lists it (from the last list()). */
  let listed = new Map<string, OpenAiServerConfig>();

  /** The config for `openai:<model>` at `url` (or the first configured server with that model, or listing it). */
  const resolve = async (id: string, url: string | undefined): Promise<OpenAiServerConfig> => {
    if (!id.startsWith(OPENAI_ID_PREFIX)) throw new AppError('model-unknown', `'${id}' is not an openai: model id`);
    const model = id.slice(OPENAI_ID_PREFIX.length);
    const configured =
      servers.find((s) => (url === undefined || sameBase(s.baseUrl, url)) && s.model === model) ??
      (url === undefined ? undefined : servers.find((s) => sameBase(s.baseUrl, url)));
    // A model a server lists but nobody configured by name: ask the servers once if not known yet.
    if (!configured && url === undefined && !listed.has(model)) await backend.list();
    const known = configured ?? (url === undefined ? listed.get(model) : undefined);
    const baseUrl = url ?? known?.baseUrl;
    if (baseUrl === undefined)
      throw new AppError('model-unknown', `no OpenAI-compatible server is configured for '${model}'`, {
        details: { model },
      });
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

  const backend: OpenAiBackend = {
    backend: 'openai-http',
    remote: true,
    async list() {
      const asked = servers;
      const lists = await Promise.all(asked.map(listOne));
      const next = new Map<string, OpenAiServerConfig>();
      lists.forEach((infos, i) => {
        for (const info of infos) {
          const name = info.id.slice(OPENAI_ID_PREFIX.length);
          if (!next.has(name)) next.set(name, { ...asked[i]!, model: name });
        }
      });
      if (asked === servers) listed = next;
      const seen = new Set<string>();
      return lists.flat().filter((info) => !seen.has(info.id) && Boolean(seen.add(info.id)));
    },
    accepts: (model: ModelRef) => model.id.startsWith(OPENAI_ID_PREFIX),
    create: () => createOpenAiAdapter({ fetch: deps.fetch, clock: deps.clock, resolve }),
    configure(next) {
      servers = next.map(({ baseUrl, model, apiKey }) => (apiKey ? { baseUrl, model, apiKey } : { baseUrl, model }));
      listed = new Map();
    },
    servers: () => servers.map((s) => ({ ...s })),
    listModels: (server) => listServerModels(deps.fetch, server, deps.listTimeoutMs),
  };
  return backend;
}

/**
 * Applies a new server list, then unloads every warm `openai:` engine: an engine keeps
 * the server and key it was loaded with, so without this a removed server (and its key)
 * would keep receiving prompts. The next use loads again against the new list.
 */
export async function applyOpenAiServers(
  backend: Pick<OpenAiBackend, 'configure'>,
  pool: Pick<InferencePoolApi, 'poolState' | 'unloadEngine'>,
  servers: readonly OpenAiServerConfig[],
): Promise<void> {
  backend.configure(servers);
  const { engines } = await pool.poolState();
  await Promise.all(
    engines.filter((engine) => engine.id.startsWith(OPENAI_ID_PREFIX)).map((engine) => pool.unloadEngine(engine.key)),
  );
}
