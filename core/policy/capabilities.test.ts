import { describe, expect, it } from 'vitest';
import { CAPABILITY_PATTERN } from '../../spec/payloads/policy';
import { CAPABILITIES, isCapability, normalizeCapability } from './capabilities';

describe('normalizeCapability', () => {
  it('maps the dotted manifest keys of the design to capabilities', () => {
    const cases: [string, string][] = [
      ['file.read', 'fs:read'],
      ['file.write', 'fs:write'],
      ['fs.read', 'fs:read'],
      ['net.http', 'net:http'],
      ['shell.exec', 'shell:exec'],
      ['project.read', 'project:read'],
      ['project.write', 'project:write'],
    ];
    for (const [key, capability] of cases) expect(normalizeCapability(key), key).toBe(capability);
  });
  it('keeps canonical capabilities, sandbox kinds included', () => {
    for (const capability of [...CAPABILITIES, 'sandbox:wasi'])
      expect(normalizeCapability(capability)).toBe(capability);
  });
  it('refuses unknown keys', () => {
    for (const key of ['net', 'net:ftp', 'disk.read', 'sandbox:', 'Net.HTTP', ''])
      expect(normalizeCapability(key)).toBeNull();
  });
  it('gives only capabilities the event schemas accept', () => {
    for (const capability of CAPABILITIES) expect(CAPABILITY_PATTERN.test(capability), capability).toBe(true);
    expect(isCapability('project:write')).toBe(true);
    expect(isCapability('project.write')).toBe(false);
  });
});
