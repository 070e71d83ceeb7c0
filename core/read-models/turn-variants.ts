/**
 * Turns and their variants (SPEC §7, `episode.started.turn_of`): Regenerate and
 * edit-and-resend start a new episode that names the turn's first episode, so one turn
 * holds every answer given to it. A turn shows one variant (the newest unless the person
 * picked another) and its own fields are that variant's, so history and the view read a
 * turn like a single exchange. Pure.
 */

export type TurnStatus = 'running' | 'completed' | 'canceled' | 'error';

/** One answer to a turn: one episode's user text, reply and how it ended. */
export interface ChatVariant {
  corrId: string;
  time: string;
  agent?: string;
  user: string;
  reply: string;
  status: TurnStatus;
  error?: string;
  /** The prompt as the model got it (`tokens.in` text), when recorded. */
  prompt?: string;
  /** `episode.started.turn_of`: the turn's first episode, when this one regenerates or edits it. */
  turnOf?: string;
}

/** A turn: the shown variant's fields, plus every variant and which one is shown. */
export interface ChatTurn extends ChatVariant {
  /** corr_id of the turn's first episode: the turn's stable key. */
  turnId: string;
  /** Oldest first. */
  variants: ChatVariant[];
  /** Index of the shown variant in `variants`. */
  shown: number;
}

/** Which variant each turn shows: turnId → the variant's corr_id (absent: the newest). */
export type VariantSelection = Readonly<Record<string, string>>;

const byTimeThenId = (a: ChatVariant, b: ChatVariant) =>
  a.time < b.time ? -1 : a.time > b.time ? 1 : a.corrId < b.corrId ? -1 : a.corrId > b.corrId ? 1 : 0;

/** The turn `variant` belongs to: follow `turn_of` to an episode that names none (cycles stop). */
function rootOf(variant: ChatVariant, byCorr: ReadonlyMap<string, ChatVariant>): string {
  let id = variant.turnOf ?? variant.corrId;
  const seen = new Set([variant.corrId]);
  for (let next = byCorr.get(id)?.turnOf; next !== undefined && !seen.has(id); next = byCorr.get(id)?.turnOf) {
    seen.add(id);
    id = next;
  }
  return id;
}

/** The turn showing `variants[shown]`. */
export function showVariant(turnId: string, variants: ChatVariant[], shown: number): ChatTurn {
  const index = Math.min(Math.max(0, shown), variants.length - 1);
  return { ...variants[index]!, turnId, variants, shown: index };
}

/**
 * Variants grouped into turns, oldest turn first (by its first variant), each showing its
 * newest variant. A variant whose first episode is missing (another agent's, or erased)
 * still forms a turn, keyed by the `turn_of` it names.
 */
export function groupVariants(variants: readonly ChatVariant[]): ChatTurn[] {
  const byCorr = new Map(variants.map((variant) => [variant.corrId, variant]));
  const groups = new Map<string, ChatVariant[]>();
  for (const variant of variants) {
    const root = rootOf(variant, byCorr);
    const group = groups.get(root);
    if (group) group.push(variant);
    else groups.set(root, [variant]);
  }
  const turns: ChatTurn[] = [];
  for (const [turnId, group] of groups) {
    group.sort(byTimeThenId);
    turns.push(showVariant(turnId, group, group.length - 1));
  }
  return turns.sort((a, b) => byTimeThenId(a.variants[0]!, b.variants[0]!) || (a.turnId < b.turnId ? -1 : 1));
}

/** `turns` with each selected variant shown; a selection naming no variant of its turn is ignored. */
export function applySelection(turns: readonly ChatTurn[], selection: VariantSelection): ChatTurn[] {
  return turns.map((turn) => {
    const wanted = selection[turn.turnId];
    const index = wanted === undefined ? -1 : turn.variants.findIndex((variant) => variant.corrId === wanted);
    return index === -1 || index === turn.shown ? turn : showVariant(turn.turnId, turn.variants, index);
  });
}

/**
 * `turns` with the running episode this tab started: its tokens arrive (through
 * `onToken`) before their batched events, so its variant shows whichever text is further;
 * before its first event it is a new variant of its turn (shown), or a new turn at the end.
 */
export function withRunningVariant(turns: readonly ChatTurn[], running: ChatVariant): ChatTurn[] {
  const turnId = running.turnOf ?? running.corrId;
  const index = turns.findIndex((turn) => turn.turnId === turnId);
  if (index === -1) return [...turns, showVariant(turnId, [running], 0)];
  const turn = turns[index]!;
  const at = turn.variants.findIndex((variant) => variant.corrId === running.corrId);
  const known = turn.variants[at];
  if (known && (known.status !== 'running' || known.reply.length >= running.reply.length)) return [...turns];
  const variants = known
    ? turn.variants.map((variant, i) => (i === at ? { ...variant, reply: running.reply } : variant))
    : [...turn.variants, running];
  const copy = turns.slice();
  copy[index] = showVariant(turn.turnId, variants, known ? turn.shown : variants.length - 1);
  return copy;
}
