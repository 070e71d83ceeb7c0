/**
 * The model picker's groups: options sorted into one group per backend family (ONNX on
 * this device, web-llm, servers on your network, probe), each option with its
 * availability, and the distinct reasons why a group's options cannot run here.
 */
import type { Availability, ModelOption } from '../../core/inference/capabilities';
import { BACKEND_KINDS, BACKEND_LABELS, backendKindOf, type BackendKind } from '../../core/inference/model-ids';

export interface PickerEntry {
  option: ModelOption;
  availability: Availability;
}

export interface PickerGroup {
  kind: BackendKind;
  label: string;
  entries: PickerEntry[];
  /** Each distinct reason of the unavailable entries, with how many it concerns. */
  unavailable: { reason: string; count: number }[];
}

const ALWAYS: Availability = { available: true, reason: '' };

/** Groups in picker order; empty groups are left out. */
export function groupOptions(
  options: readonly ModelOption[],
  availabilityOf?: (option: ModelOption) => Availability,
): PickerGroup[] {
  return BACKEND_KINDS.map((kind) => {
    const entries = options
      .filter((o) => backendKindOf(o.id) === kind)
      .map((option) => ({ option, availability: availabilityOf?.(option) ?? ALWAYS }));
    const reasons = new Map<string, number>();
    for (const entry of entries)
      if (!entry.availability.available)
        reasons.set(entry.availability.reason, (reasons.get(entry.availability.reason) ?? 0) + 1);
    return {
      kind,
      label: BACKEND_LABELS[kind],
      entries,
      unavailable: [...reasons].map(([reason, count]) => ({ reason, count })),
    };
  }).filter((group) => group.entries.length > 0);
}

/** The text of an option: its label, and why it cannot be picked when it cannot. */
export function optionText(entry: PickerEntry): string {
  return entry.availability.available ? entry.option.label : `${entry.option.label} — ${entry.availability.reason}`;
}
