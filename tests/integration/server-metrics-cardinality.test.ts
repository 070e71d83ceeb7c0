/**
 * Issue 9 item 9: metrics cardinality through the real store path. 100,000 events of
 * unique made-up kinds (and unknown field names) go through the journal's append (what
 * the /sync socket calls); /metrics must keep a handful of `arw_events_total` series.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

type Server = Awaited<ReturnType<typeof startGatedServer>>;

describe('H9: metrics cardinality', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startGatedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('H9: 100,000 unique bogus kinds make at most a handful of series and /metrics stays under 64 KiB', async () => {
    const time = new Date().toISOString();
    const base = { time, v: 1, actor: 'attacker', payload: {} };
    for (let start = 0; start < 100_000; start += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, i) => {
        const n = start + i;
        const id = `01JD2V8K3Q4R5S${String(n).padStart(12, '0')}`;
        // Every tenth one also carries an unknown top-level field with a unique name.
        return n % 10 === 0
          ? { ...base, id, kind: `bogus.kind${n}`, [`field${n}`]: 1 }
          : { ...base, id, kind: `bogus.kind${n}` };
      });
      const result = server.parts.journal.events.append(batch, { origin: 'sync' });
      expect(result.rejected).toHaveLength(1_000);
    }
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const series = text.split('\n').filter((line) => line.startsWith('arw_events_total{'));
    expect(series.length).toBeLessThanOrEqual(4);
    const total = series.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    expect(total).toBe(100_000);
    expect(series.every((line) => line.includes('kind="other"'))).toBe(true);
    expect(Buffer.byteLength(text)).toBeLessThan(64 * 1024);
  });
});
