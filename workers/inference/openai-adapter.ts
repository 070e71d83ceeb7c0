/**
 * A `ModelAdapter` over an OpenAI-compatible HTTP server: streams chat completions
 * (`stream: true`, SSE parsed incrementally by core/inference/openai-sse.ts) to
 * `onToken`, stops the request mid-stream on abort (finish `aborted`, connection closed),
 * embeds through /v1/embeddings when the server offers it. Never retries on its own.
 * Tools go out as OpenAI `tools`; streamed `tool_calls` come back whole in `toolCalls`.
 */
import type { ChatMessage, GenerateResult, ModelAdapter, ModelInfo, ModelStats } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import { createOpenAiSseParser, createToolCallAccumulator } from '../../core/inference/openai-sse';
import type { Clock } from '../../core/lib/clock';
import {
  endpoint,
  headersFor,
  httpError,
  listServerModels,
  OPENAI_ID_PREFIX,
  request,
  type HttpFetch,
  type OpenAiServerConfig,
} from './openai-http';

export interface OpenAiAdapterDeps {
  fetch: HttpFetch;
  clock: Clock;
  /** The full config for a model ref (the key lives in the backend, never in the ref). */
  resolve: (id: string, url: string | undefined) => OpenAiServerConfig | Promise<OpenAiServerConfig>;
}

export const OPENAI_BACKEND = 'openai-http';

/** The label the picker shows: model name and server host. */
export function openAiModelInfo(config: OpenAiServerConfig): ModelInfo {
  let host = config.baseUrl;
  try {
    host = new URL(config.baseUrl).host;
  } catch {
    // Keep the raw base when it is not a URL; load() reports it.
  }
  return {
    id: `${OPENAI_ID_PREFIX}${config.model}`,
    label: `${config.model} · ${host}`,
    backend: `${OPENAI_BACKEND} · ${host}`,
    demo: false,
  };
}

/** A core message in the OpenAI wire form: assistant tool calls and tool results keep their ids. */
export function toOpenAiMessage(message: ChatMessage): Record<string, unknown> {
  const { role, content } = message;
  if (role === 'assistant' && message.tool_calls && message.tool_calls.length > 0)
    return {
      role,
      content,
      tool_calls: message.tool_calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  if (role === 'tool') return { role, content, tool_call_id: message.tool_call_id ?? '' };
  return { role, content };
}

const ABORTED = (text: string, tokens: number, ttftMs: number, durationMs: number): GenerateResult => ({
  text,
  tokens,
  ttftMs,
  durationMs,
  finish: 'aborted',
});

export function createOpenAiAdapter(deps: OpenAiAdapterDeps): ModelAdapter {
  let config: OpenAiServerConfig | undefined;
  let last: ModelStats = { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 };

  const need = () => {
    if (!config) throw new AppError('model-not-loaded', 'no OpenAI-compatible model is loaded');
    return config;
  };

  return {
    async load(model, options = {}) {
      const target = await deps.resolve(model.id, model.url);
      options.onProgress?.({ fraction: 0, text: `Contacting ${target.baseUrl}` });
      // Reachability and the key are checked now, so a bad server fails on load, not mid-chat.
      await listServerModels(deps.fetch, target);
      config = target;
      options.onProgress?.({ fraction: 1, text: `Ready on ${target.baseUrl}` });
      return openAiModelInfo(target);
    },

    async generate(messages: readonly ChatMessage[], params, onToken): Promise<GenerateResult> {
      const target = need();
      const started = deps.clock.now();
      let text = '';
      let tokens = 0;
      let ttftMs = 0;
      const elapsed = () => deps.clock.now() - started;
      if (params.signal?.aborted) return ABORTED('', 0, 0, 0);
      const controller = new AbortController();
      params.signal?.addEventListener('abort', () => controller.abort());
      const url = endpoint(target.baseUrl, 'chat/completions');
      const body = {
        model: target.model,
        messages: messages.map(toOpenAiMessage),
        stream: true,
        ...(params.maxTokens === undefined ? {} : { max_tokens: params.maxTokens }),
        ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
        ...(params.tools && params.tools.length > 0 ? { tools: params.tools, tool_choice: 'auto' } : {}),
      };
      let finish: GenerateResult['finish'] = 'stop';
      const calls = createToolCallAccumulator();
      try {
        const response = await request(deps.fetch, url, {
          method: 'POST',
          headers: headersFor(target, true),
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        if (!response.ok) throw await httpError(response, url, 'the chat completion');
        if (!response.body) throw new AppError('model-stream-malformed', `${url} answered without a body`);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        const parser = createOpenAiSseParser();
        let done = false;
        while (!done) {
          const chunk = await reader.read();
          const items = chunk.done
            ? [...parser.push(decoder.decode()), ...parser.end()]
            : parser.push(decoder.decode(chunk.value, { stream: true }));
          for (const item of items) {
            if (item.type === 'done') done = true;
            else if (item.type === 'error')
              throw new AppError('model-server-error', `the server stopped the reply: ${item.message}`, {
                details: { url },
              });
            else if (item.type === 'malformed')
              throw new AppError(
                'model-stream-malformed',
                `the reply stream from ${url} is not OpenAI SSE: ${item.message}`,
                { details: { url } },
              );
            else {
              if (item.content) {
                if (tokens === 0) ttftMs = elapsed();
                tokens += 1;
                text += item.content;
                onToken(item.content);
              }
              if (item.toolCalls) calls.add(item.toolCalls);
              if (item.finishReason === 'length') finish = 'length';
            }
            if (done) break;
          }
          if (chunk.done && !done)
            throw new AppError('model-stream-malformed', `the reply stream from ${url} ended without [DONE]`, {
              details: { url },
            });
        }
        // Release the connection even if the server keeps it open after [DONE].
        await reader.cancel().catch(() => undefined);
      } catch (error) {
        if (controller.signal.aborted) finish = 'aborted';
        else {
          controller.abort();
          throw error;
        }
      }
      const durationMs = elapsed();
      last = { tokensPerSecond: durationMs > 0 ? (tokens * 1000) / durationMs : 0, ttftMs, memoryBytes: 0 };
      if (finish === 'aborted') return ABORTED(text, tokens, ttftMs, durationMs);
      // Calls decide the finish: some servers (older Ollama) end a tool-call reply with `stop`.
      const toolCalls = calls.calls();
      return toolCalls.length > 0
        ? { text, tokens, ttftMs, durationMs, finish: 'tool_calls', toolCalls }
        : { text, tokens, ttftMs, durationMs, finish };
    },

    async embed(texts) {
      const target = need();
      const url = endpoint(target.baseUrl, 'embeddings');
      const response = await request(deps.fetch, url, {
        method: 'POST',
        headers: headersFor(target, true),
        body: JSON.stringify({ model: target.model, input: [...texts] }),
      });
      if (response.status === 404 || response.status === 405 || response.status === 501) {
        throw new AppError(
          'model-embed-unsupported',
          `${target.baseUrl} does not offer /v1/embeddings (HTTP ${response.status})`,
          { details: { url, status: response.status } },
        );
      }
      if (!response.ok) throw await httpError(response, url, 'embedding');
      const parsed = (await response.json().catch(() => undefined)) as
        { data?: { index?: number; embedding?: unknown }[] } | undefined;
      const rows = parsed?.data;
      if (!Array.isArray(rows) || rows.length !== texts.length || rows.some((row) => !Array.isArray(row.embedding))) {
        throw new AppError('model-stream-malformed', `${url} did not answer with one embedding per text`, {
          details: { url },
        });
      }
      return [...rows].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((row) => row.embedding as number[]);
    },

    async unload() {
      config = undefined;
      last = { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 };
    },

    async stats() {
      return { ...last };
    },
  };
}
