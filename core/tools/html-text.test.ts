import { describe, expect, test } from 'vitest';
import { decodeEntities } from './html-entities';
import { extractText } from './html-text';

const ARTICLE_PAGE = `<!DOCTYPE html>
<HTML lang="en">
<HEAD>
  <meta charset="utf-8"><meta name="description" content="Not body text">
  <TITLE>Caf&eacute; notes &amp; recipes &#8212; Example</TITLE>
  <link rel="stylesheet" href="/site.css">
  <style>body { color: red } .x > p { margin: 0 }</style>
  <script>window.dataLayer = []; if (a < b && c > d) { document.write("<p>nope</p>"); }</script>
</HEAD>
<BODY class="page">
  <!-- header start: <p>hidden in a comment</p> -->
  <nav aria-label="Main"><ul><li><a href="/">Home</a></li><li><a href="/blog">Blog</a></li></ul></nav>
  <main>
    <article>
      <H1>How to brew   coffee</H1>
      <p>Use <b>fresh</b> beans&nbsp;and water at 93&deg;C.<br>Grind just before.</p>
      <p data-note='a > b'>Ratio: 1&#x2F;16 &mdash; 60 g per litre &copy; 2026</p>
      <ul><li>Weigh</li><li>Pour</li></ul>
      <pre>line 1
  indented line 2</pre>
      <img src="cup.png" alt="A cup of coffee">
      <noscript><p>Enable JavaScript</p></noscript>
      <template><p>template content</p></template>
      <svg viewBox="0 0 10 10"><title>icon title</title><path d="M0 0"/></svg>
      <table><tr><th>Beans</th><th>Grams</th></tr><tr><td>Arabica</td><td>60</td></tr></table>
    </article>
  </main>
  <script type="module">import x from './x.js'; console.log('</div>');</script>
  <footer>&copy; Example Ltd</footer>
</BODY>
</HTML>`;

describe('extractText', () => {
  test('a real-looking page: title decoded, scripts, styles, nav, head and comments dropped', () => {
    const { title, text, truncated } = extractText(ARTICLE_PAGE);
    expect(title).toBe('Café notes & recipes — Example');
    expect(truncated).toBe(false);
    expect(text).toBe(
      [
        'How to brew coffee',
        '',
        'Use fresh beans and water at 93°C.',
        'Grind just before.',
        '',
        'Ratio: 1/16 — 60 g per litre © 2026',
        '',
        'Weigh',
        'Pour',
        '',
        'line 1',
        '  indented line 2',
        '',
        'A cup of coffee',
        '',
        'Beans Grams',
        'Arabica 60',
        '',
        '© Example Ltd',
      ].join('\n'),
    );
    for (const hidden of ['nope', 'hidden', 'Home', 'template', 'icon', 'Enable', 'color', 'dataLayer', 'console'])
      expect(text).not.toContain(hidden);
  });

  test('text whose lowercase form is longer (İ) does not shift where a script ends', () => {
    const dotted = 'İ'.repeat(20);
    expect(extractText(`<p>${dotted}</p><SCRIPT>x</SCRIPT><p>after the script</p>`).text).toBe(
      `${dotted}\n\nafter the script`,
    );
  });

  test('CDATA is kept as literal text; a CDATA inside a script goes with the script', () => {
    const html = '<p>a <![CDATA[x < y & z]]> b</p><script>//<![CDATA[\nvar s = "<p>";\n//]]></script><p>c</p>';
    expect(extractText(html).text).toBe('a x < y & z b\n\nc');
  });

  test('unclosed tags and a page cut off mid-tag still give the text before', () => {
    expect(extractText('<p>one<p>two<div>three<li>four').text).toBe('one\n\ntwo\nthree\nfour');
    expect(extractText('<p>kept</p><a href="https://exa').text).toBe('kept');
    expect(extractText('<p>before</p><script>never closed <p>x</p>').text).toBe('before');
    expect(extractText('<p>before</p><!-- never closed').text).toBe('before');
  });

  test('nested dropped subtrees are counted, so text after them comes back', () => {
    const html = '<nav><nav>inner</nav>still nav</nav><p>after</p><svg><svg/><g>x</g></svg>end';
    expect(extractText(html).text).toBe('after\n\nend');
  });

  test('a lone < and unknown entities stay as written', () => {
    expect(extractText('<p>3 < 4 and a <= b, &unknown; &amp</p>').text).toBe('3 < 4 and a <= b, &unknown; &');
  });

  test('without a <title> the first h1 is the title', () => {
    expect(extractText('<body><h1>Main <em>heading</em></h1><h1>Second</h1></body>').title).toBe('Main heading');
    expect(extractText('<p>no heading</p>').title).toBe('');
  });

  test('text is cut at max_chars and says truncated', () => {
    const html = `<p>${'word '.repeat(100)}</p>`;
    const result = extractText(html, 22);
    expect(result).toEqual({ title: '', text: 'word word word word wo', truncated: true });
    const emoji = extractText('<p>ab😀cd</p>', 3);
    expect(emoji.text).toBe('ab');
  });

  test('<pre> keeps its indentation and line breaks, without the newline right after <pre>', () => {
    expect(extractText('<p>x</p><pre>\n  code\n    more\n</pre><p>y</p>').text).toBe('x\n\n  code\n    more\n\ny');
  });

  test('whitespace collapses to single spaces and at most one empty line', () => {
    const html = '<div>\n\n  a \t b  </div>\n\n\n<div></div><div></div><p> c </p><p></p><p></p><p>d</p>';
    expect(extractText(html).text).toBe('a b\n\nc\n\nd');
  });
});

describe('decodeEntities', () => {
  test('named, decimal and hex references; the HTML rules for odd numbers', () => {
    expect(decodeEntities('&lt;a&gt; &quot;q&quot; &apos;s&apos; &hellip; &Uuml;ber &ntilde;')).toBe(
      '<a> "q" \'s\' … Über ñ',
    );
    expect(decodeEntities('&#65;&#x42;&#X43; &#128512; &#x1F600;')).toBe('ABC 😀 😀');
    expect(decodeEntities('&#0; &#xD800; &#x110000; &#150;')).toBe('\ufffd \ufffd \ufffd –');
    expect(decodeEntities('&copy 2026 &mdash no')).toBe('© 2026 &mdash no');
  });
});
