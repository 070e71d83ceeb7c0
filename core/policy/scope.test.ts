import { describe, expect, it } from 'vitest';
import { netScopeOf, parseRequestScope, pathScope, projectScope, scopeCovers } from './scope';

describe('a grant without a scope', () => {
  it('covers every scope of its capability, and a call without one', () => {
    for (const requested of ['net://example.com', 'path://a/../b', 'project://write', 'vault://keys', undefined])
      expect(scopeCovers(undefined, requested)).toBe(true);
  });
  it('is the only grant that covers a call without a scope', () => {
    expect(scopeCovers('net://example.com', undefined)).toBe(false);
    expect(scopeCovers('path://**', undefined)).toBe(false);
  });
});

describe('net scopes', () => {
  it('a host covers itself on any port', () => {
    expect(scopeCovers('net://example.com', 'net://example.com')).toBe(true);
    expect(scopeCovers('net://example.com', 'net://example.com:8080')).toBe(true);
  });
  it('a host does not cover another host, a lookalike, or its subdomains', () => {
    expect(scopeCovers('net://example.com', 'net://example.org')).toBe(false);
    expect(scopeCovers('net://example.com', 'net://evil-example.com')).toBe(false);
    expect(scopeCovers('net://example.com', 'net://evilexample.com')).toBe(false);
    expect(scopeCovers('net://example.com', 'net://example.com.evil.org')).toBe(false);
    expect(scopeCovers('net://example.com', 'net://api.example.com')).toBe(false);
  });
  it('a host with a port covers only that port', () => {
    expect(scopeCovers('net://example.com:443', 'net://example.com:443')).toBe(true);
    expect(scopeCovers('net://example.com:443', 'net://example.com:8443')).toBe(false);
    // A call without a port uses its scheme's default, which the scope cannot know.
    expect(scopeCovers('net://example.com:443', 'net://example.com')).toBe(false);
  });
  it('*.host covers subdomains at any depth but not the apex or a lookalike', () => {
    expect(scopeCovers('net://*.example.com', 'net://api.example.com')).toBe(true);
    expect(scopeCovers('net://*.example.com', 'net://a.b.example.com:9000')).toBe(true);
    expect(scopeCovers('net://*.example.com', 'net://example.com')).toBe(false);
    expect(scopeCovers('net://*.example.com', 'net://evilexample.com')).toBe(false);
    expect(scopeCovers('net://*.example.com:443', 'net://api.example.com:80')).toBe(false);
  });
  it('compares hosts case-insensitively and ignores a trailing dot', () => {
    expect(scopeCovers('net://Example.COM', 'net://example.com')).toBe(true);
    expect(scopeCovers('net://example.com', 'net://EXAMPLE.com:81')).toBe(true);
    expect(scopeCovers('net://example.com', 'net://example.com.')).toBe(true);
  });
  it('malformed scopes cover nothing and are covered by nothing scoped', () => {
    expect(scopeCovers('net://example.com/path', 'net://example.com')).toBe(false);
    expect(scopeCovers('net://example.com:0', 'net://example.com:0')).toBe(false);
    expect(scopeCovers('net://example.com', 'net://user@example.com')).toBe(false);
    expect(scopeCovers('net://*.example.com', 'net://*.example.com')).toBe(false);
    expect(scopeCovers('net://*', 'net://example.com')).toBe(false);
    expect(parseRequestScope('net://exa mple.com')).toEqual({ scheme: 'invalid' });
  });
  it('IPv6 hosts match exactly', () => {
    expect(scopeCovers('net://[::1]', 'net://[::1]:8080')).toBe(true);
    expect(scopeCovers('net://[::1]', 'net://[::2]')).toBe(false);
  });
});

describe('netScopeOf', () => {
  it('keeps the host, and the port only when explicit and not the default', () => {
    expect(netScopeOf('https://example.com/a?b=1')).toBe('net://example.com');
    expect(netScopeOf('https://example.com:443/a')).toBe('net://example.com');
    expect(netScopeOf('http://example.com:80/')).toBe('net://example.com');
    expect(netScopeOf('http://example.com:8080/x')).toBe('net://example.com:8080');
    expect(netScopeOf('https://example.com:80/')).toBe('net://example.com:80');
    expect(netScopeOf('HTTPS://API.Example.com/')).toBe('net://api.example.com');
    expect(netScopeOf('http://[::1]:3000/')).toBe('net://[::1]:3000');
  });
  it('does not let credentials in a URL pick the host', () => {
    expect(netScopeOf('https://example.com@evil.org/')).toBe('net://evil.org');
    expect(scopeCovers('net://example.com', netScopeOf('https://example.com@evil.org/'))).toBe(false);
  });
  it('gives undefined for something that is not a URL with a host', () => {
    expect(netScopeOf('not a url')).toBeUndefined();
    expect(netScopeOf('file:///etc/passwd')).toBeUndefined();
  });
  it('builds scopes that the grants of the design cover', () => {
    expect(scopeCovers('net://example.com', netScopeOf('https://example.com/a'))).toBe(true);
    expect(scopeCovers('net://example.com', netScopeOf('https://example.org/a'))).toBe(false);
  });
});

describe('path scopes', () => {
  it('* matches within one segment only', () => {
    expect(scopeCovers('path://notes/*', 'path://notes/a.md')).toBe(true);
    expect(scopeCovers('path://notes/*', 'path://notes/x/a.md')).toBe(false);
    expect(scopeCovers('path://notes/*', 'path://other/a.md')).toBe(false);
    expect(scopeCovers('path://notes/*.md', 'path://notes/a.md')).toBe(true);
    expect(scopeCovers('path://notes/*.md', 'path://notes/a.txt')).toBe(false);
    expect(scopeCovers('path://notes/a*b', 'path://notes/a-x-b')).toBe(true);
  });
  it('** matches any number of segments, none included', () => {
    expect(scopeCovers('path://notes/**', 'path://notes/x/y/a.md')).toBe(true);
    expect(scopeCovers('path://notes/**', 'path://notes')).toBe(true);
    expect(scopeCovers('path://**/*.md', 'path://a/b/c.md')).toBe(true);
    expect(scopeCovers('path://**/*.md', 'path://c.md')).toBe(true);
    expect(scopeCovers('path://**/*.md', 'path://a/c.txt')).toBe(false);
    expect(scopeCovers('path://a/**/z', 'path://a/b/c/z')).toBe(true);
    expect(scopeCovers('path://a/**/z', 'path://a/b/c/y')).toBe(false);
  });
  it('an exact path covers only itself; leading slashes and . segments do not matter', () => {
    expect(scopeCovers('path://notes/a.md', 'path://notes/a.md')).toBe(true);
    expect(scopeCovers('path://notes/a.md', 'path:///notes/./a.md')).toBe(true);
    expect(scopeCovers('path://notes/a.md', 'path://notes/a.mdx')).toBe(false);
    expect(scopeCovers('path://notes/a.md', 'path://Notes/a.md')).toBe(false);
  });
  it('a .. segment in a request never matches, even under **', () => {
    expect(scopeCovers('path://notes/**', 'path://notes/../secret')).toBe(false);
    expect(scopeCovers('path://**', 'path://..')).toBe(false);
    expect(scopeCovers('path://notes/*', 'path://notes/..')).toBe(false);
    expect(scopeCovers('path://**', 'path://a\\..\\b')).toBe(false);
  });
  it('regex characters in a glob are literal', () => {
    expect(scopeCovers('path://a.(b)+', 'path://a.(b)+')).toBe(true);
    expect(scopeCovers('path://a.md', 'path://axmd')).toBe(false);
  });
  it('pathScope builds request scopes, the empty path being the whole folder', () => {
    expect(pathScope('notes/a.md')).toBe('path://notes/a.md');
    expect(pathScope('/notes')).toBe('path://notes');
    expect(pathScope('')).toBe('path://*');
    expect(scopeCovers('path://*', pathScope(''))).toBe(true);
  });
});

describe('project scopes', () => {
  it('write covers read and write; read covers only read', () => {
    expect(scopeCovers('project://write', 'project://read')).toBe(true);
    expect(scopeCovers('project://write', 'project://write')).toBe(true);
    expect(scopeCovers('project://read', 'project://read')).toBe(true);
    expect(scopeCovers('project://read', 'project://write')).toBe(false);
    expect(scopeCovers(projectScope('write'), projectScope('read'))).toBe(true);
  });
  it('anything else under project:// covers nothing', () => {
    expect(scopeCovers('project://admin', 'project://admin')).toBe(false);
    expect(scopeCovers('project://write', 'project://delete')).toBe(false);
  });
});

describe('schemes', () => {
  it('different schemes never cover each other', () => {
    expect(scopeCovers('net://example.com', 'path://example.com')).toBe(false);
    expect(scopeCovers('path://**', 'net://example.com')).toBe(false);
    expect(scopeCovers('project://write', 'vault://write')).toBe(false);
    expect(scopeCovers('vault://keys', 'net://keys')).toBe(false);
  });
  it('vault and other schemes match exactly', () => {
    expect(scopeCovers('vault://keys', 'vault://keys')).toBe(true);
    expect(scopeCovers('vault://keys', 'vault://keys2')).toBe(false);
  });
  it('a scope without a scheme covers nothing', () => {
    expect(scopeCovers('example.com', 'example.com')).toBe(false);
  });
});
