/**
 * Shared checks for the configuration of the built-in sink tools.
 * @module
 */
import { AgentOSError } from '../errors.js';

/**
 * The configuration given to a tool factory is invalid. Thrown when the
 * factory is called, never while a workflow runs.
 */
export class ToolConfigError extends AgentOSError {
  readonly tool: string;
  constructor(tool: string, message: string, options: { path?: ReadonlyArray<string | number>; hint?: string; cause?: unknown } = {}) {
    super('TOOL_CONFIG_INVALID', `${tool}: invalid configuration: ${message}`, options);
    this.tool = tool;
  }
}

/** Check a timeout option: a positive whole number of milliseconds (at most 10 minutes). */
export function checkTimeout(tool: string, key: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > 600_000) {
    throw new ToolConfigError(tool, `${key} must be a whole number of milliseconds between 1 and 600000, got ${String(value)}`, { path: [key] });
  }
  return value;
}

/** Parse an http(s) URL from the configuration; refuses other schemes and credentials in the URL. */
export function checkHttpUrl(tool: string, key: string, value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch (cause) {
    throw new ToolConfigError(tool, `${key} is not a valid URL`, { path: [key], hint: 'give an absolute http(s) URL', cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolConfigError(tool, `${key} must use http or https, got "${url.protocol.replace(/:$/, '')}"`, { path: [key] });
  }
  return url;
}

/** HTTP header names (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header values must not contain CR, LF or NUL (header injection). */
export const HEADER_VALUE = /^[^\r\n\0]*$/;

/**
 * Headers the HTTP client manages itself; tools never let callers set them.
 * Compared lower-case.
 */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

/** Check configured headers; returns them with lower-case names. */
export function checkHeaders(tool: string, key: string, headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new ToolConfigError(tool, `header name "${name}" is not a valid HTTP header name`, { path: [key, name] });
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw new ToolConfigError(tool, `header "${name}" must be a string without line breaks`, { path: [key, name] });
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new ToolConfigError(tool, `header "${name}" is managed by the HTTP client and cannot be configured`, { path: [key, name] });
    }
    out[name.toLowerCase()] = value;
  }
  return out;
}
