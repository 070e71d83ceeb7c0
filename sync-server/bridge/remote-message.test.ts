import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendVerdict, checkYjsUpdate, decodeRemoteEvent, isStorageError } from './remote-message';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const event = {
  id: '01JD2V8K3Q4R5S6T7V8W9X0001',
  time: '2026-01-02T03:04:05.678Z',
  kind: 'obs.recorded',
  v: 1,
  actor: 'device:a',
  payload: { source: 'user' },
};

describe('H5: judging remote messages', () => {
  it('H5: sorts undecodable event messages into not-json and envelope-invalid', () => {
    expect(decodeRemoteEvent(bytes('{not json'))).toMatchObject({ ok: false, reason: 'not-json' });
    expect(decodeRemoteEvent(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({ ok: false, reason: 'not-json' });
    expect(decodeRemoteEvent(bytes({ hello: 1 }))).toMatchObject({
      ok: false,
      reason: 'envelope-invalid',
      detail: expect.stringContaining('id'),
    });
    expect(decodeRemoteEvent(bytes(42))).toMatchObject({ ok: false, reason: 'envelope-invalid' });
    expect(decodeRemoteEvent(bytes(event))).toEqual({ ok: true, event });
    expect(decodeRemoteEvent(bytes({ ...event, kind: 'Obs.Recorded' }))).toEqual({ ok: true, event });
  });

  it('H5: a journal rejection is poison (an issue on kind = unknown kind); stored or duplicate is not', () => {
    expect(appendVerdict({ rejected: [] })).toEqual({ ok: true });
    expect(
      appendVerdict({ rejected: [{ issues: [{ path: 'kind', message: "unknown event kind 'x.y'" }] }] }),
    ).toMatchObject({ ok: false, reason: 'kind-unknown' });
    expect(appendVerdict({ rejected: [{ issues: [{ path: 'payload.source', message: 'required' }] }] })).toMatchObject({
      ok: false,
      reason: 'event-invalid',
      detail: 'payload.source: required',
    });
  });

  it('H5: a Yjs update that does not decode is malformed; a real one passes', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hi');
    expect(checkYjsUpdate(Y.encodeStateAsUpdate(doc))).toEqual({ ok: true });
    expect(checkYjsUpdate(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toMatchObject({
      ok: false,
      reason: 'yjs-malformed',
    });
    expect(checkYjsUpdate(bytes('definitely not a yjs update'))).toMatchObject({ ok: false, reason: 'yjs-malformed' });
  });

  it('H5: disk and database failures are retried, other failures are not', () => {
    expect(
      isStorageError(Object.assign(new Error('disk I/O error'), { name: 'SqliteError', code: 'SQLITE_IOERR' })),
    ).toBe(true);
    expect(isStorageError(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(true);
    expect(isStorageError(new Error('Unexpected end of array'))).toBe(false);
    expect(isStorageError('string')).toBe(false);
  });
});
