/** Problem responses (RFC 9457): status from the code's map, extras from AppError details, 500s say nothing inside. */
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../core/errors/app-error';
import { errorToResponse, problemBody, problemResponse, statusOf } from './problem';

/** A bare app whose only route throws `error`, answered by the one error handler. */
function throwing(error: unknown): Hono {
  const app = new Hono();
  app.get('/x', () => {
    throw error;
  });
  app.onError((e, c) => errorToResponse(e, c));
  return app;
}

describe('problem responses', () => {
  test('the status and title come from the code', () => {
    expect(problemBody('token-unknown', 'no active token tok_1', '/admin/tokens/tok_1')).toEqual({
      type: 'https://arw-hub.local/problems/token-unknown',
      title: 'Not Found',
      status: 404,
      detail: 'no active token tok_1',
      code: 'token-unknown',
      instance: '/admin/tokens/tok_1',
    });
    expect([
      statusOf('invalid-request'),
      statusOf('gated'),
      statusOf('rate-limited'),
      statusOf('app-not-built'),
      statusOf('sync-store-failed'),
    ]).toEqual([400, 403, 429, 503, 500]);
  });

  test('a 401 asks for a bearer token; extra headers and the gating key are carried', async () => {
    const denied = problemResponse('unauthorized', 'no token', '/events');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    expect(denied.headers.get('content-type')).toBe('application/problem+json');
    const gated = problemResponse('gated', 'denied', '/events', {
      gatingKey: 'events:read',
      headers: { 'RateLimit-Remaining': '3' },
    });
    expect(gated.status).toBe(403);
    expect(gated.headers.get('www-authenticate')).toBeNull();
    expect(gated.headers.get('ratelimit-remaining')).toBe('3');
    expect(await gated.json()).toMatchObject({ code: 'gated', gating_key: 'events:read' });
  });

  test('an AppError thrown by a handler answers with its code, message and field errors', async () => {
    const errors = [{ path: 'body.label', message: 'required' }];
    const res = await throwing(
      new AppError('invalid-request', 'body.label: required', { details: { errors } }),
    ).request('/x');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      type: 'https://arw-hub.local/problems/invalid-request',
      title: 'Bad Request',
      status: 400,
      detail: 'body.label: required',
      code: 'invalid-request',
      instance: '/x',
      errors,
    });
  });

  test('details of another shape are not mistaken for problem extras', async () => {
    const res = await throwing(
      new AppError('event-invalid', 'bad event', {
        details: { index: 0, issues: [{ path: 'kind' }], errors: 'not a list', headers: { n: 1 } },
      }),
    ).request('/x');
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('errors');
    expect(res.headers.get('n')).toBeNull();
  });

  test('a 500 shows neither the message nor the details; a non-AppError is internal', async () => {
    const inner = await throwing(
      new AppError('sync-store-failed', 'SQLITE_FULL at /var/data', {
        details: { errors: [{ path: 'a', message: 'b' }] },
      }),
    ).request('/x');
    expect(inner.status).toBe(500);
    expect(await inner.json()).toEqual({
      type: 'https://arw-hub.local/problems/sync-store-failed',
      title: 'Internal Server Error',
      status: 500,
      code: 'sync-store-failed',
      instance: '/x',
    });
    const bug = await throwing(new TypeError('x is undefined')).request('/x');
    expect(bug.status).toBe(500);
    expect(await bug.json()).toMatchObject({ code: 'internal', title: 'Internal Server Error' });
  });
});
