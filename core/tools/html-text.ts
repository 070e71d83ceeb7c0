/**
 * Readable text and the title of an HTML page without a DOM (text.extract runs in core,
 * in workers and in Node). One forward scan: scripts, styles, templates, navigation, svg
 * and the head (except its title) are dropped; block elements become line breaks;
 * character references are decoded; whitespace collapses except inside <pre>.
 */
import { decodeEntities } from './html-entities';

export interface ExtractedText {
  title: string;
  text: string;
  /** True when the text was cut at `maxChars`. */
  truncated: boolean;
}

/** Content read raw to the matching end tag (no markup inside), then dropped. */
const RAW_DROPPED = new Set(['script', 'style', 'noscript', 'iframe', 'noembed', 'noframes', 'xmp']);
/** Elements whose whole subtree is dropped (nested markup counted). */
const SUBTREE_DROPPED = new Set(['template', 'nav', 'svg', 'math', 'select', 'object']);
/** A paragraph break before and after. */
const PARAGRAPHS = new Set(
  'p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl section article main figure hr form fieldset details address'.split(
    ' ',
  ),
);
/** A line break before and after. */
const LINES = new Set(
  'div li tr dt dd header footer aside figcaption summary caption legend option label center'.split(' '),
);
/** Void elements never have an end tag, so they never open a subtree. */
const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));

const NAME = /^[a-zA-Z][^\s/>\0]*/;

/** The index just past a tag's closing `>`, honouring quoted attribute values; -1 at EOF. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return -1;
}

/**
 * Where the raw text of `name` ends: the start of `</name`, case-insensitively (EOF when
 * unclosed). A regex, not indexOf on a lowercased copy: lowercasing can change a string's length.
 */
function rawEnd(html: string, from: number, name: string): number {
  const end = new RegExp(`</${name}`, 'gi');
  end.lastIndex = from;
  return end.exec(html)?.index ?? html.length;
}

/** Just past the end tag that starts at `stop` (EOF when there is none). */
function pastEndTag(html: string, stop: number): number {
  if (stop >= html.length) return html.length;
  const end = tagEnd(html, stop + 2);
  return end === -1 ? html.length : end;
}

const collapse = (text: string) => text.replace(/[ \t\n\r\f\u00a0]+/g, ' ');

// Breaks are marks while scanning, so that the breaks of nested blocks merge into one
// (a `</li><li>` is one line break) while two <br> still give an empty line.
const LINE = '\u0001';
const PARAGRAPH = '\u0002';
const BR = '\u0003';
// Spaces after the last mark stay: only <pre> text can put them there (its indentation).
const BREAKS = /[ \t\u00a0]*[\u0001-\u0003](?:[ \t\u00a0]*[\u0001-\u0003])*/g;

/** The marks turned into newlines: a paragraph mark or two <br> give an empty line. */
function tidy(text: string): string {
  const joined = text.replace(BREAKS, (run) => {
    const hard = run.split(BR).length - 1;
    const soft = run.includes(PARAGRAPH) ? 2 : run.includes(LINE) ? 1 : 0;
    return '\n'.repeat(Math.min(2, Math.max(hard, soft)));
  });
  return joined.replace(/\n{3,}/g, '\n\n').replace(/^\s*\n|\s+$/g, '');
}

/** The readable text and title of `html`, the text cut to `maxChars` characters. */
export function extractText(html: string, maxChars = Number.POSITIVE_INFINITY): ExtractedText {
  const out: string[] = [];
  let title: string | undefined;
  let firstHeading: string | undefined;
  let headingStart = -1;
  let inHead = false;
  let dropDepth = 0;
  let dropName = '';
  let preDepth = 0;
  let last = LINE;
  const emit = (text: string) => {
    if (dropDepth > 0 || inHead || text === '') return;
    // Spaces of neighbouring text runs (`a <b> b</b>`) collapse across the tags too.
    const piece = preDepth === 0 && text.startsWith(' ') && /[ \u0001-\u0003]$/.test(last) ? text.slice(1) : text;
    if (piece === '') return;
    out.push(piece);
    last = piece;
  };
  let preStart = false;

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1 || lt > i) {
      const end = lt === -1 ? html.length : lt;
      const text = decodeEntities(html.slice(i, end));
      // Browsers drop the one newline that follows <pre>.
      if (preDepth > 0) emit(preStart ? text.replace(/^\r?\n/, '') : text);
      else emit(collapse(text));
      preStart = false;
      i = end;
      continue;
    }
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', i)) {
      // Kept as literal text (as in XHTML and inline SVG); inside a dropped script it goes with it.
      const close = html.indexOf(']]>', i + 9);
      emit(collapse(html.slice(i + 9, close === -1 ? html.length : close)));
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    const next = html[i + 1] ?? '';
    if (next === '!' || next === '?') {
      const close = html.indexOf('>', i);
      i = close === -1 ? html.length : close + 1;
      continue;
    }
    const closing = next === '/';
    const match = NAME.exec(html.slice(i + (closing ? 2 : 1), i + 80));
    if (match === null) {
      emit('<');
      i += 1;
      continue;
    }
    const name = match[0].toLowerCase();
    const end = tagEnd(html, i + 1 + match[0].length);
    if (end === -1) break; // A tag cut off by the end of the page is dropped, as browsers do.
    const selfClosing = html[end - 2] === '/';
    const tag = html.slice(i, end);
    i = end;

    if (closing) {
      if (dropDepth > 0) {
        if (name === dropName) dropDepth--;
        continue;
      }
      if (name === 'head') inHead = false;
      if (name === 'pre' && preDepth > 0) preDepth--;
      if (name === 'h1' && headingStart >= 0 && firstHeading === undefined) {
        firstHeading = collapse(
          out
            .slice(headingStart)
            .join('')
            .replace(/[\u0001-\u0003]/g, ' '),
        ).trim();
      }
      if (PARAGRAPHS.has(name)) emit(PARAGRAPH);
      else if (LINES.has(name)) emit(LINE);
      continue;
    }
    if (dropDepth > 0) {
      if (name === dropName && !selfClosing) dropDepth++;
      continue;
    }
    if (name === 'title') {
      const stop = rawEnd(html, i, 'title');
      title ??= collapse(decodeEntities(html.slice(i, stop))).trim();
      i = pastEndTag(html, stop);
      continue;
    }
    if (RAW_DROPPED.has(name)) {
      i = pastEndTag(html, rawEnd(html, i, name));
      continue;
    }
    if (SUBTREE_DROPPED.has(name) && !selfClosing && !VOID.has(name)) {
      dropName = name;
      dropDepth = 1;
      continue;
    }
    if (name === 'head') inHead = true;
    else if (name === 'body') inHead = false;
    if (name === 'pre') {
      preDepth++;
      preStart = true;
    }
    if (name === 'h1' && firstHeading === undefined) headingStart = out.length;
    if (name === 'img') {
      const alt = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
      if (alt) emit(` ${collapse(decodeEntities(alt[1] ?? alt[2] ?? ''))} `);
    }
    if (PARAGRAPHS.has(name)) emit(PARAGRAPH);
    else if (LINES.has(name)) emit(LINE);
    else if (name === 'br') emit(BR);
    else if (name === 'td' || name === 'th') emit(' ');
  }

  const text = tidy(out.join(''));
  const truncated = text.length > maxChars;
  // Never end on half of a surrogate pair (an emoji).
  const cutAt = truncated && /[\ud800-\udbff]/.test(text[maxChars - 1] ?? '') ? maxChars - 1 : maxChars;
  return {
    title: title || firstHeading || '',
    text: truncated ? text.slice(0, cutAt).trimEnd() : text,
    truncated,
  };
}
