/**
 * HTML character references for text.extract: numeric ones by the HTML rules (windows-1252
 * remap of 0x80-0x9F, U+FFFD for nulls, surrogates and out-of-range values) and the named
 * ones pages use in practice. The full table has 2,231 names; an unknown name stays as written.
 */

// prettier-ignore
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad',
  copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', minus: '−',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»',
  lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', prime: '′', Prime: '″', dagger: '†', Dagger: '‡',
  deg: '°', plusmn: '±', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾',
  sup1: '¹', sup2: '²', sup3: '³', micro: 'µ', para: '¶', sect: '§', permil: '‰',
  euro: '€', pound: '£', yen: '¥', cent: '¢', curren: '¤', iexcl: '¡', iquest: '¿',
  larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔', rArr: '⇒', lArr: '⇐', hArr: '⇔',
  le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞', sum: '∑', prod: '∏', radic: '√',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π',
  sigma: 'σ', tau: 'τ', phi: 'φ', omega: 'ω', Delta: 'Δ', Sigma: 'Σ', Omega: 'Ω',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d',
  check: '✓', hearts: '♥', star: '☆', starf: '★', szlig: 'ß', ordf: 'ª', ordm: 'º',
  Aring: 'Å', aring: 'å', AElig: 'Æ', aelig: 'æ', Oslash: 'Ø', oslash: 'ø', ccedil: 'ç', Ccedil: 'Ç',
  ntilde: 'ñ', Ntilde: 'Ñ', eth: 'ð', thorn: 'þ', OElig: 'Œ', oelig: 'œ', scaron: 'š', Scaron: 'Š',
};

/** Letters with accents: `&eacute;`, `&Uuml;`, ... built from one table instead of 60 lines. */
const ACCENTS: Record<string, [string, string]> = {
  acute: ['aeiouyAEIOUY', 'áéíóúýÁÉÍÓÚÝ'],
  grave: ['aeiouAEIOU', 'àèìòùÀÈÌÒÙ'],
  circ: ['aeiouAEIOU', 'âêîôûÂÊÎÔÛ'],
  uml: ['aeiouyAEIOUY', 'äëïöüÿÄËÏÖÜŸ'],
  tilde: ['aoAO', 'ãõÃÕ'],
};
for (const [accent, [plain, marked]] of Object.entries(ACCENTS)) {
  [...plain].forEach((letter, i) => (NAMED[letter + accent] = [...marked][i]!));
}

/** Names browsers also accept without the `;` (the legacy subset pages rely on). */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

// HTML's remap of C1 controls, which pages mean as windows-1252.
const C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function fromCodePoint(point: number): string {
  if (point === 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) return '\ufffd';
  if (point >= 0x80 && point <= 0x9f) return C1[point - 0x80]!;
  return String.fromCodePoint(point);
}

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,9});?|([a-zA-Z][a-zA-Z0-9]{1,31})(;?))/g;

/** `text` with its character references decoded. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex?: string, dec?: string, name?: string, semi?: string) => {
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return fromCodePoint(parseInt(dec, 10));
    const value = NAMED[name!];
    if (value === undefined || (semi === '' && !LEGACY.has(name!))) return whole;
    return value;
  });
}
