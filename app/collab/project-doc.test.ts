/** The project document's shape: attach and detach agents, defensive reads, convergence. */
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { PERSONAL_PROJECT, projectDocName } from './doc-names';
import { agentsOf, attachAgent, detachAgent, readAgents } from './project-doc';

const probe = { agent_id: 'probe', label: 'Probe agent', attached_by: 'device:A', time: '2026-01-01T00:00:01.000Z' };
const tiny = {
  agent_id: 'arw-tiny-char',
  label: 'Tiny model',
  attached_by: 'device:B',
  time: '2026-01-01T00:00:02.000Z',
};

test('project documents are named <project>/project; personal work gets a name no project id can take', () => {
  expect(projectDocName('p1')).toBe('p1/project');
  expect(projectDocName(undefined)).toBe(`${PERSONAL_PROJECT}/project`);
  expect(/^[A-Za-z0-9_.-]{1,64}$/.test(PERSONAL_PROJECT)).toBe(false);
});

test('attach adds one entry per agent (attaching again replaces it); detach removes it', () => {
  const doc = new Y.Doc();
  attachAgent(doc, tiny);
  attachAgent(doc, probe);
  attachAgent(doc, { ...probe, attached_by: 'device:C' });
  expect(readAgents(doc)).toEqual([{ ...probe, attached_by: 'device:C' }, tiny]);
  expect(detachAgent(doc, 'probe')).toBe(true);
  expect(detachAgent(doc, 'probe')).toBe(false);
  expect(readAgents(doc)).toEqual([tiny]);
});

test('entries a peer wrote in another shape are skipped or defaulted, never thrown on', () => {
  const doc = new Y.Doc();
  agentsOf(doc).set('odd', 'not an object');
  agentsOf(doc).set('wrong-key', { agent_id: 'other' });
  agentsOf(doc).set('bare', { agent_id: 'bare', label: 3 });
  expect(readAgents(doc)).toEqual([{ agent_id: 'bare', label: 'bare', attached_by: '', time: '' }]);
});

test('an agent attached on B and one detached on A converge on both devices', () => {
  const docA = new Y.Doc();
  const docB = new Y.Doc();
  attachAgent(docA, probe);
  Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
  const before = Y.encodeStateVector(docA);
  attachAgent(docB, tiny);
  detachAgent(docA, 'probe');
  Y.applyUpdate(docA, Y.encodeStateAsUpdate(docB, before));
  Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA, before));
  expect(readAgents(docA)).toEqual([tiny]);
  expect(readAgents(docB)).toEqual([tiny]);
});

test('the attaching device’s name is kept beside its actor (bounded); a non-string name is dropped', () => {
  const doc = new Y.Doc();
  attachAgent(doc, { ...probe, attached_by_name: 'Laptop' });
  expect(readAgents(doc)[0]).toEqual({ ...probe, attached_by_name: 'Laptop' });
  agentsOf(doc).set('odd', { agent_id: 'odd', label: 'Odd', attached_by: 'device:X', attached_by_name: 7, time: '' });
  expect(readAgents(doc).find((agent) => agent.agent_id === 'odd')).not.toHaveProperty('attached_by_name');
});
