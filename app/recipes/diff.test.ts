/** What an update changes: manifest fields by path, and permissions in plain words. */
import { describe, expect, it } from 'vitest';
import { toolCapability } from '../../core/tools/builtin';
import { parseRecipe, type RecipeManifest } from '../../spec/recipe';
import { manifestDiff, permissionDiff } from './diff';
import { permissionModes } from './permissions';

function manifest(yaml: string): RecipeManifest {
  const parsed = parseRecipe(
    `id: demo\nname: Demo\ndescription: Does things.\nintent_preview: Fetches a page.\nprompts: { system: Help. }\n${yaml}`,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const V1 = manifest(`version: 1.0.0
capabilities: [net:http]
tags: [web]
tools:
  - { id: http.fetch, mode: ask }
  - { id: clock.now }
`);
const V2 = manifest(`version: 1.1.0
capabilities: [net.http, project.write]
tags: [web, notes]
tools:
  - { id: http.fetch, mode: { mode: ask, ttl_secs: 900 } }
  - { id: notes.append, mode: allow }
`);

describe('manifest diff', () => {
  it('lists changed scalars, tools matched by id, and list items added or removed', () => {
    const diff = manifestDiff(V1, V2);
    expect(diff).toEqual(
      expect.arrayContaining([
        { path: 'version', change: 'changed', before: '1.0.0', after: '1.1.0' },
        { path: 'capabilities', change: 'added', after: 'project:write' },
        { path: 'tags', change: 'added', after: 'notes' },
        { path: 'tools[http.fetch].mode', change: 'changed', before: 'ask', after: { mode: 'ask', ttl_secs: 900 } },
        { path: 'tools[clock.now]', change: 'removed', before: { id: 'clock.now', mode: 'ask' } },
        { path: 'tools[notes.append]', change: 'added', after: { id: 'notes.append', mode: 'allow' } },
      ]),
    );
    expect(diff.some((d) => d.path.startsWith('description'))).toBe(false);
  });

  it('two identical manifests have no diff', () => {
    expect(manifestDiff(V1, structuredClone(V1))).toEqual([]);
    expect(permissionDiff(V1, structuredClone(V1), toolCapability, (c) => c)).toEqual([]);
  });
});

describe('permission diff', () => {
  it('says in words which capabilities and tools come and go and which modes change', () => {
    const words = permissionDiff(V1, V2, toolCapability, (c) => `do ${c} things`).map((p) => [p.change, p.words]);
    expect(words).toEqual([
      ['added', 'Now asks for project:write: it may do project:write things.'],
      ['changed', 'http.fetch: was ask (asks you first), now ask@900s (asks you first; a yes lasts 15 min).'],
      ['added', 'Will call notes.append (needs project:write, runs without asking).'],
      ['removed', 'No longer calls clock.now.'],
    ]);
  });

  it('permission modes read capability=mode[@ttl s], leaving out tools that need nothing', () => {
    expect(permissionModes(V1, toolCapability)).toEqual(['net:http=ask']);
    expect(permissionModes(V2, toolCapability)).toEqual(['net:http=ask@900s', 'project:write=allow']);
  });
});
