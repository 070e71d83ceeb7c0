/** parseRecipe (SPEC §4): a valid manifest reads back normalized; each kind of bad one names its field. */
import { describe, expect, test } from 'vitest';
import { parseRecipe, validateRecipe, type FieldError } from './recipe';

const VALID = `id: save-page-to-notes
name: Save a page to notes
version: 1.0.0
description: Fetches a page and appends its text to the notes.
author: ARW Hub
capabilities: [net.http, project:write]
tools:
  - id: http.fetch
    mode: { mode: ask, ttl_secs: 900 }
    params: { max_bytes: 100000 }
  - id: text.extract
    mode: allow
  - id: notes.append
workflow:
  - id: fetch
    label: Fetch the page
    tool: http.fetch
    params: { url: "{{input}}" }
  - id: extract
    tool: text.extract
    params: { html: "{{steps.fetch.body}}" }
  - id: save
    tool: notes.append
    params: { text: "# {{steps.extract.title}}\\n\\n{{steps.extract.text}}" }
intent_preview: Fetches one page you name and appends its text to this project's notes.
ui: { input_label: Page URL }
tags: [web, notes]
`;

/** `base` (VALID) with `line` (a `key: value` at top level) replaced or added. */
function withLine(key: string, line: string, base = VALID): string {
  const lines = base.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${key}:`));
  if (at >= 0) lines[at] = line;
  else lines.splice(lines.length - 1, 0, line);
  return lines.join('\n');
}

function errorsOf(text: string): FieldError[] {
  const result = parseRecipe(text);
  if (result.ok) throw new Error('expected the manifest to be refused');
  return result.error;
}

/** The one error at `path` (and that it is the only error for that path). */
function errorAt(text: string, path: string): string {
  const errors = errorsOf(text);
  const matching = errors.filter((e) => e.path === path);
  expect(matching, JSON.stringify(errors)).toHaveLength(1);
  return matching[0]!.message;
}

const WORKFLOW_ONLY = (steps: string, tools = '  - id: http.fetch\n  - id: notes.append') =>
  `id: a\nname: A\nversion: 1.0.0\ndescription: d\nintent_preview: p\ntools:\n${tools}\nworkflow:\n${steps}\n`;

describe('a valid manifest', () => {
  test('reads from YAML with dotted capabilities normalized and defaults filled', () => {
    const result = parseRecipe(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.capabilities).toEqual(['net:http', 'project:write']);
    expect(result.value.tools.map((t) => t.mode)).toEqual([{ mode: 'ask', ttl_secs: 900 }, 'allow', 'ask']);
    expect(result.value.step_limit).toBe(8);
    expect(result.value.workflow?.map((s) => s.id)).toEqual(['fetch', 'extract', 'save']);
  });

  test('reads the same manifest from JSON, detected by its first character', () => {
    const yaml = parseRecipe(VALID);
    if (!yaml.ok) throw new Error('VALID must parse');
    const json = parseRecipe(`  ${JSON.stringify(yaml.value)}`);
    expect(json).toEqual(yaml);
    expect(parseRecipe(JSON.stringify(yaml.value), 'json')).toEqual(yaml);
  });

  test('a prompts-only recipe needs no tools or workflow', () => {
    const text =
      'id: a\nname: A\nversion: 2.1.0-beta.1+build.5\ndescription: d\nintent_preview: p\nprompts: {system: s}\n';
    expect(parseRecipe(text).ok).toBe(true);
  });
});

describe('one error per bad field, with its path', () => {
  test('missing required field', () => {
    const text = VALID.replace(/^name: .*\n/m, '');
    expect(errorAt(text, 'name')).toMatch(/^is required \(a display name/);
  });

  test('bad slug', () => {
    expect(errorAt(withLine('id', 'id: Save Page'), 'id')).toMatch(/must be a slug.*\(got "Save Page"\)/);
    expect(errorAt(withLine('id', 'id: -leading-dash'), 'id')).toMatch(/starting with a letter or digit/);
    expect(errorAt(withLine('id', `id: ${'a'.repeat(65)}`), 'id')).toMatch(/1 to 64/);
  });

  test('bad semver', () => {
    expect(errorAt(withLine('version', 'version: "1.0"'), 'version')).toBe(
      'must be a semantic version like 1.0.0 (got "1.0")',
    );
    expect(errorAt(withLine('version', 'version: 1.0'), 'version')).toMatch(/got the number 1\)$/);
  });

  test('unknown key at the top level, with a suggestion', () => {
    expect(errorAt(withLine('autor', 'autor: me'), 'autor')).toBe('unknown key "autor" (did you mean "author"?)');
    expect(errorAt(withLine('permissions', 'permissions: {}'), 'permissions')).toMatch(/accepted keys here: id, name/);
  });

  test('unknown key nested in a tool, a mode, a step and ui', () => {
    const text = VALID.replace('mode: allow', 'mode: allow\n    timeout: 5')
      .replace('ttl_secs: 900', 'ttl: 900')
      .replace('label: Fetch the page', 'lable: Fetch the page')
      .replace('input_label: Page URL', 'input_label: Page URL, color: red');
    expect(errorAt(text, 'tools[1].timeout')).toMatch(
      /^unknown key "timeout"; accepted keys here: id, version, mode, params, plugin$/,
    );
    expect(errorAt(text, 'tools[0].mode.ttl')).toMatch(/unknown key "ttl"/);
    expect(errorAt(text, 'workflow[0].lable')).toBe('unknown key "lable" (did you mean "label"?)');
    expect(errorAt(text, 'ui.color')).toMatch(/unknown key "color"/);
  });

  test('duplicate tool', () => {
    const text = VALID.replace('  - id: notes.append\n', '  - id: notes.append\n  - id: http.fetch\n');
    expect(errorAt(text, 'tools[3].id')).toBe('"http.fetch" is listed twice (first at tools[0])');
  });

  test('duplicate step', () => {
    const text = WORKFLOW_ONLY('  - {id: get, tool: http.fetch}\n  - {id: get, tool: notes.append}');
    expect(errorAt(text, 'workflow[1].id')).toBe('"get" is listed twice (first at workflow[0])');
  });

  test('step naming an undeclared tool names the tool', () => {
    const text = WORKFLOW_ONLY('  - {id: get, tool: http.fetch}\n  - {id: x, tool: text.extract}');
    expect(errorAt(text, 'workflow[1].tool')).toMatch(/^"text.extract" is not declared under tools/);
  });

  test('step with both tool and prompt, and with neither', () => {
    const text = WORKFLOW_ONLY('  - {id: a, tool: http.fetch, prompt: hi}\n  - {id: b, label: nothing}');
    expect(errorAt(text, 'workflow[0]')).toMatch(/exactly one of tool or prompt; this one has both/);
    expect(errorAt(text, 'workflow[1]')).toMatch(/this one has neither/);
  });

  test('placeholder naming a later or unknown step', () => {
    const text = WORKFLOW_ONLY(
      '  - {id: a, tool: http.fetch, params: {url: "{{steps.b.url}}"}}\n' +
        '  - {id: b, tool: notes.append, params: {text: "{{oops}}"}}',
    );
    expect(errorAt(text, 'workflow[0].params.url')).toMatch(/names no earlier step/);
    expect(errorAt(text, 'workflow[1].params.text')).toMatch(/is not a placeholder; use \{\{input\}\}/);
  });

  test('bad mode', () => {
    const text = VALID.replace('mode: allow', 'mode: sometimes');
    expect(errorAt(text, 'tools[1].mode')).toBe(
      'must be ask, allow or never, or a mapping {mode, ttl_secs} (got "sometimes")',
    );
    expect(errorAt(VALID.replace('mode: ask,', 'mode: maybe,'), 'tools[0].mode.mode')).toMatch(/ask, allow or never/);
  });

  test('ttl out of range', () => {
    expect(errorAt(VALID.replace('ttl_secs: 900', 'ttl_secs: 90000'), 'tools[0].mode.ttl_secs')).toMatch(
      /from 1 to 86400.*got the number 90000/,
    );
    expect(errorAt(VALID.replace('ttl_secs: 900', 'ttl_secs: 0'), 'tools[0].mode.ttl_secs')).toMatch(/from 1/);
  });

  test('step_limit out of range', () => {
    expect(errorAt(withLine('step_limit', 'step_limit: 33'), 'step_limit')).toBe(
      'must be a whole number from 1 to 32 (got the number 33)',
    );
    expect(errorAt(withLine('step_limit', 'step_limit: 2.5'), 'step_limit')).toMatch(/whole number/);
  });

  test('bad capability, and the same capability twice under two spellings', () => {
    expect(errorAt(withLine('capabilities', 'capabilities: [net:http, Net.HTTP]'), 'capabilities[1]')).toMatch(
      /must be a capability: one of fs:read.*\(got "Net.HTTP"\)/,
    );
    expect(errorAt(withLine('capabilities', 'capabilities: [fs:read, file.read]'), 'capabilities[1]')).toBe(
      '"fs:read" is listed twice (first at capabilities[0])',
    );
  });

  test('neither prompts nor workflow', () => {
    const text = 'id: a\nname: A\nversion: 1.0.0\ndescription: d\nintent_preview: p\n';
    expect(errorAt(text, 'prompts')).toMatch(/needs prompts .* a workflow .* or both/);
  });

  test('duplicate tag', () => {
    expect(errorAt(withLine('tags', 'tags: [web, web]'), 'tags[1]')).toMatch(/listed twice/);
  });

  test('YAML syntax error gives its line and column', () => {
    const text = 'id: a\nname: A\ntools: [\n  - id: x\n';
    expect(errorAt(text, '(root)')).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(errorAt('id: a\nid: b\n', '(root)')).toMatch(/^YAML syntax error at line 2, column 1: .*unique/i);
  });

  test('JSON syntax error is named as such', () => {
    expect(errorAt('{"id": "a",}', '(root)')).toMatch(/^JSON syntax error/);
  });

  test('not an object', () => {
    expect(errorAt('- id: a\n', '(root)')).toMatch(/must be a mapping of fields .* got a list of 1/);
    expect(errorAt('', '(root)')).toMatch(/got an empty document/);
    expect(validateRecipe('text').ok).toBe(false);
  });

  test('every bad field is reported at once, each exactly once', () => {
    const text = withLine('version', 'version: x').replace('mode: allow', 'mode: 5').replace('id: fetch', 'id: save');
    const paths = errorsOf(withLine('step_limit', 'step_limit: 0', text)).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['version', 'step_limit', 'tools[1].mode', 'workflow[2].id']));
    expect(new Set(paths).size).toBe(paths.length);
  });

  test('an oversized manifest is refused before parsing', () => {
    expect(errorAt(`${VALID}# ${'x'.repeat(300_000)}\n`, '(root)')).toMatch(/at most 262144/);
  });
});
