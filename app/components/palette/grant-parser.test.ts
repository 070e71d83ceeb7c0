import { describe, expect, test } from 'vitest';
import {
  clampTtl,
  formatTtl,
  hostOf,
  isGrantInput,
  parseDuration,
  parseGrant,
  type GrantContext,
} from './grant-parser';

const none: GrantContext = { hosts: [], paths: [] };
const seen: GrantContext = { hosts: ['example.com', 'api.example.org:8080'], paths: ['notes/*'] };
const grantOf = (text: string, context = none) => parseGrant(text, context).options.find((o) => o.grant)?.grant;

describe('a full grant names capability, scope and time', () => {
  test('grant net:http example.com 15m grants net:http on net://example.com for 900 s', () => {
    expect(grantOf('grant net:http example.com 15m')).toEqual({
      capability: 'net:http',
      scope: 'net://example.com',
      ttl_secs: 900,
    });
  });
  test('"net" is short for net:http', () => {
    expect(grantOf('grant net example.com 1h')).toEqual({
      capability: 'net:http',
      scope: 'net://example.com',
      ttl_secs: 3600,
    });
  });
  test('the reference form net:<host> carries the host in the capability word', () => {
    expect(grantOf('grant net:example.com 15m')).toEqual({
      capability: 'net:http',
      scope: 'net://example.com',
      ttl_secs: 900,
    });
    expect(grantOf('grant net:example.com for 1d')?.ttl_secs).toBe(86_400);
  });
  test('fs capabilities take a path glob as path://<glob>', () => {
    expect(grantOf('grant fs:read notes/* 1d')).toEqual({
      capability: 'fs:read',
      scope: 'path://notes/*',
      ttl_secs: 86_400,
    });
    expect(grantOf('grant fs:write ./drafts/** 30m')?.scope).toBe('path://drafts/**');
  });
  test('project capabilities need no scope word: project://read or project://write', () => {
    expect(grantOf('grant project:write 1h')).toEqual({
      capability: 'project:write',
      scope: 'project://write',
      ttl_secs: 3600,
    });
    expect(grantOf('grant project.read 10m')?.scope).toBe('project://read');
  });
  test('hosts are lower-cased, keep an explicit port, and a pasted URL gives its host', () => {
    expect(grantOf('grant net:http Example.COM:8080 15m')?.scope).toBe('net://example.com:8080');
    expect(grantOf('grant net:http https://example.com/a/page?q=1 15m')?.scope).toBe('net://example.com');
    expect(hostOf('*.example.com')).toBe('*.example.com');
    expect(hostOf('exa mple')).toBeUndefined();
  });
  test('without a duration Enter grants for the default 15 min', () => {
    expect(grantOf('grant net:http example.com')?.ttl_secs).toBe(900);
    expect(parseGrant('grant net:http example.com', none).hint).toMatch(/15 min/);
  });
});

describe('durations', () => {
  test('s, m, h and d', () => {
    expect([parseDuration('45s'), parseDuration('15m'), parseDuration('2h'), parseDuration('1d')]).toEqual([
      45, 900, 7200, 86_400,
    ]);
    expect(parseDuration('15')).toBeUndefined();
    expect(parseDuration('15min')).toBeUndefined();
  });
  test('a lease is clamped to 1 s..24 h and the palette says so', () => {
    expect(clampTtl(0)).toEqual({ ttl_secs: 1, notice: expect.stringMatching(/at least 1 s/) });
    expect(clampTtl(2 * 86_400)).toEqual({ ttl_secs: 86_400, notice: expect.stringMatching(/at most 24 h/) });
    const parsed = parseGrant('grant net:http example.com 2d', none);
    expect(parsed.options[0]?.grant?.ttl_secs).toBe(86_400);
    expect(parsed.notice).toMatch(/24 h/);
  });
  test('readable lengths', () => {
    expect([formatTtl(900), formatTtl(3600), formatTtl(86_400), formatTtl(90)]).toEqual([
      '15 min',
      '1 h',
      '1 day',
      '90 s',
    ]);
  });
});

describe('completion as you type', () => {
  test('"grant n" suggests net:http, completing to "grant net:http "', () => {
    const parsed = parseGrant('grant n', none);
    expect(parsed.options.map((o) => o.completion)).toEqual(['grant net:http ']);
    expect(parsed.options[0]?.grant).toBeUndefined();
  });
  test('"grant " lists every grantable capability', () => {
    expect(parseGrant('grant ', none).options.map((o) => o.label)).toEqual([
      'net:http',
      'fs:read',
      'fs:write',
      'project:read',
      'project:write',
    ]);
  });
  test('"grant net:http " offers recent hosts and says to type a host', () => {
    const parsed = parseGrant('grant net:http ', seen);
    expect(parsed.options.map((o) => o.completion)).toEqual([
      'grant net:http example.com ',
      'grant net:http api.example.org:8080 ',
    ]);
    expect(parsed.hint).toMatch(/type a host/i);
  });
  test('a host being typed grants what is typed and offers the recent hosts it starts', () => {
    const parsed = parseGrant('grant net:http api', seen);
    expect(parsed.options[0]?.grant?.scope).toBe('net://api');
    expect(parsed.options.slice(1).map((o) => o.label)).toEqual(['api.example.org:8080']);
  });
  test('"grant net:http example.com " offers 15m, 1h and 1d, each a grant', () => {
    const parsed = parseGrant('grant net:http example.com ', none);
    expect(parsed.options.map((o) => o.completion)).toEqual([
      'grant net:http example.com 15m',
      'grant net:http example.com 1h',
      'grant net:http example.com 1d',
    ]);
    expect(parsed.options.map((o) => o.grant?.ttl_secs)).toEqual([900, 3600, 86_400]);
    expect(parsed.options[0]?.label).toBe('Grant net:http on net://example.com for 15 min');
  });
  test('a bare number offers its units, leaving out those past 24 h', () => {
    expect(parseGrant('grant net:http example.com 1', none).options.map((o) => o.completion)).toEqual([
      'grant net:http example.com 1m',
      'grant net:http example.com 1h',
      'grant net:http example.com 1d',
    ]);
    expect(parseGrant('grant net:http example.com 2', none).options.map((o) => o.completion)).toEqual([
      'grant net:http example.com 2m',
      'grant net:http example.com 2h',
    ]);
  });
  test('isGrantInput starts with the word grant and a space', () => {
    expect([
      isGrantInput('grant '),
      isGrantInput('  Grant net'),
      isGrantInput('grant'),
      isGrantInput('granted'),
    ]).toEqual([true, true, false, false]);
  });
});

describe('invalid input says why', () => {
  test('an unknown capability lists the ones that can be granted', () => {
    expect(parseGrant('grant nett example.com', none).error).toBe(
      "unknown capability 'nett' — try net:http, fs:read, fs:write, project:read, project:write",
    );
    expect(parseGrant('grant x', none).error).toMatch(/unknown capability 'x'/);
  });
  test('a scope that is not a host', () => {
    expect(parseGrant('grant net:http exa_mple.com ', none).error).toMatch(/'exa_mple.com' is not a host/);
  });
  test('a path that leaves the project folder', () => {
    expect(parseGrant('grant fs:read ../secrets 1h', none).error).toMatch(/'\.\.' is not allowed/);
  });
  test('a duration without a unit, and words after the duration', () => {
    expect(parseGrant('grant net:http example.com 15 ', none).error).toMatch(/'15' is not a duration/);
    expect(parseGrant('grant net:http example.com 15m please', none).error).toMatch(/unexpected 'please'/);
  });
  test('an invalid input grants nothing', () => {
    expect(grantOf('grant nett example.com 15m')).toBeUndefined();
    expect(grantOf('grant net:http exa_mple.com 15m')).toBeUndefined();
  });
});
