import { describe, expect, test } from 'vitest';
import { toolsNoteFor } from './ToolsNote';

describe('the tools note under Chat', () => {
  test('a server model can call tools; the tiny model and web-llm get none and are told so; the probe keeps its rules', () => {
    expect(toolsNoteFor('openai:llama')).toMatchObject({ tools: true });
    expect(toolsNoteFor('arw-tiny-char')).toMatchObject({ tools: false, text: expect.stringMatching(/gets no tools/) });
    expect(toolsNoteFor('webllm:Llama-3.2-1B')).toMatchObject({ tools: false });
    expect(toolsNoteFor('probe')).toMatchObject({ tools: false, text: expect.stringMatching(/math.eval/) });
    expect(toolsNoteFor(undefined)).toBeUndefined();
  });
});
