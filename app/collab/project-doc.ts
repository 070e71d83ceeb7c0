/**
 * A project's shared document (`<project>/project`): its notes as one `Y.Text` and the
 * agents attached to it as a `Y.Map` keyed by agent id. Writers attach and detach;
 * readers get plain snapshots. Any peer can write anything, so reads check each field.
 */
import * as Y from 'yjs';

/** Stored in the document's `meta` map; readers of a newer format can tell. */
export const PROJECT_DOC_FORMAT = 1;

export interface AttachedAgent {
  /** A model or agent id the app knows (`probe`, `arw-tiny-char`). */
  agent_id: string;
  label: string;
  /** The device actor that attached it. */
  attached_by: string;
  /** That device's name when it attached it (shown when the device is not around to say its name). */
  attached_by_name?: string;
  time: string;
}

export const notesOf = (doc: Y.Doc): Y.Text => doc.getText('notes');
export const agentsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>('agents');

function stampFormat(doc: Y.Doc): void {
  const meta = doc.getMap('meta');
  if (meta.get('format') === undefined) meta.set('format', PROJECT_DOC_FORMAT);
}

/** Attaches `agent` (attaching it again replaces the entry: one per agent id). */
export function attachAgent(doc: Y.Doc, agent: AttachedAgent): void {
  doc.transact(() => {
    stampFormat(doc);
    agentsOf(doc).set(agent.agent_id, { ...agent });
  });
}

/** Detaches `agentId`; false when it was not attached. */
export function detachAgent(doc: Y.Doc, agentId: string): boolean {
  const agents = agentsOf(doc);
  if (!agents.has(agentId)) return false;
  agents.delete(agentId);
  return true;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The attached agents, oldest first (then by id); malformed entries skipped. */
export function readAgents(doc: Y.Doc): AttachedAgent[] {
  const agents: AttachedAgent[] = [];
  for (const [key, raw] of agentsOf(doc).entries()) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const entry = raw as Record<string, unknown>;
    if (str(entry.agent_id) !== key || !key) continue;
    agents.push({
      agent_id: key,
      label: str(entry.label) || key,
      attached_by: str(entry.attached_by),
      ...(str(entry.attached_by_name) ? { attached_by_name: str(entry.attached_by_name).slice(0, 80) } : {}),
      time: str(entry.time),
    });
  }
  return agents.sort((a, b) => a.time.localeCompare(b.time) || a.agent_id.localeCompare(b.agent_id));
}
