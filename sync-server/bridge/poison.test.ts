import { describe, expect, it } from 'vitest';
import { createPoisonLog } from './poison';

describe('H5: poison log', () => {
  it('H5: 1,000 poison messages count 1,000 times but log once per stream and reason, then one summary a minute', () => {
    let now = 0;
    const lines: object[] = [];
    const counted: string[] = [];
    const poison = createPoisonLog({
      log: { warn: (obj) => void lines.push(obj) },
      onPoison: (stream, reason) => void counted.push(`${stream}:${reason}`),
      now: () => now,
    });
    for (let i = 0; i < 1_000; i++)
      poison.note('ARW_EVENTS', i % 2 === 0 ? 'not-json' : 'kind-unknown', `arw.events.p.k${i}`, `bad ${i}`);
    expect(counted).toHaveLength(1_000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      stream: 'ARW_EVENTS',
      reason: 'not-json',
      subject: 'arw.events.p.k0',
      detail: 'bad 0',
    });
    now = 60_000;
    poison.note('ARW_EVENTS', 'not-json', 'arw.events.p.again', 'x'.repeat(10_000));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ reason: 'not-json', since_last_log: 500, total: 501 });
    poison.note('ARW_EVENTS', 'not-json', 'arw.events.p.again', 'again');
    expect(lines).toHaveLength(3);
    expect(poison.counts()).toEqual({ 'ARW_EVENTS:not-json': 502, 'ARW_EVENTS:kind-unknown': 500 });
  });

  it('H5: what reaches the log from a message is clipped', () => {
    const lines: Array<{ detail?: string }> = [];
    createPoisonLog({ log: { warn: (obj) => void lines.push(obj) } }).note(
      'ARW_YJS',
      'yjs-malformed',
      'arw.yjs.d',
      'y'.repeat(5_000),
    );
    expect(lines[0]!.detail!.length).toBeLessThanOrEqual(201);
  });
});
