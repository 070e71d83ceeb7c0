import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  docFromYjsSubject,
  eventSubject,
  sanitizeToken,
  streamForSubject,
  unsanitizeToken,
  yjsSubject,
} from './subjects';

describe('NATS subjects (SPEC §6)', () => {
  it('builds arw.events.<project>.<kind> keeping the kind dots', () => {
    expect(eventSubject('p1', 'policy.decision')).toBe('arw.events.p1.policy.decision');
    expect(eventSubject(undefined, 'episode.started')).toBe('arw.events.~none.episode.started');
  });

  it('escapes wildcards, dots and spaces in user tokens', () => {
    expect(eventSubject('a.b *>', 'x')).toBe('arw.events.a~2eb~20~2a~3e.x');
    expect(yjsSubject('notes/1.md')).toBe('arw.yjs.notes~2f1~2emd');
  });

  it('sanitizeToken is reversible and yields one safe token', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const token = sanitizeToken(text);
        expect(token).toMatch(/^[A-Za-z0-9_~-]+$/);
        expect(unsanitizeToken(sanitizeToken('_'))).toBe('_');
        expect(unsanitizeToken(token)).toBe(text);
      }),
    );
  });

  it('maps subjects back to documents and streams', () => {
    expect(docFromYjsSubject(yjsSubject('doc.one'))).toBe('doc.one');
    expect(docFromYjsSubject('arw.events.x.y')).toBeUndefined();
    expect(streamForSubject('arw.events.*.policy.>')).toBe('ARW_EVENTS');
    expect(streamForSubject('arw.yjs.>')).toBe('ARW_YJS');
    expect(streamForSubject('arw.queue.x')).toBeUndefined();
  });
});
