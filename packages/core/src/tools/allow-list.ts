/**
 * Allow lists of hosts (for HTTP sinks) and mail domains (for email).
 *
 * Entries are exact names, optionally with a port (`hooks.example.com:8443`),
 * or a leading wildcard (`*.example.com`, which matches any subdomain but not
 * `example.com` itself). A host entry without a port allows any port of that
 * host; with a port, only that port (the scheme's default port counts: `:443`
 * matches `https://host/`). Comparison is case-insensitive and ignores a
 * trailing dot. An empty list allows nothing.
 * @module
 */
import { ToolConfigError } from './config.js';

interface HostRule {
  /** Normalized host name (IPv6 in brackets), or the suffix after `*.`. */
  host: string;
  wildcard: boolean;
  /** Port as a string, or undefined for any port. */
  port: string | undefined;
  /** The entry as the user wrote it, for messages. */
  source: string;
}

/** A compiled allow list of hosts. */
export interface HostAllowList {
  /** The entries as configured. */
  readonly entries: ReadonlyArray<string>;
  /** True when the URL's host (and port) match an entry. */
  allows(url: URL): boolean;
}

const ENTRY = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/@\s]+)(?::(\d{1,5}))?$/;

function normalizeHostname(tool: string, key: string, host: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(`http://${host}/`);
  } catch (cause) {
    throw new ToolConfigError(tool, `"${source}" is not a valid host`, { path: [key], hint: 'write a host like hooks.example.com, hooks.example.com:8443 or *.example.com', cause });
  }
  return stripDot(parsed.hostname);
}

function stripDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function defaultPort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
}

/**
 * Compile `allowedHosts` entries. Throws a {@link ToolConfigError} for an entry
 * that is not a host (a URL with scheme or path, a misplaced `*`, a bad port).
 * @example
 * ```ts
 * const list = compileHostAllowList('webhook_post', 'allowedHosts', ['hooks.example.com', '*.internal:8443']);
 * list.allows(new URL('https://hooks.example.com/x')); // true
 * ```
 */
export function compileHostAllowList(tool: string, key: string, entries: ReadonlyArray<string>): HostAllowList {
  if (!Array.isArray(entries)) {
    throw new ToolConfigError(tool, `${key} must be an array of host names`, { path: [key], hint: `e.g. ${key}: ['hooks.example.com']` });
  }
  const rules: HostRule[] = entries.map((raw, i) => {
    const source = typeof raw === 'string' ? raw.trim() : '';
    const hint = 'write a host like hooks.example.com, hooks.example.com:8443 or *.example.com (no scheme, no path)';
    if (!source) throw new ToolConfigError(tool, `${key}[${i}] is empty`, { path: [key, i], hint });
    const wildcard = source.startsWith('*.');
    const rest = wildcard ? source.slice(2) : source;
    const m = ENTRY.exec(rest);
    if (!m || rest.includes('*')) {
      throw new ToolConfigError(tool, `${key}[${i}] "${source}" is not a host entry`, { path: [key, i], hint });
    }
    const port = m[2];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
      throw new ToolConfigError(tool, `${key}[${i}] "${source}" has an invalid port`, { path: [key, i], hint });
    }
    return { host: normalizeHostname(tool, key, m[1]!, source), wildcard, port, source };
  });
  return {
    entries: Object.freeze(rules.map((r) => r.source)),
    allows(url: URL): boolean {
      const host = stripDot(url.hostname.toLowerCase());
      const port = defaultPort(url);
      return rules.some((r) => {
        if (r.port !== undefined && r.port !== port) return false;
        return r.wildcard ? host.endsWith(`.${r.host}`) && host.length > r.host.length + 1 : host === r.host;
      });
    },
  };
}

/** A compiled allow list of mail domains. */
export interface DomainAllowList {
  readonly entries: ReadonlyArray<string>;
  /** True when the address's domain matches an entry. */
  allows(address: string): boolean;
}

/**
 * Compile `allowedDomains` entries (`example.com` exact, `*.example.com` any subdomain).
 * @example
 * ```ts
 * compileDomainAllowList('email_send', 'allowedDomains', ['example.com']).allows('ops@example.com'); // true
 * ```
 */
export function compileDomainAllowList(tool: string, key: string, entries: ReadonlyArray<string>): DomainAllowList {
  if (!Array.isArray(entries)) {
    throw new ToolConfigError(tool, `${key} must be an array of domains`, { path: [key], hint: `e.g. ${key}: ['example.com']` });
  }
  const rules = entries.map((raw, i) => {
    const source = typeof raw === 'string' ? raw.trim() : '';
    const wildcard = source.startsWith('*.');
    const rest = wildcard ? source.slice(2) : source;
    if (!rest || rest.includes('*') || rest.includes('@') || rest.includes(':') || rest.includes('/')) {
      throw new ToolConfigError(tool, `${key}[${i}] "${source}" is not a mail domain`, {
        path: [key, i],
        hint: 'write a domain like example.com or *.example.com',
      });
    }
    return { domain: normalizeHostname(tool, key, rest, source), wildcard };
  });
  return {
    entries: Object.freeze(entries.map((e) => e.trim())),
    allows(address: string): boolean {
      const at = address.lastIndexOf('@');
      if (at < 0) return false;
      let domain: string;
      try {
        domain = stripDot(new URL(`http://${address.slice(at + 1)}/`).hostname);
      } catch {
        return false;
      }
      return rules.some((r) => (r.wildcard ? domain.endsWith(`.${r.domain}`) : domain === r.domain));
    },
  };
}
