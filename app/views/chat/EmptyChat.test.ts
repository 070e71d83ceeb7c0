import { describe, expect, test } from 'vitest';
import { emptyChatHint } from './EmptyChat';

describe('the empty chat’s hints follow the loaded model', () => {
  test('the probe gets its own commands', () => {
    const hint = emptyChatHint('probe');
    expect(hint.kind).toBe('probe');
    expect(hint.tries).toEqual(expect.arrayContaining(['what time is it', 'calc (1+2)/3']));
    expect(hint.text).toMatch(/rule-based test agent/);
  });

  test('the tiny demo model says what it is, and suggests no questions it cannot answer', () => {
    const hint = emptyChatHint('arw-tiny-char');
    expect(hint.kind).toBe('tiny');
    expect(hint.text).toMatch(/shipped with the app for trying things out.*nonsense-ish/);
    expect(hint.tries.join(' ')).not.toMatch(/calc|time is it/);
  });

  test('a server model gets ordinary questions and is said to call tools; web-llm is said not to', () => {
    const server = emptyChatHint('openai:llama3.2');
    expect(server.kind).toBe('server');
    expect(server.text).toMatch(/can call tools/);
    expect(server.tries.join(' ')).not.toMatch(/calc \(/);
    const webllm = emptyChatHint('webllm:Llama-3.2-1B');
    expect(webllm.kind).toBe('webllm');
    expect(webllm.text).toMatch(/gets no tools/);
  });

  test('while nothing is loaded only the empty line shows; a shared thread says it is the project’s', () => {
    expect(emptyChatHint(undefined)).toEqual({ kind: 'none', text: 'No messages yet.', tries: [] });
    expect(emptyChatHint('probe', true).text).toMatch(/^No messages in this project’s thread yet\./);
    expect(emptyChatHint('my-char-model').kind).toBe('onnx');
  });
});
