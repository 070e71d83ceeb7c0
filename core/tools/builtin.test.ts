import { describe, expect, test } from 'vitest';
import { BUILTIN_TOOLS, toolCapability } from './builtin';
import { createToolbox, toolEntry } from './toolbox';

const toolbox = createToolbox(BUILTIN_TOOLS.map((definition) => toolEntry(definition, () => null)));
const parsed = (name: string, args: unknown) => {
  const result = toolbox.parse(name, args);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};
const refusal = (name: string, args: unknown) => {
  const result = toolbox.parse(name, args);
  return result.ok ? 'accepted' : result.error;
};

describe('built-in tools', () => {
  test('the ten tools of SPEC §7 with their capabilities', () => {
    expect(Object.fromEntries(BUILTIN_TOOLS.map((tool) => [tool.name, tool.capability]))).toEqual({
      'clock.now': null,
      'math.eval': null,
      'text.extract': null,
      'http.fetch': 'net:http',
      'notes.read': 'project:read',
      'notes.append': 'project:write',
      'journal.search': 'project:read',
      'files.list': 'fs:read',
      'files.read': 'fs:read',
      'files.write': 'fs:write',
    });
    expect(toolCapability('http.fetch')).toBe('net:http');
    expect(toolCapability('clock.now')).toBeNull();
    expect(toolCapability('shell.exec')).toBeUndefined();
  });

  test('every tool has a description and an object JSON Schema a server accepts', () => {
    for (const spec of toolbox.specs()) {
      expect(spec.function.description.length).toBeGreaterThan(20);
      expect(spec.function.parameters).toMatchObject({ type: 'object', additionalProperties: false });
      expect(spec.function.parameters).not.toHaveProperty('$schema');
      expect(() => JSON.stringify(spec)).not.toThrow();
    }
  });

  test('http.fetch defaults and its need: net:http for the host, port only when not the default', () => {
    const params = parsed('http.fetch', { url: 'https://Example.com/a?b=1' });
    expect(params).toEqual({
      url: 'https://Example.com/a?b=1',
      method: 'GET',
      as: 'text',
      max_bytes: 256 * 1024,
      timeout_ms: 10_000,
    });
    expect(toolbox.needs('http.fetch', params)).toEqual({ capability: 'net:http', scope: 'net://example.com' });
    expect(toolbox.needs('http.fetch', { url: 'http://localhost:8080/x' })).toEqual({
      capability: 'net:http',
      scope: 'net://localhost:8080',
    });
    expect(toolbox.definition('http.fetch')?.timeoutMs?.(params)).toBe(12_000);
  });

  test('http.fetch refuses what it cannot do, saying what it takes', () => {
    expect(refusal('http.fetch', { url: 'file:///etc/passwd' })).toBe(
      'url: must be an http or https URL, e.g. https://example.com',
    );
    expect(refusal('http.fetch', { url: 'https://a.test', method: 'PUT' })).toBe(
      'method: must be one of "GET", "POST", not the string "PUT"',
    );
    expect(refusal('http.fetch', { url: 'https://a.test', body: 'x' })).toBe(
      'body: only a POST sends a body; set method to "POST" or leave body out',
    );
    expect(refusal('http.fetch', { url: 'https://a.test', max_bytes: 2 * 1024 * 1024 })).toBe(
      'max_bytes: must be at most 1048576, not 2097152',
    );
    expect(refusal('http.fetch', { url: 'https://a.test', timeout_ms: 60_000 })).toBe(
      'timeout_ms: must be at most 30000, not 60000',
    );
    expect(refusal('http.fetch', { url: 'https://a.test', headers: { accept: 1 } })).toBe(
      'headers.accept: must be a string, not 1',
    );
    expect(refusal('http.fetch', { url: 'https://[::1]:8443/' })).toBe('accepted');
  });

  test('project tools need project://read or project://write', () => {
    expect(toolbox.needs('notes.read', {})).toEqual({ capability: 'project:read', scope: 'project://read' });
    expect(toolbox.needs('notes.append', { text: 'x' })).toEqual({
      capability: 'project:write',
      scope: 'project://write',
    });
    expect(toolbox.needs('journal.search', { query: 'x' })).toEqual({
      capability: 'project:read',
      scope: 'project://read',
    });
    expect(parsed('journal.search', { query: 'fetch' })).toEqual({ query: 'fetch', limit: 20 });
    expect(refusal('journal.search', { query: 'x', limit: 51 })).toBe('limit: must be at most 50, not 51');
    expect(refusal('notes.append', { text: '' })).toBe('text: must have at least 1 character');
  });

  test('files tools need path://<path>; the whole folder is path://*', () => {
    expect(toolbox.needs('files.list', {})).toEqual({ capability: 'fs:read', scope: 'path://*' });
    expect(toolbox.needs('files.list', { path: 'notes' })).toEqual({ capability: 'fs:read', scope: 'path://notes' });
    expect(toolbox.needs('files.read', { path: 'notes/a.md' })).toEqual({
      capability: 'fs:read',
      scope: 'path://notes/a.md',
    });
    expect(toolbox.needs('files.write', { path: 'out/b.txt', content: '' })).toEqual({
      capability: 'fs:write',
      scope: 'path://out/b.txt',
    });
  });

  test('files tools refuse paths that leave the folder', () => {
    expect(refusal('files.read', { path: '../secret' })).toMatch(/^path: must not contain '\.\.' segments/);
    expect(refusal('files.read', { path: '/etc/passwd' })).toMatch(/^path: must not start with '\/'/);
    expect(refusal('files.write', { path: 'a//b', content: '' })).toMatch(/^path: must not contain an empty segment/);
    expect(refusal('files.write', { path: 'a\\b', content: '' })).toMatch(/backslash/);
    expect(refusal('files.read', { path: '' })).toMatch(/^path: must not be empty/);
    expect(refusal('files.list', { path: 'a/./b' })).toMatch(/'\.' segments/);
    expect(refusal('files.list', { path: 'notes/' })).toBe('accepted');
  });

  test('math.eval and text.extract take their one field', () => {
    expect(parsed('math.eval', '{"expression":"2+3*4"}')).toEqual({ expression: '2+3*4' });
    expect(refusal('math.eval', { expr: '1' })).toBe(
      'expression: is required (a string); arguments: unknown field expr (the fields are expression)',
    );
    expect(parsed('text.extract', { html: '<p>x</p>' })).toEqual({ html: '<p>x</p>', max_chars: 20_000 });
    expect(refusal('clock.now', { zone: 'UTC' })).toBe('arguments: unknown field zone (this tool takes no fields)');
  });
});
