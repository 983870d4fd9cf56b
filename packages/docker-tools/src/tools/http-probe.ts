/**
 * The optional HTTP probe of `health_check`: one GET, status and latency
 * only (the body is discarded, so no service content enters the output),
 * redirects not followed, hosts limited by an allow list (loopback by default).
 * @module
 */
import { CancelledError } from '@agentos/core';
import { HttpProbeRefusedError } from './errors.js';

/** The fetch signature the probe uses (the global `fetch` by default). */
export type ProbeFetch = (input: string, init: { method: string; redirect: 'manual'; signal: AbortSignal; headers: Record<string, string> }) => Promise<Response>;

/** Configuration of the HTTP probe (`createDockerTools({ httpProbe })`). */
export interface HttpProbeConfig {
  /**
   * Hosts the probe may reach: `host` (any port), `host:port`, `*.example.com`,
   * or `*` for any host. Default: loopback only (`127.0.0.1`, `localhost`, `[::1]`).
   */
  allowedHosts?: string[];
  /** Default deadline of a probe in ms (default 5000). */
  timeoutMs?: number;
  /** `fetch` to use (default: the global one). */
  fetch?: ProbeFetch;
}

/** Result of an HTTP probe. */
export interface HttpProbeResult {
  url: string;
  ok: boolean;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  latencyMs: number;
  /** Why the probe is not ok. */
  error?: string;
}

/** Default allowed hosts: loopback. */
export const DEFAULT_PROBE_HOSTS: readonly string[] = Object.freeze(['127.0.0.1', 'localhost', '[::1]']);

function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowed.some((raw) => {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) return false;
    const name = m[1] as string;
    const p = m[2];
    if (p !== undefined && p !== port) return false;
    if (name.startsWith('*.')) return host.endsWith(name.slice(1)) && host.length > name.length - 1;
    return host === name;
  });
}

/**
 * Check a probe URL against the allow list. Throws {@link HttpProbeRefusedError}.
 * @example
 * ```ts
 * checkProbeUrl('http://127.0.0.1:8080/health'); // URL
 * checkProbeUrl('http://10.1.2.3/health');      // throws: not in allowedHosts
 * ```
 */
export function checkProbeUrl(raw: string, allowedHosts: readonly string[] = DEFAULT_PROBE_HOSTS): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpProbeRefusedError(raw, 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpProbeRefusedError(raw, `only http and https are probed, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw new HttpProbeRefusedError(url.origin, 'credentials in the URL are not allowed');
  if (!hostAllowed(url, allowedHosts)) {
    throw new HttpProbeRefusedError(url.href, `host ${url.host} is not in httpProbe.allowedHosts (${allowedHosts.join(', ') || 'none'})`);
  }
  return url;
}

/**
 * GET `url` once and report whether it answered healthy. Unreachable or slow
 * services are results with `ok: false`; only cancellation throws.
 * @example
 * ```ts
 * const r = await probeHttp(checkProbeUrl('http://127.0.0.1:8080/health'), { timeoutMs: 2000 });
 * if (!r.ok) console.log(r.error);
 * ```
 */
export async function probeHttp(
  url: URL,
  options: { expectStatus?: number; timeoutMs?: number; signal?: AbortSignal; fetch?: ProbeFetch } = {},
): Promise<HttpProbeResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const fetchImpl: ProbeFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchImpl(url.href, { method: 'GET', redirect: 'manual', signal, headers: { 'user-agent': 'agentos-health-check', accept: '*/*' } });
  } catch (e) {
    if (options.signal?.aborted) throw new CancelledError(`health_check HTTP probe of ${url.href}`, { cause: e });
    if (timeout.aborted) return { url: url.href, ok: false, status: null, latencyMs: elapsed(), error: `no response within ${timeoutMs} ms` };
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    return { url: url.href, ok: false, status: null, latencyMs: elapsed(), error: `request failed: ${why}` };
  }
  const latencyMs = elapsed();
  await res.body?.cancel().catch(() => undefined);
  const status = res.status;
  const ok = options.expectStatus !== undefined ? status === options.expectStatus : status >= 200 && status < 400;
  return {
    url: url.href,
    ok,
    status,
    latencyMs,
    ...(ok ? {} : { error: options.expectStatus !== undefined ? `expected status ${options.expectStatus}, got ${status}` : `unhealthy status ${status}` }),
  };
}
