/**
 * A tiny static file server for the built front end (Vite's `dist/`):
 * correct content types, no directory traversal, no dotfiles, `index.html`
 * for client-side routes, and a hook to fill in `index.html` per request.
 * @module
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Content types by file extension (lower case, with the dot). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The content type of a file name (`application/octet-stream` when unknown).
 * @example contentTypeOf('assets/index-3f2a.js') // 'text/javascript; charset=utf-8'
 */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Options of {@link createStaticFiles}. */
export interface StaticFilesOptions {
  /** The folder to serve (absolute), e.g. the Vite `dist/`. */
  root: string;
  /**
   * Fill in `index.html` for one request (a token meta tag, a CSP nonce).
   * Returns the HTML and the headers to send with it.
   */
  renderIndex?: (html: string, req: IncomingMessage) => { html: string; headers?: Record<string, string> };
  /** Where unexpected read errors (answered with a 500) are reported. Default `console.error`. */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

/** A `(req, res) => void` that serves files (and answers 404/405 itself). */
export type StaticFilesHandler = (req: IncomingMessage, res: ServerResponse) => void;

const COMMON_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

/**
 * Map a request path to a file under `root`, or `null` when it would leave
 * `root`, names a dotfile, or is not a valid path. Pure: no file access.
 * @example
 * ```ts
 * resolveRequestPath('/srv/dist', '/assets/app.js'); // '/srv/dist/assets/app.js'
 * resolveRequestPath('/srv/dist', '/../etc/passwd'); // null
 * ```
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

/**
 * Serve the files of `root`. Paths without a file extension that match no
 * file get `index.html` (client-side routes); other misses are 404.
 * @example
 * ```ts
 * const files = createStaticFiles({ root: fileURLToPath(new URL('../dist', import.meta.url)) });
 * http.createServer((req, res) => api(req, res, () => files(req, res)));
 * ```
 */
export function createStaticFiles(options: StaticFilesOptions): StaticFilesHandler {
  const root = path.resolve(options.root);
  const indexFile = path.join(root, 'index.html');
  let realRoot: Promise<string> | undefined;

  const sendText = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra }).end(text);
  };

  const sendIndex = async (req: IncomingMessage, res: ServerResponse) => {
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch {
      sendText(res, 503, `The front end is not built: ${indexFile} is missing. Run \`npm run build -w @agentos/example-monitor-app\`.`);
      return;
    }
    const rendered = options.renderIndex ? options.renderIndex(html, req) : { html };
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': CONTENT_TYPES['.html']!,
      // index.html may carry the API token: never cache it.
      'cache-control': 'no-store',
      ...rendered.headers,
    });
    res.end(req.method === 'HEAD' ? undefined : rendered.html);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, `${req.method ?? 'This method'} is not allowed here; the front end is read with GET.`, { allow: 'GET, HEAD' });
      return;
    }
    const urlPath = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
    const file = resolveRequestPath(root, urlPath);
    if (file === null) {
      sendText(res, 404, 'Not found.');
      return;
    }
    if (file === root || file === indexFile) return sendIndex(req, res);
    const info = await stat(file).catch(() => null);
    if (!info || !info.isFile()) {
      // Client-side routes (no extension) get the app; missing assets are 404.
      if (path.extname(file) === '') return sendIndex(req, res);
      sendText(res, 404, 'Not found.');
      return;
    }
    // A symlink must not lead out of the folder either.
    realRoot ??= realpath(root);
    const real = await realpath(file);
    const base = await realRoot;
    if (real !== base && !real.startsWith(base + path.sep)) {
      sendText(res, 404, 'Not found.');
      return;
    }
    const hashed = path.relative(root, file).startsWith(`assets${path.sep}`);
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': contentTypeOf(file),
      'content-length': String(info.size),
      // Vite puts content-hashed files under assets/: they never change.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', (e) => res.destroy(e));
    stream.pipe(res);
  };

  return (req, res) => {
    serve(req, res).catch((e: unknown) => {
      (options.onError ?? ((err: unknown) => console.error('[monitor-app static]', err)))(e, req);
      if (!res.headersSent) sendText(res, 500, 'Could not read the file.');
      else res.destroy(e instanceof Error ? e : new Error(String(e)));
    });
  };
}
