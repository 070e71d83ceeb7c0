import { describe, expect, it } from 'vitest';
import {
  canTellRefusal,
  corsFixFor,
  detectLocalServers,
  LOCAL_SERVERS,
  modelIdsOf,
  probeServer,
  type ProbeFetch,
  type ProbeResponse,
} from './local-servers';

const json = (body: unknown, status = 200): ProbeResponse => ({
  ok: status >= 200 && status < 300,
  status,
  type: 'cors',
  json: async () => body,
});
const refusedByBrowser = () => Promise.reject(new TypeError('Failed to fetch'));

/** A fetch that behaves per URL like a browser would: `answer`, refuse (CORS), or nothing listening. */
function browserFetch(byPort: Record<string, 'closed' | 'no-cors-headers' | ProbeResponse | 'hang'>): {
  fetch: ProbeFetch;
  calls: string[];
} {
  const calls: string[] = [];
  const fetch: ProbeFetch = (url, init) => {
    calls.push(`${init.mode ?? 'cors'} ${url}`);
    const behaviour = byPort[new URL(url).port] ?? 'closed';
    if (behaviour === 'closed') return refusedByBrowser();
    if (behaviour === 'hang')
      return new Promise((_, reject) =>
        init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    if (behaviour === 'no-cors-headers')
      return init.mode === 'no-cors'
        ? Promise.resolve({ ok: false, status: 0, type: 'opaque', json: async () => null })
        : refusedByBrowser();
    return Promise.resolve(behaviour);
  };
  return { fetch, calls };
}

describe('probeServer', () => {
  it('a server that lists its models is answering, with their ids', async () => {
    const { fetch, calls } = browserFetch({
      '1234': json({ object: 'list', data: [{ id: 'qwen' }, { id: 'llama' }] }),
    });
    expect(await probeServer({ baseUrl: 'http://localhost:1234' }, { fetch })).toEqual({
      state: 'answering',
      models: ['qwen', 'llama'],
    });
    expect(calls).toEqual(['cors http://localhost:1234/v1/models']);
  });

  it('a server whose reply the browser withholds (no CORS headers) is refused, told apart by a no-cors request', async () => {
    const { fetch, calls } = browserFetch({ '11434': 'no-cors-headers' });
    expect(await probeServer({ baseUrl: 'http://localhost:11434' }, { fetch })).toEqual({ state: 'refused' });
    expect(calls).toEqual(['cors http://localhost:11434/v1/models', 'no-cors http://localhost:11434/v1/models']);
  });

  it('nothing listening is silent', async () => {
    const { fetch } = browserFetch({});
    expect(await probeServer({ baseUrl: 'http://localhost:8080' }, { fetch })).toEqual({ state: 'silent' });
  });

  it('a server that never answers is silent after the timeout, not waited on forever', async () => {
    const { fetch } = browserFetch({ '8080': 'hang' });
    const started = Date.now();
    expect(await probeServer({ baseUrl: 'http://localhost:8080' }, { fetch, timeoutMs: 30 })).toEqual({
      state: 'silent',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an answer that is not a model list says what came back', async () => {
    const html: ProbeResponse = {
      ok: true,
      status: 200,
      json: () => Promise.reject(new SyntaxError('Unexpected token <')),
    };
    expect(await probeServer({ baseUrl: 'http://h:1' }, { fetch: browserFetch({ '1': html }).fetch })).toEqual({
      state: 'not-models',
      detail: 'a reply that is not JSON',
    });
    expect(
      await probeServer({ baseUrl: 'http://h:1' }, { fetch: browserFetch({ '1': json({ ok: 1 }) }).fetch }),
    ).toEqual({
      state: 'not-models',
      detail: 'JSON without a model list',
    });
    expect(await probeServer({ baseUrl: 'http://h:1' }, { fetch: browserFetch({ '1': json({}, 404) }).fetch })).toEqual(
      {
        state: 'not-models',
        detail: 'HTTP 404',
      },
    );
  });
});

describe('detectLocalServers', () => {
  it('asks LM Studio, Ollama and llama.cpp at their usual ports at once and reports each in order', async () => {
    const { fetch, calls } = browserFetch({ '1234': json({ data: [{ id: 'm' }] }), '11434': 'no-cors-headers' });
    const found = await detectLocalServers({ fetch });
    expect(found.map((f) => [f.kind, f.baseUrl, f.result.state])).toEqual([
      ['lm-studio', 'http://localhost:1234', 'answering'],
      ['ollama', 'http://localhost:11434', 'refused'],
      ['llama-cpp', 'http://localhost:8080', 'silent'],
    ]);
    // All three first requests go out before any answer is awaited.
    expect(calls.slice(0, 3).every((c) => c.startsWith('cors '))).toBe(true);
  });

  it('runs the probes in parallel: three hanging servers take one timeout, not three', async () => {
    const { fetch } = browserFetch({ '1234': 'hang', '11434': 'hang', '8080': 'hang' });
    const started = Date.now();
    const found = await detectLocalServers({ fetch, timeoutMs: 100 });
    expect(found.every((f) => f.result.state === 'silent')).toBe(true);
    // One cors timeout then one no-cors timeout, each probe alongside the others.
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('modelIdsOf', () => {
  it('reads ids from an OpenAI list, skipping entries without one and duplicates', () => {
    expect(modelIdsOf({ data: [{ id: 'a' }, { name: 'x' }, { id: '' }, { id: 'a' }, 7, { id: 'b' }] })).toEqual([
      'a',
      'b',
    ]);
    expect(modelIdsOf({ models: [] })).toBeUndefined();
    expect(modelIdsOf('text')).toBeUndefined();
  });
});

describe('corsFixFor', () => {
  it('names the fix for each server, with this page’s origin for Ollama', () => {
    expect(corsFixFor('ollama', 'http://127.0.0.1:5173').command).toBe(
      'OLLAMA_ORIGINS=http://127.0.0.1:5173 ollama serve',
    );
    expect(corsFixFor('lm-studio', 'x').text).toContain('Enable CORS');
    expect(corsFixFor('lm-studio', 'x').command).toBe('lms server start --cors');
    expect(corsFixFor('llama-cpp', 'x').command).toContain('llama-server');
    expect(LOCAL_SERVERS.map((s) => s.kind)).toEqual(['lm-studio', 'ollama', 'llama-cpp']);
  });

  it('a cross-origin isolated page cannot tell a refusal from silence', () => {
    expect(canTellRefusal(true)).toBe(false);
    expect(canTellRefusal(false)).toBe(true);
  });
});
