/**
 * The tiny model's character vocabulary: a fixed list of characters (shipped in the
 * model's config json), ids by position. Unknown characters map to the space id so any
 * user text can be encoded. Pure: no IO, no globals.
 */

export interface CharVocab {
  /** The characters, id = index. */
  readonly chars: readonly string[];
  readonly size: number;
  /** Id of `char`, or the fallback (space) id for characters outside the vocabulary. */
  id(char: string): number;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

/** Builds the vocabulary from a list of single characters (must contain a space). */
export function createCharVocab(chars: readonly string[]): CharVocab {
  const index = new Map<string, number>();
  chars.forEach((char, i) => index.set(char, i));
  const fallback = index.get(' ');
  if (fallback === undefined) throw new Error('a character vocabulary needs a space');
  const id = (char: string) => index.get(char) ?? fallback;
  return {
    chars,
    size: chars.length,
    id,
    encode: (text) => Array.from(text, id),
    decode: (ids) => ids.map((i) => chars[i] ?? ' ').join(''),
  };
}

/** The sorted set of characters in `text` (the training corpus), always with a space. */
export function charsOf(text: string): string[] {
  const set = new Set(Array.from(text));
  set.add(' ');
  return [...set].sort();
}

/**
 * The model's input for the next step: the last `size` ids of `ids`, left-padded with
 * `pad` (the space id) when the text is shorter than the window.
 */
export function contextWindow(ids: readonly number[], size: number, pad: number): number[] {
  const tail = ids.slice(Math.max(0, ids.length - size));
  return [...new Array<number>(size - tail.length).fill(pad), ...tail];
}

/**
 * `contextWindow` written into `target` in place (its length is the window size), with
 * ids mapped through `big` (each id as a BigInt, precomputed): the generation loop's
 * int64 input without allocating per step.
 */
export function fillContextWindow(
  target: BigInt64Array,
  ids: readonly number[],
  pad: number,
  big: readonly bigint[],
): BigInt64Array {
  const offset = ids.length - target.length;
  for (let i = 0; i < target.length; i += 1) target[i] = big[offset + i >= 0 ? ids[offset + i]! : pad]!;
  return target;
}

/** Folds text into what the model has seen: curly quotes and dashes to ASCII, whitespace runs to one space. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[ \t\r]+/g, ' ');
}
