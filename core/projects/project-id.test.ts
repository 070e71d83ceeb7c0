/** New project ids fit a sync token's project scope; names are checked in plain words. */
import { describe, expect, it } from 'vitest';
import { checkProjectName, deriveProjectId, isProjectId, PROJECT_ID_PATTERN, slugOfName } from './project-id';

describe('project ids', () => {
  it('are the slug of the name: lower case, accents dropped, other characters one dash', () => {
    expect(slugOfName('Garden plans')).toBe('garden-plans');
    expect(slugOfName('  Café / Crème brûlée!! ')).toBe('cafe-creme-brulee');
    expect(slugOfName('Q4_2026.report')).toBe('q4-2026-report');
  });

  it('fall back to "project" when a name has no letters or digits it can keep', () => {
    expect(slugOfName('日本語')).toBe('project');
    expect(slugOfName('---')).toBe('project');
  });

  it('add -2, -3… on a collision, case-insensitively, archived ids included', () => {
    expect(deriveProjectId('Garden', ['garden'])).toBe('garden-2');
    expect(deriveProjectId('Garden', ['Garden', 'garden-2'])).toBe('garden-3');
    expect(deriveProjectId('Garden', [])).toBe('garden');
  });

  it('always fit the server token scope pattern and the pairing form, even for long names', () => {
    const long = 'A very long project name that goes on and on, well past anything a scope accepts';
    const taken = Array.from({ length: 120 }, (_, i) => (i === 0 ? slugOfName(long) : `${slugOfName(long)}-${i + 1}`));
    for (const name of [long, '日本語', 'x', 'Q4 2026', '.hidden', '-dash-']) {
      const id = deriveProjectId(name, taken);
      expect(id).toMatch(PROJECT_ID_PATTERN);
      expect(isProjectId(id)).toBe(true);
      expect(id.length).toBeLessThanOrEqual(64);
    }
    expect(deriveProjectId(long, taken)).toBe(`${slugOfName(long)}-121`);
  });
});

describe('project names', () => {
  it('are trimmed, inner spaces collapsed', () => {
    expect(checkProjectName('  Garden   plans ', [])).toEqual({ ok: true, value: 'Garden plans' });
  });

  it('empty, too long or already used: a sentence that says which and what is accepted', () => {
    expect(checkProjectName('   ', [])).toEqual({
      ok: false,
      error: 'Give the project a name (for example “Garden plans”).',
    });
    expect(checkProjectName('x'.repeat(81), [])).toEqual({
      ok: false,
      error: 'The name is 81 characters long; use at most 80.',
    });
    expect(checkProjectName('garden', ['Garden'])).toEqual({
      ok: false,
      error: 'A project called “Garden” exists already; pick another name.',
    });
  });
});
