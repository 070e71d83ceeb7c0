/** Episodes in a shared project write the exchange into the thread, tokens as they stream. */
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import type { EpisodeInput } from '../../core/agent/run-episode';
import { runMirrored } from './mirror-episode';
import { appendMessage, readThread } from './thread';

const author = { actor: 'device:A', name: 'Laptop' };

function deps(doc: Y.Doc) {
  let n = 0;
  return { doc, author, newId: () => `id${++n}`, now: () => '2026-01-01T00:00:00.000Z' };
}

test('the user message and a streaming reply appear before the run ends; the run gets the thread as history', async () => {
  const doc = new Y.Doc();
  appendMessage(doc, {
    id: 'old',
    author: { actor: 'device:B', name: 'Phone' },
    role: 'user',
    text: 'earlier from B',
    corr_id: 'c0',
    time: 't',
  });
  const seen: string[] = [];
  const outerTokens: string[] = [];
  let history: EpisodeInput['history'];
  const outcome = await runMirrored(
    deps(doc),
    async (input) => {
      history = input.history;
      for (const token of ['Hel', 'lo']) {
        input.onToken?.(token);
        seen.push(readThread(doc)[2]!.text);
      }
      return { corrId: input.corrId!, reply: 'Hello', status: 'completed' };
    },
    { text: 'hi', agent: 'chat', corrId: 'c1', onToken: (token) => outerTokens.push(token) },
    new AbortController().signal,
  );
  expect(outcome.status).toBe('completed');
  expect(seen).toEqual(['Hel', 'Hello']);
  expect(outerTokens).toEqual(['Hel', 'lo']);
  expect(history).toEqual([{ role: 'user', content: 'earlier from B' }]);
  expect(readThread(doc).slice(1)).toMatchObject([
    { role: 'user', text: 'hi', corr_id: 'c1', author },
    { role: 'assistant', text: 'Hello', corr_id: 'c1', status: 'done' },
  ]);
});

test('a failed run marks the reply as failed and rethrows; a canceled run reads "stopped"', async () => {
  const doc = new Y.Doc();
  const signal = new AbortController().signal;
  await expect(
    runMirrored(
      deps(doc),
      async () => Promise.reject(new Error('boom')),
      { text: 'x', agent: 'chat', corrId: 'c1' },
      signal,
    ),
  ).rejects.toThrow('boom');
  await runMirrored(
    deps(doc),
    async (input) => ({ corrId: input.corrId!, reply: '', status: 'canceled' }),
    { text: 'y', agent: 'chat', corrId: 'c2' },
    signal,
  );
  expect(
    readThread(doc)
      .filter((m) => m.role === 'assistant')
      .map((m) => m.status),
  ).toEqual(['error', 'stopped']);
});
