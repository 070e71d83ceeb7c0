import { describe, expect, it } from 'vitest';
import { AppError, describeError, describeNote } from '../../core/errors';
import type { OpenAiServerConfig } from '../../workers/inference/api';
import {
  createOpenAiServers,
  mixedContentWarning,
  SERVERS_KEY,
  validateServer,
  type OpenAiServersDeps,
} from './openai-servers';

function memoryStore(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

/** Manual timers: `fire()` runs what is due, like time passing. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    set: (run: () => void) => (pending.set((next += 1), run), next),
    clear: (handle: unknown) => void pending.delete(handle as number),
    fire: () => [...pending.entries()].forEach(([id, run]) => (pending.delete(id), run())),
  };
}

function setup(patch: Partial<OpenAiServersDeps> = {}, store = memoryStore()) {
  const configured: OpenAiServerConfig[][] = [];
  let changed = 0;
  let id = 0;
  const timers = manualTimers();
  const state = createOpenAiServers({
    store,
    configure: async (servers) => void configured.push(servers),
    listModels: async () => ['llama3.2', 'qwen2.5'],
    onChanged: () => void (changed += 1),
    newId: () => `s${(id += 1)}`,
    timers,
    ...patch,
  });
  return { state, store, configured, changed: () => changed, timers };
}

const draft = (patch: Partial<{ baseUrl: string; model: string; apiKey: string }> = {}) => ({
  baseUrl: 'http://192.168.1.20:11434',
  model: 'llama3.2',
  apiKey: '',
  ...patch,
});

describe('validateServer', () => {
  it('each message names the field and says what is accepted', () => {
    const bad = validateServer({ baseUrl: '', model: '  ', apiKey: 'a b' });
    expect(bad.ok).toBe(false);
    const messages = bad.ok ? [] : bad.issues.map((i) => [i.field, i.message]);
    expect(messages).toEqual([
      ['baseUrl', expect.stringMatching(/^Base URL: required: the server’s address, e\.g\. http:\/\//)],
      ['model', expect.stringMatching(/^Model: required: the name the server knows the model by/)],
      ['apiKey', 'API key: must not contain spaces or line breaks (leave it empty when the server needs none)'],
    ]);
  });
  it('a URL must be http(s), without credentials, query or fragment', () => {
    const first = (d: ReturnType<typeof draft>) => {
      const r = validateServer(d);
      return r.ok ? 'ok' : r.issues[0]!.message;
    };
    expect(first(draft({ baseUrl: 'ftp://host/' }))).toBe('Base URL: must start with http:// or https:// (not ftp://)');
    expect(first(draft({ baseUrl: 'localhost:8080' }))).toMatch(/^Base URL: must start with http:\/\/ or https:\/\//);
    expect(first(draft({ baseUrl: 'not a url' }))).toBe(
      "Base URL: 'not a url' is not a URL; use http://host:port or https://host",
    );
    expect(first(draft({ baseUrl: 'http://me:pw@host' }))).toMatch(
      /^Base URL: must not contain a user name or password/,
    );
    expect(first(draft({ baseUrl: 'http://host/?x=1' }))).toMatch(/^Base URL: must not contain \? or #/);
    expect(first(draft({ model: 'x'.repeat(257) }))).toBe('Model: at most 256 characters');
  });
  it('normalizes: trims, drops trailing slashes, keeps a path, omits an empty key', () => {
    expect(validateServer(draft({ baseUrl: ' http://Host:8080/v1/ ', model: ' m ', apiKey: ' ' }))).toEqual({
      ok: true,
      config: { baseUrl: 'http://host:8080/v1', model: 'm' },
    });
    expect(validateServer(draft({ apiKey: 'sk-1' }))).toMatchObject({ ok: true, config: { apiKey: 'sk-1' } });
  });
  it('a second entry for the same server and model is refused', () => {
    const r = validateServer(draft(), [{ baseUrl: 'http://192.168.1.20:11434', model: 'llama3.2' }]);
    expect(r.ok ? [] : r.issues).toEqual([
      { field: 'model', message: "Model: this server already has an entry for 'llama3.2'" },
    ]);
  });
  it('warns about mixed content only for https pages and non-loopback http servers', () => {
    expect(mixedContentWarning('http://192.168.1.20:8080', 'https:')).toMatch(/mixed content/);
    expect(mixedContentWarning('http://localhost:8080', 'https:')).toBeUndefined();
    expect(mixedContentWarning('http://127.0.0.1:8080', 'https:')).toBeUndefined();
    expect(mixedContentWarning('http://192.168.1.20:8080', 'http:')).toBeUndefined();
  });
});

describe('OpenAI-compatible servers state', () => {
  it('a valid entry is stored, sent to the worker and refreshes the picker', async () => {
    const { state, store, configured, changed } = setup();
    const result = await state.save(draft({ apiKey: 'sk-local' }));
    expect(result).toMatchObject({
      ok: true,
      entry: { id: 's1', baseUrl: 'http://192.168.1.20:11434', model: 'llama3.2', apiKey: 'sk-local' },
    });
    expect(JSON.parse(store.map.get(SERVERS_KEY)!)).toEqual({
      v: 1,
      servers: [{ id: 's1', baseUrl: 'http://192.168.1.20:11434', model: 'llama3.2', apiKey: 'sk-local' }],
    });
    expect(configured.at(-1)).toEqual([
      { baseUrl: 'http://192.168.1.20:11434', model: 'llama3.2', apiKey: 'sk-local' },
    ]);
    expect(changed()).toBe(1);
  });

  it('an invalid entry keeps what was stored and tells the worker nothing', async () => {
    const { state, store, configured } = setup();
    await state.save(draft());
    const before = store.map.get(SERVERS_KEY);
    const bad = await state.save(draft({ baseUrl: 'javascript:alert(1)' }));
    expect(bad).toMatchObject({
      ok: false,
      issues: [{ field: 'baseUrl', message: expect.stringMatching(/^Base URL: must start with http/) }],
    });
    const badEdit = await state.save(draft({ model: '' }), 's1');
    expect(badEdit.ok).toBe(false);
    expect(store.map.get(SERVERS_KEY)).toBe(before);
    expect(state.servers().map((s) => s.model)).toEqual(['llama3.2']);
    expect(configured.length).toBe(1);
  });

  it('edits replace the entry in place', async () => {
    const { state } = setup();
    await state.save(draft());
    await state.save(draft({ baseUrl: 'http://10.0.0.2:8080', model: 'qwen' }));
    await state.save(draft({ model: 'llama3.1' }), 's1');
    expect(state.servers().map((s) => `${s.id} ${s.model}`)).toEqual(['s1 llama3.1', 's2 qwen']);
  });

  it('persists across reloads and configures the worker at startup', async () => {
    const store = memoryStore();
    await setup({}, store).state.save(draft({ apiKey: 'sk-1' }));
    const reloaded = setup({}, store);
    expect(reloaded.state.servers().map((s) => s.model)).toEqual(['llama3.2']);
    await reloaded.state.sync();
    expect(reloaded.configured).toEqual([
      [{ baseUrl: 'http://192.168.1.20:11434', model: 'llama3.2', apiKey: 'sk-1' }],
    ]);
    expect(reloaded.changed()).toBe(1);
  });

  it('a stored list it cannot read is ignored with a notice, and not overwritten until saved', async () => {
    const store = memoryStore({ [SERVERS_KEY]: '{"v":9}' });
    const { state, configured } = setup({}, store);
    expect(state.servers()).toEqual([]);
    expect(state.notice()?.code).toBe('model-servers-unreadable');
    expect(describeNote(state.notice()!)).toMatch(/unknown format/);
    await state.sync();
    expect(configured).toEqual([]);
    expect(store.map.get(SERVERS_KEY)).toBe('{"v":9}');
  });

  it('removal can be undone for a few seconds, back at its place', async () => {
    const { state, store, configured } = setup();
    await state.save(draft({ model: 'a' }));
    await state.save(draft({ model: 'b' }));
    await state.remove('s1');
    expect(state.servers().map((s) => s.model)).toEqual(['b']);
    expect(configured.at(-1)!.map((s) => s.model)).toEqual(['b']);
    expect(state.removed()?.entry.model).toBe('a');
    await state.undo();
    expect(state.servers().map((s) => s.model)).toEqual(['a', 'b']);
    expect(JSON.parse(store.map.get(SERVERS_KEY)!).servers.map((s: { model: string }) => s.model)).toEqual(['a', 'b']);
    expect(state.removed()).toBeUndefined();
  });

  it('after the undo window the removal is final', async () => {
    const { state, timers } = setup();
    await state.save(draft());
    await state.remove('s1');
    timers.fire();
    expect(state.removed()).toBeUndefined();
    await state.undo();
    expect(state.servers()).toEqual([]);
  });

  it('test connection lists the models, or says what went wrong with the error code', async () => {
    const ok = setup();
    expect(await ok.state.test(draft())).toEqual({ ok: true, models: ['llama3.2', 'qwen2.5'], hasModel: true });
    expect(await ok.state.test(draft({ model: 'other' }))).toMatchObject({ ok: true, hasModel: false });
    expect(await ok.state.test(draft({ baseUrl: '' }))).toMatchObject({ ok: false, issues: [{ field: 'baseUrl' }] });
    const down = setup({
      listModels: () =>
        Promise.reject(
          new AppError('model-server-unreachable', 'could not reach http://192.168.1.20:11434 (Failed to fetch)'),
        ),
    });
    const result = await down.state.test(draft());
    expect(result).toEqual({
      ok: false,
      code: 'model-server-unreachable',
      detail: 'could not reach http://192.168.1.20:11434 (Failed to fetch)',
    });
    const message = 'code' in result ? describeError(result.code, result.detail) : '';
    expect(message).toMatch(
      /^The model server could not be reached: .*\(could not reach http:\/\/192\.168\.1\.20:11434 \(Failed to fetch\)\)$/,
    );
  });

  it('a storage that refuses writes keeps the change for this session and says so', async () => {
    const store = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const { state, configured } = setup({ store });
    expect((await state.save(draft())).ok).toBe(true);
    expect(state.notice()?.code).toBe('model-servers-not-saved');
    expect(describeNote(state.notice()!)).toMatch(/^Saved for this session only: .*QuotaExceededError/);
    expect(configured.length).toBe(1);
  });
});
