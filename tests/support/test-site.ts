/**
 * A small local web site on 127.0.0.1 (port 0) for the tools' browser tests: `/page.html`
 * is an article with a title, navigation and a script (what `text.extract` must drop);
 * `/no-cors.html` sends no CORS header, so the browser refuses the page's fetch. Records paths.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_PAGE_TITLE = 'Tide pools of the north shore';
export const TEST_PAGE_SENTENCE = 'Anemones close when the tide goes out and open again when it returns.';

const PAGE = `<!doctype html><html><head><title>${TEST_PAGE_TITLE}</title><style>body{color:red}</style>
<script>window.tracked = true;</script></head><body><nav><a href="/">Home</a> · <a href="/about">About</a></nav>
<article><h1>${TEST_PAGE_TITLE}</h1><p>${TEST_PAGE_SENTENCE}</p><p>Crabs hide under rocks &amp; weed.</p></article>
</body></html>`;

export interface TestSite {
  url: string;
  /** Host and port, as a `net://` scope names them. */
  host: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    if (path === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'access-control-allow-origin': '*' }).end(PAGE);
    } else if (path === '/no-cors.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
