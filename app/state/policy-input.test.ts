import { describe, expect, it } from 'vitest';
import { checkGrantInput, parseGrantScope } from './policy-input';

const scope = (capability: string, typed: string) => parseGrantScope(capability, typed);

describe('parseGrantScope', () => {
  it('turns hosts and web addresses into net:// scopes (lower case, explicit port kept, default dropped)', () => {
    expect(scope('net:http', 'Example.com')).toEqual({ ok: true, value: 'net://example.com' });
    expect(scope('net:http', '*.example.com:8080')).toEqual({ ok: true, value: 'net://*.example.com:8080' });
    expect(scope('net:http', 'https://example.com:443/a?b')).toEqual({ ok: true, value: 'net://example.com' });
    expect(scope('net:http', 'http://127.0.0.1:8787/x')).toEqual({ ok: true, value: 'net://127.0.0.1:8787' });
    expect(scope('net:http', 'net://example.com')).toEqual({ ok: true, value: 'net://example.com' });
  });

  it('refuses what is not a host, saying what is accepted', () => {
    const refused = scope('net:http', 'exa mple.com');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/not a host name: use a host such as example.com/);
    expect(scope('net:http', 'example.com:99999').ok).toBe(false);
  });

  it('paths are relative globs without ".." segments', () => {
    expect(scope('fs:read', 'notes/*')).toEqual({ ok: true, value: 'path://notes/*' });
    expect(scope('fs:write', 'path://reports/**')).toEqual({ ok: true, value: 'path://reports/**' });
    expect(scope('fs:read', '../secrets')).toEqual({ ok: false, error: 'a path may not contain “..” segments' });
    expect(scope('fs:read', '/etc/passwd').ok).toBe(false);
  });

  it('project scopes are read or write; an empty scope covers every scope', () => {
    expect(scope('project:write', 'write')).toEqual({ ok: true, value: 'project://write' });
    expect(scope('project:read', 'delete').ok).toBe(false);
    expect(scope('net:http', '  ')).toEqual({ ok: true, value: undefined });
  });
});

describe('checkGrantInput', () => {
  it('names every bad field: capability, scope and duration', () => {
    const checked = checkGrantInput({ capability: 'net:ftp', scope: 'x', ttl_secs: 0 });
    expect(!checked.ok && checked.error.map((e) => e.field)).toEqual(['capability', 'scope', 'ttl_secs']);
  });

  it('normalizes a dotted manifest key and keeps a good grant', () => {
    expect(checkGrantInput({ capability: 'net.http', scope: 'example.com', ttl_secs: 900 })).toEqual({
      ok: true,
      value: { capability: 'net:http', scope: 'net://example.com', ttl_secs: 900 },
    });
  });
});
