/** Bad journal query parameters answer through the one problem helper. */
import { Hono } from 'hono';
import { expect, test } from 'vitest';
import { badQuery } from './http';

test('badQuery is a 400 journal-query-invalid problem naming each parameter', async () => {
  const app = new Hono();
  const issues = [{ path: 'after', message: 'must be a non-negative integer' }];
  app.get('/events', (c) => badQuery(c, issues));
  const res = await app.request('/events?after=-1');
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(await res.json()).toEqual({
    type: 'https://arw-hub.local/problems/journal-query-invalid',
    title: 'Bad Request',
    status: 400,
    detail: 'after: must be a non-negative integer',
    code: 'journal-query-invalid',
    instance: '/events',
    errors: issues,
  });
});
