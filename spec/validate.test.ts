/** SPEC E1–E3: the envelope, kind normalization and per-kind payload validation. */
import { describe, expect, test } from 'vitest';
import { normalizeKind } from './kinds';
import { validateEvent } from './validate';
import { KNOWN_KINDS } from './vocabulary';

const base = {
  id: '01JD2V8K3Q4R5S6T7V8W9X0Y1Z',
  time: '2026-11-25T10:00:00.000Z',
  kind: 'tokens.in',
  v: 1,
  actor: 'device:test',
  payload: { count: 3 },
};

describe('E1 envelope', () => {
  test('a well-formed event is accepted', () => {
    expect(validateEvent(base)).toMatchObject({ ok: true });
  });

  test.each([
    ['id', { id: 'not-a-ulid' }],
    ['time', { time: '2026-11-25 10:00' }],
    ['actor', { actor: '' }],
    ['severity', { severity: 'fatal' }],
    ['code', { code: 'Not Kebab' }],
    ['v', { v: 0 }],
  ])('a bad %s is rejected with that field named', (field, patch) => {
    const result = validateEvent({ ...base, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(field);
  });

  test('unknown top-level fields are rejected', () => {
    const result = validateEvent({ ...base, extra: 1 });
    expect(result.ok).toBe(false);
  });

  test('a payload field of the wrong type is named with its path', () => {
    const result = validateEvent({ ...base, payload: { count: 'three' } });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'payload.count' }] });
  });

  test('an unknown kind is rejected, naming kind', () => {
    const result = validateEvent({ ...base, kind: 'made.up' });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'kind' }] });
  });

  test('a payload version newer than the app is rejected with a clear reason', () => {
    const result = validateEvent({ ...base, v: 2 });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'v' }] });
    if (!result.ok) expect(result.issues[0]!.message).toContain('update the app');
  });

  test('non-objects are rejected without throwing', () => {
    expect(validateEvent(null).ok).toBe(false);
    expect(validateEvent('x').ok).toBe(false);
  });
});

describe('E2 kind names', () => {
  test.each([
    ['Models.DownloadProgress', 'models.download.progress'],
    ['Policy.Decision', 'policy.decision'],
    ['Actions.HintApplied', 'actions.hint.applied'],
    ['Hierarchy.RoleChanged', 'hierarchy.role.changed'],
    ['HTTPServer', 'http.server'],
    ['episode.started', 'episode.started'],
  ])('%s normalizes to %s', (input, expected) => {
    expect(normalizeKind(input)).toBe(expected);
  });

  test('a CamelCase kind is accepted and stored normalized', () => {
    const result = validateEvent({ ...base, kind: 'Tokens.In' });
    expect(result).toMatchObject({ ok: true, event: { kind: 'tokens.in' } });
  });
});

describe('E3 vocabulary', () => {
  test('the starting vocabulary is registered', () => {
    for (const kind of ['episode.started', 'episode.completed', 'episode.canceled', 'episode.error', 'obs.recorded', 'beliefs.updated', 'intents.proposed', 'actions.taken', 'tokens.in', 'tokens.out', 'tool.invoked', 'tool.ran', 'tool.error', 'policy.prompt', 'policy.allow', 'policy.deny', 'policy.decision', 'leases.created', 'leases.revoked', 'leases.expired', 'runtime.health', 'runtime.profile.changed', 'models.download.progress', 'models.changed']) {
      expect(KNOWN_KINDS).toContain(kind);
    }
  });
});
