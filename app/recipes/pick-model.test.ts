/** A launched recipe's model: preferred, then fallback, then the device default, and the reason shown. */
import { describe, expect, it } from 'vitest';
import { chooseModel, modelPatternMatches } from './pick-model';

const listed = [
  { id: 'arw-tiny-char', available: true },
  { id: 'openai:qwen', available: true },
  { id: 'webllm:Llama-3', available: false, reason: 'no WebGPU in this browser' },
];

describe('choosing a recipe model', () => {
  it('takes the preferred model when it is listed and can run, a pattern naming the match', () => {
    expect(chooseModel({ model: { preferred: 'openai:qwen' } }, listed, 'probe')).toEqual({
      id: 'openai:qwen',
      reason: 'preferred model openai:qwen',
    });
    expect(chooseModel({ model: { preferred: 'openai:*' } }, listed, 'probe').reason).toBe(
      'preferred model openai:* → openai:qwen',
    );
  });

  it('falls back when the preferred model is missing, saying so', () => {
    expect(chooseModel({ model: { preferred: 'openai:llama', fallback: 'probe' } }, listed, 'arw-tiny-char')).toEqual({
      id: 'probe',
      reason: 'preferred model openai:llama is not available here; using fallback probe',
    });
  });

  it('names why a listed model cannot run, then uses the device default when the fallback is missing too', () => {
    expect(chooseModel({ model: { preferred: 'webllm:*', fallback: 'openai:none' } }, listed, 'arw-tiny-char')).toEqual(
      {
        id: 'arw-tiny-char',
        reason:
          'preferred model webllm:* cannot run here (no WebGPU in this browser), nor is fallback openai:none; using the device default arw-tiny-char',
      },
    );
    expect(chooseModel({}, listed, 'arw-tiny-char').reason).toBe(
      'the recipe names no model; using the device default arw-tiny-char',
    );
  });

  it('patterns match * anywhere and nothing else loosely', () => {
    expect(modelPatternMatches('openai:*', 'openai:a.b')).toBe(true);
    expect(modelPatternMatches('openai:a.b', 'openai:aXb')).toBe(false);
    expect(modelPatternMatches('*', 'anything')).toBe(true);
  });
});
