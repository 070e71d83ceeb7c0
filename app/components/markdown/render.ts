/**
 * Markdown for replies: `marked` (GitHub-flavoured, single newlines kept as breaks, as
 * chat text means them) turned into a sanitized DOM fragment by DOMPurify, so nothing a
 * model writes can run: no <script>, <iframe>, forms or <style>, no on* or style
 * attributes, no javascript: or data: links (DOMPurify's URI rules). Links open in a new
 * tab without an opener or a referrer. Each code block gets a header with its language
 * and a Copy button (the Markdown component handles the click). Browser only: DOMPurify
 * needs the DOM, so its instance is made on first use.
 */
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: true, async: false });

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  USE_PROFILES: { html: true },
  // Forms and buttons could imitate the app's own controls; ids and names could clobber its globals.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog'],
  FORBID_ATTR: ['style', 'id', 'name', 'tabindex', 'autofocus'],
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

/** `language-<x>` on a code element is the one class a reply keeps (marked writes it for ```x fences). */
const LANGUAGE_CLASS = /^language-([\w+#.-]{1,32})$/;

let purifier: Purifier | undefined;

function purify(): Purifier {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    if (node.hasAttribute('class') && !(node.tagName === 'CODE' && LANGUAGE_CLASS.test(node.className)))
      node.removeAttribute('class');
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.tagName === 'IMG') {
      node.setAttribute('referrerpolicy', 'no-referrer');
      // Screen readers name an image; a reply's <img> without alt gets a generic one.
      if (!node.hasAttribute('alt')) node.setAttribute('alt', 'An image in the reply');
    }
  });
  purifier = instance;
  return instance;
}

/** `html` with everything that could run or imitate the app removed, as a fragment of this document. */
export function sanitizeHtml(html: string): DocumentFragment {
  return purify().sanitize(html, CONFIG);
}

/** The language a code element was fenced with (`ts` for ```ts), if any. */
export function languageOf(code: Element): string | undefined {
  return LANGUAGE_CLASS.exec(code.className)?.[1];
}

/** Wraps each <pre><code> in a block with a header: the language label and a Copy button. */
function decorateCodeBlocks(fragment: DocumentFragment): void {
  for (const pre of fragment.querySelectorAll('pre')) {
    const code = pre.querySelector('code');
    const language = code ? languageOf(code) : undefined;
    const block = document.createElement('div');
    block.className = 'code-block';
    block.dataset.testid = 'code-block';
    const head = document.createElement('div');
    head.className = 'code-head';
    const label = document.createElement('span');
    label.className = 'code-lang';
    label.dataset.testid = 'code-lang';
    label.textContent = language ?? 'text';
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'code-copy';
    copy.dataset.testid = 'copy-code';
    copy.setAttribute('aria-label', language ? `Copy ${language} code` : 'Copy code');
    copy.textContent = 'Copy';
    head.append(label, copy);
    pre.replaceWith(block);
    // A long line scrolls inside the block: keyboard users reach it too (axe: scrollable-region-focusable).
    pre.tabIndex = 0;
    block.append(head, pre);
  }
}

/** The sanitized, decorated fragment for a reply's Markdown. */
export function renderMarkdown(markdown: string): DocumentFragment {
  const fragment = sanitizeHtml(marked.parse(markdown) as string);
  decorateCodeBlocks(fragment);
  return fragment;
}
