/**
 * Reading JSON request bodies (capped) and writing JSON answers and errors.
 * @internal
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAgentOSError } from '@agentos/policy';
import { HttpError } from './errors.js';
import type { HttpErrorBody } from './types.js';

/** Largest request body accepted: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Read and parse a JSON body. An empty body is `undefined`. Over `limit`
 * bytes → 413; not JSON → 400 `INVALID_JSON`.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Keep reading (and discarding) so the 413 answer reaches the client.
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve();
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new HttpError(400, 'BAD_REQUEST', `the request body could not be read: ${e.message}`));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(400, 'INVALID_JSON', `the request body is not valid JSON: ${(e as Error).message}`, {
      hint: 'send a JSON document with Content-Type: application/json',
    });
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${limit} bytes`, {
    hint: 'send a smaller body (workflows and messages fit easily in 1 MiB)',
    headers: { connection: 'close' },
  });
}

/** Answer with JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The JSON error answer for any thrown value. {@link HttpError}s keep their
 * status; other AgentOS errors are 500 with their code and message; anything
 * else is a generic 500 (never a stack trace).
 */
export function errorAnswer(error: unknown): { status: number; body: HttpErrorBody; headers: Record<string, string> } {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      headers: error.headers ?? {},
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.where !== undefined ? { path: error.where } : {}),
          ...(error.issues ? { issues: [...error.issues] } : {}),
        },
      },
    };
  }
  if (isAgentOSError(error)) {
    const json = error.toJSON();
    return { status: 500, headers: {}, body: { error: { code: json.code, message: json.message, ...(json.path ? { path: json.path } : {}) } } };
  }
  return { status: 500, headers: {}, body: { error: { code: 'INTERNAL', message: 'internal server error (see the server log)' } } };
}

/** Answer with the JSON error for `error`. */
export function sendError(res: ServerResponse, error: unknown): void {
  const { status, body, headers } = errorAnswer(error);
  sendJson(res, status, body, headers);
}
