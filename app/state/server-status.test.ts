/** Settings → Server keeps each failure as a catalogue code; the words it shows come from the catalogue. */
import { expect, test, vi } from 'vitest';
import { describeNote } from '../../core/errors';
import { createServerStatus, failureProblem } from './server-status';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const HEALTH = { ok: true, version: '1', nats: { state: 'disabled' } };

test('a refused admin token, a missing one and an unreachable server are each their own code', async () => {
  const answers = new Map<string, () => Response>([['/healthz', () => json(HEALTH)]]);
  const fetch = async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname;
    if (path === '/admin/metrics/routes' || path === '/events/tail')
      return json({ type: 'x', code: 'unauthorized' }, 401);
    const answer = answers.get(path);
    if (!answer) throw new TypeError('Failed to fetch');
    return answer();
  };
  const status = createServerStatus({ origin: 'http://127.0.0.1:8787', fetch: fetch as typeof globalThis.fetch });

  status.configure('', '', false);
  await vi.waitFor(() => expect(status.error()).toEqual({ code: 'server-admin-token-needed' }));
  expect(describeNote(status.error()!)).toMatch(/^Enter an admin token with the admin:metrics scope/);

  status.configure('', 'arw_wrong', false);
  await vi.waitFor(() => expect(status.error()).toEqual({ code: 'server-admin-token-refused' }));
  expect(describeNote(status.error()!)).toContain('did not accept the admin token');

  answers.clear();
  status.configure('http://127.0.0.1:9', 'arw_wrong', false);
  await vi.waitFor(() =>
    expect(status.error()).toEqual({
      code: 'server-unreachable',
      detail: 'could not reach http://127.0.0.1:9: Failed to fetch',
    }),
  );
  expect(describeNote(status.error()!)).toMatch(
    /^Could not reach the sync server.*\(could not reach http:\/\/127\.0\.0\.1:9: Failed to fetch\)$/,
  );
});

test('an address that answers but is not an ARW server says so, instead of a parse error', async () => {
  const page = () => new Response('<h1>hello</h1>', { status: 200, headers: { 'content-type': 'text/html' } });
  const status = createServerStatus({
    origin: 'http://127.0.0.1:8787',
    fetch: (async () => page()) as typeof globalThis.fetch,
  });
  status.configure('http://127.0.0.1:3000', 'arw_token', false);
  await vi.waitFor(() =>
    expect(status.error()).toEqual({ code: 'server-not-arw', detail: '/healthz answered 200 (text/html)' }),
  );
  const missing = createServerStatus({
    origin: 'http://127.0.0.1:8787',
    fetch: (async () => new Response('nope', { status: 404 })) as typeof globalThis.fetch,
  });
  missing.configure('http://127.0.0.1:3000', 'arw_token', false);
  await vi.waitFor(() => expect(missing.error()?.code).toBe('server-not-arw'));
  expect(describeNote(missing.error()!)).toMatch(/^That address answers, but not as an ARW sync server/);
});

test('other statuses map to their codes', () => {
  expect(failureProblem(403, 'u')).toEqual({ code: 'server-admin-scope-missing' });
  expect(failureProblem(429, 'u')).toEqual({ code: 'rate-limited' });
  expect(failureProblem(502, 'u')).toEqual({ code: 'server-answered-error', detail: 'HTTP 502' });
});
