/**
 * Authentication of the HTTP API: a bearer token, your own check, or
 * (for local development only) none. There is no default.
 * @module
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpConfigError, HttpError } from './errors.js';

/**
 * How requests are authenticated:
 * - `{ token }`: clients send `Authorization: Bearer <token>` (the `/events`
 *   stream also accepts `?token=`, since `EventSource` cannot set headers);
 * - `{ check(req) }`: your own check (cookies, sessions, mTLS…);
 * - `'none'`: no authentication — for local development only.
 */
export type AuthOption = { token: string } | { check: (req: IncomingMessage) => boolean | Promise<boolean> } | 'none';

/** Checks one request; throws a 401 {@link HttpError} when it is not allowed. */
export type Authenticator = ((req: IncomingMessage, queryToken: string | undefined) => Promise<void>) & { readonly enabled: boolean };

const CHOICES =
  "pass auth: { token: '<secret>' } (clients send Authorization: Bearer <secret>), auth: { check: (req) => boolean } (your own check), or auth: 'none' (no authentication — local development only)";

/**
 * Build the authenticator for an `auth` option; a missing or malformed
 * option is an {@link HttpConfigError} that explains the choices.
 * @example
 * ```ts
 * const authenticate = createAuthenticator({ token: process.env.AGENTOS_TOKEN! });
 * await authenticate(req, undefined); // throws a 401 HttpError when the token is wrong
 * ```
 */
export function createAuthenticator(auth: AuthOption | undefined): Authenticator {
  if (auth === undefined || auth === null) {
    throw new HttpConfigError('createAgentOsHandler needs an `auth` option: the API controls containers, so there is no default', { path: ['auth'], hint: CHOICES });
  }
  if (auth === 'none') return Object.assign(async () => {}, { enabled: false });
  if (typeof auth === 'object' && 'token' in auth) {
    if (typeof auth.token !== 'string' || auth.token.length < 8) {
      throw new HttpConfigError('auth.token must be a string of at least 8 characters', { path: ['auth', 'token'], hint: 'use a long random secret, e.g. crypto.randomUUID()' });
    }
    const expected = digest(auth.token);
    return Object.assign(
      async (req: IncomingMessage, queryToken: string | undefined) => {
        const header = req.headers.authorization;
        const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
        const given = match?.[1] ?? queryToken;
        if (given === undefined) throw unauthorized('no token: send Authorization: Bearer <token>');
        if (!timingSafeEqual(digest(given), expected)) throw unauthorized('wrong token');
      },
      { enabled: true },
    );
  }
  if (typeof auth === 'object' && 'check' in auth && typeof auth.check === 'function') {
    const check = auth.check;
    return Object.assign(
      async (req: IncomingMessage) => {
        let ok: boolean;
        try {
          ok = (await check(req)) === true;
        } catch (e) {
          // Fail secure: a check that throws never lets the request through.
          throw new HttpError(500, 'AUTH_CHECK_FAILED', 'the authentication check failed', { cause: e });
        }
        if (!ok) throw unauthorized('the authentication check refused this request');
      },
      { enabled: true },
    );
  }
  throw new HttpConfigError(`auth has an unsupported value (${JSON.stringify(auth)})`, { path: ['auth'], hint: CHOICES });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function unauthorized(why: string): HttpError {
  return new HttpError(401, 'UNAUTHORIZED', `not authenticated: ${why}`, { headers: { 'www-authenticate': 'Bearer' } });
}
