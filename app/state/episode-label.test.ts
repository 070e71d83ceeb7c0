/** Episodes in lists read by their first message and model, with labelled counts. */
import { expect, test } from 'vitest';
import { episodeCounts, episodeLabel, episodeTitle, modelName, stageCounts } from './episode-label';

const id = '01JEPISODE000000000ABCDEFGH';

test('“what time is it” · probe: the first message and the model', () => {
  expect(episodeLabel({ id, input: 'what time is it', model: 'probe' })).toBe('“what time is it” · probe');
  expect(episodeLabel({ id, input: 'hello', model: 'openai:tiny' })).toBe('“hello” · tiny');
  expect(episodeLabel({ id, input: 'hello' })).toBe('“hello”');
});

test('without a message: the recipe, the agent, else the short id', () => {
  expect(episodeTitle({ id, recipe_id: 'save-page' })).toBe('recipe save-page');
  expect(episodeTitle({ id, agent: 'chat' })).toBe('chat (no message)');
  expect(episodeTitle({ id })).toBe('episode …ABCDEFGH');
});

test('model names drop the backend prefix only when something follows it', () => {
  expect(modelName('webllm:Qwen2.5-0.5B')).toBe('Qwen2.5-0.5B');
  expect(modelName('arw-tiny-char')).toBe('arw-tiny-char');
  expect(modelName('odd:')).toBe('odd:');
  expect(modelName(undefined)).toBeUndefined();
});

test('counts say what they count, in the singular for one, leaving out zero tool calls and errors', () => {
  expect(episodeCounts({ count: 12, tool_calls: 3, errors: 0 })).toBe('12 events, 3 tool calls');
  expect(episodeCounts({ count: 1, tool_calls: 1, errors: 1 })).toBe('1 event, 1 tool call, 1 error');
  expect(episodeCounts({ count: 5, tool_calls: 0, errors: 2 })).toBe('5 events, 2 errors');
  expect(stageCounts({ obs: 2, beliefs: 1, intents: 1, actions: 0 })).toBe(
    'observations 2, beliefs 1, intents 1, actions 0',
  );
});
