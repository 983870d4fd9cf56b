/**
 * What the server writes into `index.html` for each request: the API token
 * (only on a loopback-bound app), a fresh CSP nonce, and the Content
 * Security Policy that goes with it. Plus the DNS-rebinding guard that makes
 * handing the token to the page safe on 127.0.0.1.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The placeholder `vite.config.ts` puts where the per-request nonce goes (`html.cspNonce`). */
export const NONCE_PLACEHOLDER = 'AGENTOS_CSP_NONCE';
/** The `<meta name>` the page reads the token from. */
export const TOKEN_META = 'agentos-token';

/**
 * Is `host` a loopback address (only this machine can connect)?
 * @example isLoopback('127.0.0.1') // true
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Escape text for an HTML attribute value.
 * @example escapeAttribute('a"b') // 'a&quot;b'
 */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The Content Security Policy of the page. Scripts only from this origin;
 * `<style>` elements only with the nonce (the widgets inject theirs with it);
 * `style` attributes are allowed because the flow editor positions nodes
 * with them; no framing, no plugins, API calls to this origin only.
 * @example contentSecurityPolicy('abc') // "default-src 'self'; …"
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Options of {@link renderIndexHtml}. */
export interface RenderIndexOptions {
  /** The token to hand to the page, or undefined to let the page ask for it. */
  token: string | undefined;
  /** Nonce for this response (default: 16 random bytes). */
  nonce?: string;
}

/**
 * Fill in the built `index.html`: replace the nonce placeholder, add the
 * token meta tag (when given), and return the headers to send with it.
 * @example
 * ```ts
 * const { html, headers } = renderIndexHtml(built, { token: '…' });
 * ```
 */
export function renderIndexHtml(html: string, options: RenderIndexOptions): { html: string; headers: Record<string, string> } {
  const nonce = options.nonce ?? randomBytes(16).toString('base64');
  let out = html.split(NONCE_PLACEHOLDER).join(nonce);
  if (options.token !== undefined) {
    const meta = `<meta name="${TOKEN_META}" content="${escapeAttribute(options.token)}">`;
    out = out.includes('</head>') ? out.replace('</head>', `  ${meta}\n  </head>`) : `${meta}\n${out}`;
  }
  return {
    html: out,
    headers: {
      'content-security-policy': contentSecurityPolicy(nonce),
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
  };
}

/**
 * DNS-rebinding guard for a loopback-bound server: accept only requests whose
 * `Host` header names this machine (`127.0.0.1:<port>`, `localhost:<port>`,
 * `[::1]:<port>`). A web page on another site that re-points its own domain
 * at 127.0.0.1 sends its own domain as `Host` and is refused — so it cannot
 * read the page that carries the token.
 * @example
 * ```ts
 * if (!hostHeaderAllowed(req, 8790)) res.writeHead(421).end();
 * ```
 */
export function hostHeaderAllowed(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}
