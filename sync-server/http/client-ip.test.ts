/** X-Forwarded-For is honoured only from trusted proxies, read right to left. */
import { expect, test } from 'vitest';
import { resolveClientIp } from './client-ip';

test('forwarded addresses count only when the socket peer is a trusted proxy', () => {
  expect(resolveClientIp('203.0.113.9', '10.9.9.9', [])).toBe('203.0.113.9');
  expect(resolveClientIp('203.0.113.9', '10.9.9.9', ['127.0.0.1'])).toBe('203.0.113.9');
  expect(resolveClientIp('127.0.0.1', '198.51.100.7', ['127.0.0.1'])).toBe('198.51.100.7');
  // A client cannot spoof by prepending: the right-most untrusted hop wins.
  expect(resolveClientIp('127.0.0.1', '1.1.1.1, 198.51.100.7, 10.0.0.2', ['127.0.0.1', '10.0.0.2'])).toBe(
    '198.51.100.7',
  );
});
