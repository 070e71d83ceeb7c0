/**
 * ULID generation (SPEC E1): 48 bits of milliseconds + 80 bits of randomness, in
 * Crockford base32. Monotonic within one generator: ids made in the same
 * millisecond increase, so the journal's id order matches emission order.
 * Time and randomness are passed in; nothing here reads globals.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type RandomBytes = (length: number) => Uint8Array;

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Each alphabet character's successor, by char code ('Z' has none: it carries). */
const NEXT: string[] = [];
for (let i = 0; i < 31; i++) NEXT[ALPHABET.charCodeAt(i)] = ALPHABET[i + 1]!;

/** Adds one to a base32 string, carrying; throws when it overflows (2^80 ids in one ms). */
function increment(text: string): string {
  // Most ids of a busy millisecond change only the last character: no split and join.
  for (let i = text.length - 1; i >= 0; i--) {
    const next = NEXT[text.charCodeAt(i)];
    if (next !== undefined) return text.slice(0, i) + next + '0'.repeat(text.length - 1 - i);
  }
  throw new Error('ulid randomness overflow within one millisecond');
}

/** Returns a function that makes monotonic ULIDs from the given clock and random source. */
export function createUlidFactory(now: () => number, randomBytes: RandomBytes): () => string {
  let lastTime = -1;
  let lastTimeText = '';
  let lastRandom = '';
  return () => {
    const time = now();
    if (time <= lastTime) {
      lastRandom = increment(lastRandom);
      return lastTimeText + lastRandom;
    }
    const bytes = randomBytes(16);
    let random = '';
    for (let i = 0; i < 16; i++) random += ALPHABET[bytes[i]! % 32];
    lastTime = time;
    lastTimeText = encodeTime(time);
    lastRandom = random;
    return lastTimeText + random;
  };
}

/** Milliseconds since the epoch encoded in a ULID. */
export function ulidTime(id: string): number {
  let ms = 0;
  for (let i = 0; i < 10; i++) ms = ms * 32 + ALPHABET.indexOf(id[i]!);
  return ms;
}
