/**
 * The stored text of a read-model snapshot (issue 13 item 6): JSON lines of at most
 * LINE_ITEMS records, written and read a line per step, the same value either way, and
 * a body from before the split (one line) still reads. A broken body names its line.
 */
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../core/lib/steps';
import { createReadModels } from '../../core/read-models';
import { restoreReadModels, snapshotReadModels } from '../../core/read-models/snapshot';
import { busyJournal, foldAll } from '../../core/read-models/testing/fold';
import { LINE_ITEMS, parseSnapshotText, snapshotLines, snapshotText, SnapshotTextError } from './snapshot-text';

const TAKEN = '2026-03-01T12:00:00.000Z';
const models = createReadModels();
const snapshot = snapshotReadModels(models, foldAll(models, busyJournal(12_000)), 12_000, TAKEN);
const asJson = JSON.parse(JSON.stringify(snapshot)) as unknown;

function stepsOf<T>(steps: Generator<void, T, void>): { yields: number; value: T } {
  let yields = 0;
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) return { yields, value: next.value };
    yields += 1;
  }
}

describe('snapshot text', () => {
  it('splits a full-cap snapshot into lines of at most LINE_ITEMS records and reads it back the same', () => {
    const lines = [...snapshotLines(snapshot)];
    // Line 1, then 4096 recent ids, 1000 evicted ids (3000 episodes, 2000 kept), 2000 episodes, 3 × 256 stage items.
    expect(lines.length).toBe(1 + 41 + 10 + 20 + 3 * 3);
    for (const line of lines.slice(1))
      expect((JSON.parse(line) as [string, unknown[]])[1].length).toBeLessThanOrEqual(LINE_ITEMS);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(200_000);
    const text = runSteps(snapshotText(snapshot));
    expect(text).toBe(lines.join('\n'));
    const read = stepsOf(parseSnapshotText(text));
    expect(read.yields).toBe(lines.length - 1);
    expect(read.value).toEqual(asJson);
    expect(restoreReadModels(models, read.value)).toMatchObject({ ok: true, position: 12_000 });
    // The same from the UTF-8 bytes (how the server reads the row), decoded a line at a time.
    expect(stepsOf(parseSnapshotText(Buffer.from(text, 'utf8')))).toEqual(read);
  });

  it('reads a body written as one JSON document (before the split)', () => {
    expect(runSteps(parseSnapshotText(JSON.stringify(snapshot)))).toEqual(asJson);
  });

  it('refuses a broken body, naming the line', () => {
    const lines = [...snapshotLines(snapshot)];
    const read = (body: string) => () => runSteps(parseSnapshotText(body));
    expect(read('')).toThrow(SnapshotTextError);
    expect(read([...lines.slice(0, 3), '[nope', ...lines.slice(3)].join('\n'))).toThrow(/^line 4 is not JSON/);
    expect(read([lines[0], '{"a":1}'].join('\n'))).toThrow('line 2: expected [path, [items…]]');
    expect(() => runSteps(parseSnapshotText(Buffer.from(`${lines[0]}\n[nope`)))).toThrow(/^line 2 is not JSON/);
    expect(read([lines[0], '["states.secret",[1]]'].join('\n'))).toThrow(/line 2: "states.secret" is not one of/);
    expect(read(['{"states":{}}', lines[1]].join('\n'))).toThrow(/line 2: line 1 has no array at states\./);
    // A cut body is a shorter, valid text: core's codec refuses what it then lacks.
    expect(read(lines.slice(0, -1).join('\n'))).not.toThrow();
  });
});
