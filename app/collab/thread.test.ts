/** The shared thread's Yjs shape: appends, streamed text, defensive reads, convergence. */
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { conversationThread, threadDocName } from './doc-names';
import { appendMessage, appendText, finishMessage, groupTurns, messagesOf, readThread, threadHistory } from './thread';

const a = { actor: 'device:A', name: 'Laptop' };
const b = { actor: 'device:B', name: 'Phone' };

test('thread documents are named <project>/thread/<id>, so a project-scoped token reaches them', () => {
  expect(threadDocName('p1')).toBe('p1/thread/main');
  expect(threadDocName('p1', 'notes')).toBe('p1/thread/notes');
});

test('a reply streams into its Y.Text and is closed with a status; the final text fills only an empty reply', () => {
  const doc = new Y.Doc();
  appendMessage(doc, { id: 'u1', author: a, role: 'user', text: 'hi', corr_id: 'c1', time: 't' });
  appendMessage(doc, {
    id: 'r1',
    author: a,
    role: 'assistant',
    text: '',
    corr_id: 'c1',
    time: 't',
    status: 'streaming',
  });
  expect(appendText(doc, 'r1', 'hel')).toBe(true);
  appendText(doc, 'r1', 'lo');
  expect(appendText(doc, 'missing', 'x')).toBe(false);
  expect(readThread(doc)[1]).toMatchObject({ text: 'hello', status: 'streaming' });
  finishMessage(doc, 'r1', 'done', 'ignored');
  expect(readThread(doc)[1]).toMatchObject({ text: 'hello', status: 'done' });
  appendMessage(doc, {
    id: 'r2',
    author: a,
    role: 'assistant',
    text: '',
    corr_id: 'c2',
    time: 't',
    status: 'streaming',
  });
  finishMessage(doc, 'r2', 'done', 'not streamed');
  expect(readThread(doc)[2]!.text).toBe('not streamed');
});

test('entries a peer wrote in another shape are skipped or defaulted, never thrown on', () => {
  const doc = new Y.Doc();
  const odd = new Y.Map<unknown>();
  odd.set('id', 'x');
  odd.set('role', 'assistant');
  odd.set('text', 'plain string');
  messagesOf(doc).push([odd, new Y.Map<unknown>()]);
  (messagesOf(doc) as unknown as Y.Array<unknown>).push(['not a map']);
  expect(readThread(doc)).toEqual([
    {
      id: 'x',
      author: { actor: 'unknown', name: 'someone' },
      role: 'assistant',
      text: 'plain string',
      corr_id: '',
      time: '',
      status: 'done',
    },
  ]);
});

test('history leaves out replies still streaming; turns group a message with its reply', () => {
  const doc = new Y.Doc();
  appendMessage(doc, { id: 'u1', author: a, role: 'user', text: 'one', corr_id: 'c1', time: 't' });
  appendMessage(doc, { id: 'r1', author: a, role: 'assistant', text: 'answer', corr_id: 'c1', time: 't' });
  appendMessage(doc, { id: 'u2', author: b, role: 'user', text: 'two', corr_id: 'c2', time: 't' });
  appendMessage(doc, {
    id: 'r2',
    author: b,
    role: 'assistant',
    text: 'part',
    corr_id: 'c2',
    time: 't',
    status: 'streaming',
  });
  expect(threadHistory(readThread(doc))).toEqual([
    { role: 'user', content: 'one' },
    { role: 'assistant', content: 'answer' },
    { role: 'user', content: 'two' },
  ]);
  expect(groupTurns(readThread(doc)).map((turn) => [turn.corrId, turn.messages.map((m) => m.id)])).toEqual([
    ['c1', ['u1', 'r1']],
    ['c2', ['u2', 'r2']],
  ]);
});

test('two devices editing the same thread apart converge to identical state in either delivery order', () => {
  const docA = new Y.Doc();
  const docB = new Y.Doc();
  appendMessage(docA, { id: 'base', author: a, role: 'user', text: 'shared', corr_id: 'c0', time: 't0' });
  Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
  const before = Y.encodeStateVector(docB);
  appendMessage(docA, { id: 'offline-a', author: a, role: 'user', text: 'from A', corr_id: 'ca', time: 't1' });
  appendMessage(docB, { id: 'from-b', author: b, role: 'user', text: 'from B', corr_id: 'cb', time: 't1' });
  appendText(docB, 'base', ' (edited by B)');
  const fromA = Y.encodeStateAsUpdate(docA, before);
  const fromB = Y.encodeStateAsUpdate(docB, before);
  Y.applyUpdate(docA, fromB);
  Y.applyUpdate(docB, fromA);
  expect(Y.encodeStateVector(docA)).toEqual(Y.encodeStateVector(docB));
  expect(messagesOf(docA).toJSON()).toEqual(messagesOf(docB).toJSON());
  expect(
    readThread(docA)
      .map((m) => m.id)
      .sort(),
  ).toEqual(['base', 'from-b', 'offline-a']);
});

test('each conversation has its own thread; the main (legacy:) one and none keep `main`', () => {
  expect(threadDocName('p1', conversationThread('01KCONV'))).toBe('p1/thread/01KCONV');
  expect(threadDocName('p1', conversationThread('legacy:p1'))).toBe('p1/thread/main');
  expect(threadDocName('p1', conversationThread(undefined))).toBe('p1/thread/main');
});
