import { describe, expect, test, vi } from 'vitest';
import { parseGrant } from './grant-parser';
import {
  buildItems,
  grantItems,
  rankItems,
  timeLeft,
  type PaletteActions,
  type PaletteItem,
  type PaletteSources,
} from './palette-items';

const sources = (over: Partial<PaletteSources> = {}): PaletteSources => ({
  projects: ['demo', 'garden'],
  currentProject: 'demo',
  conversations: [{ id: 'c1', title: 'Plan the trip', agent: 'recipe:planner' }],
  episodes: [{ id: 'E1', label: 'what time is it', detail: 'probe · completed' }],
  recipes: [{ id: 'save-page', name: 'Save a page to notes' }],
  models: [
    { id: 'probe', label: 'Probe agent' },
    { id: 'webllm:big', label: 'Big model', unavailable: 'no WebGPU adapter' },
  ],
  selectedModel: 'probe',
  profiles: [{ name: 'power-saver', label: 'Power saver', summary: 'one model warm' }],
  currentProfile: 'balanced',
  leases: [{ id: 'L1', capability: 'net:http', scope: 'net://example.com', time_left_ms: 12 * 60_000 }],
  tools: [
    { name: 'http.fetch', description: 'Fetches a URL', capability: 'net:http' },
    { name: 'clock.now', description: 'The time', capability: null },
  ],
  settings: [{ id: 'storage', label: 'Storage' }],
  missing: {},
  ...over,
});

function actions(): PaletteActions & Record<string, ReturnType<typeof vi.fn>> {
  const names = [
    'go',
    'newConversation',
    'setProject',
    'openConversation',
    'showEpisode',
    'launchRecipe',
    'attachRecipe',
    'selectModel',
    'setProfile',
    'openSettings',
    'revoke',
    'grant',
  ];
  return Object.fromEntries(names.map((name) => [name, vi.fn()])) as never;
}

const byId = (items: PaletteItem[], id: string) => items.find((item) => item.id === id)!;
const labels = (items: PaletteItem[]) => items.map((item) => item.label);

describe('items', () => {
  test('“Show the welcome” is a command when the app offers it, and runs it', () => {
    const a = actions();
    expect(buildItems(sources(), a).some((item) => item.id === 'cmd:welcome')).toBe(false);
    const showWelcome = vi.fn();
    const item = byId(buildItems(sources(), { ...a, showWelcome }), 'cmd:welcome');
    expect(item).toMatchObject({ label: 'Show the welcome', group: 'Command' });
    item.run?.();
    expect(showWelcome).toHaveBeenCalledOnce();
  });

  test('every kind of entity and command becomes an item that runs its action', () => {
    const a = actions();
    const items = buildItems(sources(), a);
    byId(items, 'view:gallery').run!();
    expect(a.go).toHaveBeenCalledWith('gallery');
    byId(items, 'project:garden').run!();
    expect(a.setProject).toHaveBeenCalledWith('garden');
    byId(items, 'conversation:c1').run!();
    expect(a.openConversation).toHaveBeenCalledWith('c1');
    byId(items, 'episode:E1').run!();
    expect(a.showEpisode).toHaveBeenCalledWith('E1');
    byId(items, 'recipe-run:save-page').run!();
    expect(a.launchRecipe).toHaveBeenCalledWith('save-page', 'demo');
    byId(items, 'attach:save-page:garden').run!();
    expect(a.attachRecipe).toHaveBeenCalledWith('save-page', 'garden');
    byId(items, 'model:probe').run!();
    expect(a.selectModel).toHaveBeenCalledWith('probe');
    byId(items, 'profile:power-saver').run!();
    expect(a.setProfile).toHaveBeenCalledWith('power-saver');
    byId(items, 'settings:storage').run!();
    expect(a.openSettings).toHaveBeenCalledWith('storage');
    byId(items, 'revoke:L1').run!();
    expect(a.revoke).toHaveBeenCalledWith('L1');
    byId(items, 'cmd:new-conversation').run!();
    expect(a.newConversation).toHaveBeenCalled();
    expect(byId(items, 'recipe-run:save-page').label).toBe('Run Save a page to notes on demo');
    const personal = buildItems(sources({ currentProject: undefined }), a);
    byId(personal, 'recipe-run:save-page').run!();
    expect(a.launchRecipe).toHaveBeenLastCalledWith('save-page', undefined);
    expect(byId(items, 'revoke:L1')).toMatchObject({
      label: 'Revoke net:http net://example.com',
      detail: '12 min left',
    });
  });

  test('an item that cannot run says why', () => {
    const items = buildItems(sources({ missing: { runtime: 'no runtime here', recipes: 'not wired' } }), actions());
    expect(byId(items, 'recipe-run:save-page').disabled).toBe('not wired');
    expect(byId(items, 'attach:save-page:demo').disabled).toBe('not wired');
    expect(byId(items, 'model:webllm:big').disabled).toBe('no WebGPU adapter');
    expect(byId(items, 'profile:power-saver').disabled).toBe('no runtime here');
    expect(byId(items, 'model:probe').disabled).toBeUndefined();
  });

  test('a tool that needs a capability starts a grant for it; tools that need none are not listed', () => {
    const items = buildItems(sources(), actions());
    expect(byId(items, 'tool:http.fetch')).toMatchObject({ fill: 'grant net:http ', group: 'Tool' });
    expect(byId(items, 'tool:http.fetch').run).toBeUndefined();
    expect(items.some((item) => item.id === 'tool:clock.now')).toBe(false);
  });

  test('the grant command fills the input with "grant " instead of running', () => {
    const item = byId(buildItems(sources(), actions()), 'cmd:grant');
    expect(item.fill).toBe('grant ');
    expect(item.run).toBeUndefined();
  });

  test('grant steps fill the input; the last step grants', () => {
    const a = actions();
    const steps = grantItems(parseGrant('grant n', { hosts: [], paths: [] }), a);
    expect(steps).toEqual([expect.objectContaining({ label: 'net:http', fill: 'grant net:http ', run: undefined })]);
    const last = grantItems(parseGrant('grant net:http example.com ', { hosts: [], paths: [] }), a);
    last[0]!.run!();
    expect(a.grant).toHaveBeenCalledWith({ capability: 'net:http', scope: 'net://example.com', ttl_secs: 900 });
    expect(grantItems(parseGrant('grant net:http a.com ', { hosts: [], paths: [] }), a, 'not wired')[0]!.disabled).toBe(
      'not wired',
    );
  });

  test('time left reads in seconds under a minute', () => {
    expect([timeLeft(40_000), timeLeft(12 * 60_000), timeLeft(-5)]).toEqual(['40 s left', '12 min left', '0 s left']);
  });
});

describe('ranking', () => {
  const items = buildItems(sources(), actions());

  test('with nothing typed, recent items come first, then the home commands', () => {
    const ranked = rankItems(items, '  ', ['model:probe', 'view:gallery', 'gone:item']);
    expect(labels(ranked).slice(0, 3)).toEqual(['Use model Probe agent', 'Open Gallery', 'New conversation']);
    expect(ranked.filter((item) => item.id === 'view:gallery')).toHaveLength(1);
    expect(ranked.some((item) => item.id.startsWith('attach:'))).toBe(false);
  });

  test('typing ranks fuzzy matches best first and drops the rest', () => {
    expect(labels(rankItems(items, 'open gallery', []))[0]).toBe('Open Gallery');
    expect(labels(rankItems(items, 'gall', []))[0]).toBe('Open Gallery');
    expect(labels(rankItems(items, 'attach save garden', []))).toEqual(['Attach Save a page to notes to garden']);
    expect(rankItems(items, 'zzqx', [])).toEqual([]);
  });

  test('matching is case-insensitive and finds entities by their keywords', () => {
    expect(labels(rankItems(items, 'OPEN HUB', []))[0]).toBe('Open Hub');
    expect(labels(rankItems(items, 'revoke example', []))[0]).toBe('Revoke net:http net://example.com');
    expect(labels(rankItems(items, 'what time', []))[0]).toBe('what time is it');
  });

  test('equal scores are broken by recency', () => {
    const twins: PaletteItem[] = [
      { id: 'a', label: 'Alpha one', group: 'Command' },
      { id: 'b', label: 'Alpha one', group: 'Command' },
    ];
    expect(rankItems(twins, 'alpha', []).map((i) => i.id)).toEqual(['a', 'b']);
    expect(rankItems(twins, 'alpha', ['b']).map((i) => i.id)).toEqual(['b', 'a']);
  });

  test('the list is capped', () => {
    expect(rankItems(items, 'o', [], 3)).toHaveLength(3);
  });
});
