import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../../core/policy/capabilities';
import { capabilityWords, describeCapability, describeSubject, formatDuration } from './capability-words';

describe('describeCapability', () => {
  it('says in plain words what each capability lets the agent do, with its scope', () => {
    expect(describeCapability('fs:read', 'path://notes/*')).toBe('read files in notes/*');
    expect(describeCapability('net:http', 'net://example.com')).toBe('fetch pages from example.com');
    expect(describeCapability('net:http', 'net://*.example.com')).toBe('fetch pages from any subdomain of example.com');
    expect(describeCapability('project:write', 'project://write')).toBe("add to this project's notes");
    expect(describeCapability('net:http')).toBe('fetch pages from any web site');
    expect(describeCapability('sandbox:wasi')).toBe('run code in the wasi sandbox');
  });

  it('has its own words for every capability of SPEC §3 (no fallback label)', () => {
    for (const capability of CAPABILITIES) expect(capabilityWords(capability).label).not.toBe(capability);
  });
});

describe('describeSubject and formatDuration', () => {
  it('names subjects and durations as a person reads them', () => {
    expect(describeSubject('agent:chat')).toBe('The chat agent');
    expect(describeSubject('*')).toBe('Any agent');
    expect([
      formatDuration(1500),
      formatDuration(899_000),
      formatDuration(3_600_000),
      formatDuration(86_400_000),
    ]).toEqual(['2 s', '15 min', '1 h', '1 day']);
  });
});
