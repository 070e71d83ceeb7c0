/** SPEC E1–E3: the envelope, kind normalization and per-kind payload validation. */
import { describe, expect, test } from 'vitest';
import { normalizeKind } from './kinds';
import { EVENT_MAX_BYTES, EVENT_MAX_DEPTH, utf8Length } from './limits';
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
    for (const kind of [
      'episode.started',
      'episode.completed',
      'episode.canceled',
      'episode.error',
      'obs.recorded',
      'beliefs.updated',
      'intents.proposed',
      'actions.taken',
      'tokens.in',
      'tokens.out',
      'tool.invoked',
      'tool.ran',
      'tool.error',
      'policy.prompt',
      'policy.allow',
      'policy.deny',
      'policy.decision',
      'leases.created',
      'leases.revoked',
      'leases.expired',
      'runtime.health',
      'runtime.profile.changed',
      'models.download.progress',
      'models.changed',
    ]) {
      expect(KNOWN_KINDS).toContain(kind);
    }
  });
});

/** `{ a: { a: … 1 } }` built without recursion, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe('H3 bounded events', () => {
  test('H3: a payload nesting deeper than 64 levels is refused naming payload and the limit', () => {
    expect(validateEvent({ ...base, payload: { count: 1, data: nested(EVENT_MAX_DEPTH - 1) } })).toMatchObject({
      ok: true,
    });
    const result = validateEvent({ ...base, payload: { count: 1, data: nested(EVENT_MAX_DEPTH) } });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'payload', message: expect.stringContaining('64') }] });
  });

  test.each([10_000, 100_000])('H3: a %i-deep payload is refused without overflowing the stack', (levels) => {
    const result = validateEvent({ ...base, payload: { count: 1, data: nested(levels) } });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'payload' }] });
  });

  test('H3: arrays count as levels too, and a deep value in an unknown field is refused before the schema', () => {
    let array: unknown = [];
    for (let i = 0; i < 5000; i++) array = [array];
    expect(validateEvent({ ...base, payload: { count: 1, list: array } })).toMatchObject({
      ok: false,
      issues: [{ path: 'payload' }],
    });
    expect(validateEvent({ ...base, extra: nested(5000) })).toMatchObject({ ok: false, issues: [{ path: 'extra' }] });
  });

  test('H3: an event over the size limit is refused naming the field, its size and the limit', () => {
    const fits = 'x'.repeat(EVENT_MAX_BYTES - 400);
    expect(validateEvent({ ...base, payload: { count: 1, text: fits } })).toMatchObject({ ok: true });
    const result = validateEvent({ ...base, payload: { count: 1, text: 'x'.repeat(EVENT_MAX_BYTES) } });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: 'payload', message: expect.stringContaining(`limit is ${EVENT_MAX_BYTES} bytes`) }],
    });
  });

  test('H3: the size is counted in UTF-8 bytes, so 100,000 CJK characters (the agent’s prompt clip) still fit', () => {
    const cjk = '漢'.repeat(100_000);
    expect(validateEvent({ ...base, payload: { count: 1, text: cjk } })).toMatchObject({ ok: true });
    expect(validateEvent({ ...base, payload: { count: 1, text: '漢'.repeat(EVENT_MAX_BYTES / 3 + 1) } }).ok).toBe(
      false,
    );
    expect(utf8Length('a\u00e9漢😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('\ud800x')).toBe(3 + 1);
  });

  test('H3: configured limits replace the defaults', () => {
    const event = { ...base, payload: { count: 1, data: nested(5) } };
    expect(validateEvent(event, { limits: { maxDepth: 4, maxBytes: 10_000 } })).toMatchObject({
      ok: false,
      issues: [{ path: 'payload', message: expect.stringContaining('4') }],
    });
    expect(validateEvent(event, { limits: { maxDepth: 64, maxBytes: 100 } })).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringContaining('limit is 100 bytes') }],
    });
  });

  test('H3: a cyclic or unserializable payload is an issue, not a throw', () => {
    const cyclic: Record<string, unknown> = { count: 1 };
    cyclic['self'] = cyclic;
    expect(validateEvent({ ...base, payload: cyclic })).toMatchObject({ ok: false, issues: [{ path: 'payload' }] });
    expect(validateEvent({ ...base, payload: { count: 1, big: 10n } })).toMatchObject({
      ok: false,
      issues: [{ path: '(root)', message: expect.stringContaining('serialized') }],
    });
  });

  test('H3: a widely shared object is refused by the walk budget before it is serialized', () => {
    let shared: unknown = { leaf: 1 };
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    expect(validateEvent({ ...base, payload: { count: 1, data: shared } })).toMatchObject({
      ok: false,
      issues: [{ path: 'payload' }],
    });
  });
});
