/**
 * Who attached an agent to a project, in words: this device's name with "(this device)",
 * another device's name as device-names.ts knows it (presence, thread authors, names
 * remembered here), else the name the attaching device stored with the attachment, else
 * "another device". Never the raw `device:<ulid>` actor. Pure.
 */
import { UNKNOWN_DEVICE, type NameContext } from './device-names';
import type { AttachedAgent } from './project-doc';

export function attachedByLabel(
  agent: Pick<AttachedAgent, 'attached_by' | 'attached_by_name'>,
  context: NameContext,
): string {
  if (agent.attached_by && agent.attached_by === context.self) return `${context.selfName} (this device)`;
  const name = (agent.attached_by && context.names.get(agent.attached_by)) || agent.attached_by_name?.trim();
  return name || UNKNOWN_DEVICE;
}
