/**
 * Connect a remote MCP server (stdio or Streamable HTTP) into a
 * {@link ToolRegistry}: every remote tool becomes a proxy tool named
 * `${server}.${remoteName}`, pinned by the hash of its definition.
 *
 * Security defaults:
 * - outputs of remote tools are untrusted (`trust: { default: 'untrusted' }`)
 *   unless the caller says otherwise; a server cannot declare its own tools
 *   trusted (only the MCP hint fields are copied from its annotations);
 * - `openWorldHint` is always `true`: arguments leave this process (secrets are redacted before the call)
 *   unless the server says `false`;
 * - a changed definition (description, schema, annotations…) is flagged as a
 *   pin violation: the runtime blocks calls, and the proxy itself refuses to
 *   run, until {@link approveDefinitionChange}.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolTrustHint } from '@agentos/policy';
import { AgentOSError, ToolExecutionError } from '../errors.js';
import type { ToolRegistry } from '../registry.js';
import type { AnyTool, ToolAnnotations } from '../tool.js';
import { changedFields, createMemoryPinStore, hashDefinition, type PinRecord, type PinStore } from './pins.js';
import { defineRemoteTool } from './remote-tool.js';

/** Options shared by both transports. */
export interface McpConnectCommonOptions {
  /** Server name: the namespace of its tools (`github` → `github.create_issue`). Letters, digits, `_`, `-`; starts with a letter. */
  name: string;
  /** Where definition pins are kept. Default: an in-memory store shared by all connections of the registry. */
  pins?: PinStore;
  /**
   * Default trust of the outputs of this server's tools. Default
   * `{ default: 'untrusted' }` (zero trust). Only you can grant trust: the
   * server's own annotations cannot.
   */
  trust?: ToolTrustHint;
  /** Timeout of each MCP request (listing, calls), in ms. Default 60 000 (the SDK's). */
  requestTimeoutMs?: number;
  /**
   * Errors that happen outside a call: a background refresh after
   * `notifications/tools/list_changed` that failed, a transport error, the
   * server going away. Default: `process.emitWarning`.
   */
  onError?: (error: Error) => void;
}

/** A server started as a child process, spoken to over stdin/stdout. */
export interface McpStdioConnectOptions extends McpConnectCommonOptions {
  command: string;
  args?: string[];
  /** Environment of the child. Default: the SDK's safe subset of ours (PATH, HOME, …); given values are added to it. */
  env?: Record<string, string>;
  cwd?: string;
  /** What to do with the child's stderr. Default `inherit`. */
  stderr?: 'inherit' | 'pipe' | 'ignore';
  url?: never;
}

/** A server reached over Streamable HTTP. */
export interface McpHttpConnectOptions extends McpConnectCommonOptions {
  url: string | URL;
  /** Sent with every request (e.g. `{ authorization: 'Bearer …' }`). Never logged. */
  headers?: Record<string, string>;
  command?: never;
}

/** Options of {@link connectMcp}: stdio (`command`) or Streamable HTTP (`url`). */
export type McpConnectOptions = McpStdioConnectOptions | McpHttpConnectOptions;

/** A remote tool that was not added to the registry, and why. */
export interface SkippedMcpTool {
  remoteName: string;
  reason: string;
}

/** A live connection to an MCP server. */
export interface McpConnection {
  /** The server name (namespace). */
  readonly name: string;
  /** Namespaced names of the server's tools now in the registry. */
  readonly tools: string[];
  /** Remote tools that could not be added (e.g. a name AgentOS cannot use). */
  readonly skipped: ReadonlyArray<SkippedMcpTool>;
  /** False once the server went away or the connection was closed. */
  readonly connected: boolean;
  /** List the server's tools again: add new ones, remove gone ones, flag changed definitions. */
  refresh(): Promise<void>;
  /** Approve a changed definition of one of this server's tools (see {@link approveDefinitionChange}). */
  approve(tool: string, options?: { currentHash?: string }): boolean;
  /** Disconnect and remove the server's tools from the registry. */
  close(): Promise<void>;
}

const SERVER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_.\-/:]{0,127}$/;
const MAX_LIST_PAGES = 100;
const UNTRUSTED: ToolTrustHint = Object.freeze({ default: 'untrusted' }) as ToolTrustHint;

/** What approval needs to know about a proxy tool. */
interface PinnedTool {
  pins: PinStore;
  current: PinRecord;
  registry: ToolRegistry;
}
const pinnedTools = new WeakMap<AnyTool, PinnedTool>();
const defaultPins = new WeakMap<ToolRegistry, PinStore>();

function configError(message: string, hint?: string): AgentOSError {
  return new AgentOSError('MCP_CONFIG', message, hint ? { hint } : {});
}

function validateOptions(registry: ToolRegistry, options: McpConnectOptions): void {
  if (!options || typeof options !== 'object') throw configError('connectMcp() needs options: { name, command } or { name, url }');
  if (typeof options.name !== 'string' || !SERVER_NAME.test(options.name)) {
    throw configError(`invalid MCP server name ${JSON.stringify(options.name)}`, 'start with a letter; use letters, digits, _ and - (at most 64 characters); it becomes the namespace of the tools (name.tool)');
  }
  const hasCommand = 'command' in options && options.command !== undefined;
  const hasUrl = 'url' in options && options.url !== undefined;
  if (hasCommand === hasUrl) {
    throw configError(`MCP server "${options.name}": give either "command" (stdio) or "url" (Streamable HTTP)`, "e.g. { name: 'files', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] }");
  }
  if (hasCommand && (typeof options.command !== 'string' || !options.command.trim())) {
    throw configError(`MCP server "${options.name}": "command" must be a non-empty string`);
  }
  if (hasUrl) {
    let url: URL;
    try {
      url = new URL(String(options.url));
    } catch {
      throw configError(`MCP server "${options.name}": invalid url ${JSON.stringify(String(options.url))}`, 'use an absolute http(s) URL such as http://127.0.0.1:8080/mcp');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(`MCP server "${options.name}": url must be http or https, got ${url.protocol}`);
  }
  for (const info of registry.list()) {
    if (info.source.kind === 'mcp' && info.source.server === options.name) {
      throw new AgentOSError('TOOL_DUPLICATE', `an MCP server named "${options.name}" is already connected`, { hint: 'close that connection first, or pick another name' });
    }
  }
}

/** Only the MCP hints are copied: a server cannot grant itself trust. */
function annotationsOf(def: McpTool, trust: ToolTrustHint): ToolAnnotations {
  const a = (def.annotations ?? {}) as Record<string, unknown>;
  const out: ToolAnnotations = {};
  const title = typeof def.title === 'string' ? def.title : typeof a.title === 'string' ? a.title : undefined;
  if (title !== undefined) out.title = title;
  for (const k of ['readOnlyHint', 'destructiveHint', 'idempotentHint'] as const) {
    if (typeof a[k] === 'boolean') out[k] = a[k] as boolean;
  }
  // Fail secure: arguments sent to a remote server have left this process, whatever the
  // server claims, so remote tools are always open-world (secrets redacted before the call).
  out.openWorldHint = true;
  out.trust = trust;
  return out;
}

function outputSchemaOf(def: McpTool): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      content: { type: 'array', items: { type: 'object' }, description: 'MCP content blocks as the server returned them' },
      text: { type: 'string', description: 'the text content blocks, joined by newlines' },
      structuredContent: def.outputSchema ? { ...def.outputSchema } : { type: 'object' },
    },
    required: ['content', 'text'],
  };
}

function errorOf(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Connect an MCP server and add its tools to the registry.
 * @example
 * ```ts
 * const github = await connectMcp(registry, { name: 'github', command: 'npx', args: ['-y', 'github-mcp'], pins: createFilePinStore('pins.json') });
 * github.tools; // ['github.create_issue', …]
 * const remote = await connectMcp(registry, { name: 'ops', url: 'https://ops.example/mcp', headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export async function connectMcp(registry: ToolRegistry, options: McpConnectOptions): Promise<McpConnection> {
  validateOptions(registry, options);
  const server = options.name;
  const trust = options.trust ?? UNTRUSTED;
  const timeout = options.requestTimeoutMs;
  const requestOptions = timeout !== undefined ? { timeout } : {};
  let pins = options.pins;
  if (!pins) {
    pins = defaultPins.get(registry) ?? createMemoryPinStore();
    defaultPins.set(registry, pins);
  }
  const pinStore = pins;
  const report = (e: unknown) => {
    const err = errorOf(e);
    if (options.onError) options.onError(err);
    else process.emitWarning(`MCP server "${server}": ${err.message}`, { code: 'AGENTOS_MCP' });
  };
  const where = 'command' in options && options.command !== undefined ? `command ${JSON.stringify(options.command)}` : `url ${new URL(String(options.url)).origin}`;

  let transport: Transport;
  if ('command' in options && options.command !== undefined) {
    transport = new StdioClientTransport({
      command: options.command,
      ...(options.args ? { args: options.args } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stderr: options.stderr ?? 'inherit',
    });
  } else {
    transport = new StreamableHTTPClientTransport(new URL(String(options.url)), options.headers ? { requestInit: { headers: options.headers } } : {});
  }

  const client = new Client({ name: 'agentos', version: '0.1.0' }, { capabilities: {} });
  let connected = false;
  let closing = false;
  /** While connecting, errors surface as the rejection of connectMcp. */
  let connecting = true;
  /** remoteName → what is registered for it. */
  const state = new Map<string, { toolName: string; record: PinRecord; tool: AnyTool }>();
  let skipped: SkippedMcpTool[] = [];

  const makeProxy = (def: McpTool, toolName: string): AnyTool =>
    defineRemoteTool({
      name: toolName,
      description: def.description?.trim() ? def.description : `${def.name} (tool of MCP server "${server}"; the server gave no description)`,
      inputJsonSchema: { ...def.inputSchema },
      outputJsonSchema: outputSchemaOf(def),
      annotations: annotationsOf(def, trust),
      run: async (args, ctx) => {
        // Defence in depth: the runtime checks pins before calling; so does the proxy.
        const violation = registry.pinViolation(toolName);
        if (violation) {
          throw new AgentOSError('MCP_PIN_VIOLATION', `${toolName}: its definition changed (${violation.changed.join(', ')}) since it was pinned; calls are blocked until the change is approved`, {
            hint: `review the new definition in the tool catalogue, then approveDefinitionChange(registry, '${toolName}')`,
            details: { violation },
          });
        }
        if (!connected) {
          throw new ToolExecutionError(toolName, `MCP server "${server}" is not connected`, { hint: 'reconnect it with registry.connectMcp(…)' });
        }
        let result;
        try {
          result = await client.callTool({ name: def.name, arguments: args }, undefined, { signal: ctx.signal, ...requestOptions });
        } catch (e) {
          throw new ToolExecutionError(toolName, errorOf(e).message, { cause: e, hint: `the MCP call to "${def.name}" on server "${server}" failed` });
        }
        const content = Array.isArray(result.content) ? (result.content as Array<Record<string, unknown>>) : [];
        const text = content
          .filter((c) => c.type === 'text' && typeof c.text === 'string')
          .map((c) => c.text as string)
          .join('\n');
        if (result.isError) {
          throw new ToolExecutionError(toolName, text || 'the MCP server reported an error without a message', { details: { content } });
        }
        return { content, ...(result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}), text };
      },
    });

  const listAll = async (): Promise<McpTool[]> => {
    const out: McpTool[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      if (++pages > MAX_LIST_PAGES) {
        throw new AgentOSError('MCP_PROTOCOL', `MCP server "${server}" returned more than ${MAX_LIST_PAGES} pages of tools`, { hint: 'the server keeps returning a nextCursor; check it' });
      }
      const page = await client.listTools(cursor ? { cursor } : undefined, requestOptions);
      out.push(...(page.tools as McpTool[]));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };

  /** Bring the registry in line with the server's list; flag definitions that differ from their pins. */
  const sync = (defs: McpTool[]) => {
    const nextSkipped: SkippedMcpTool[] = [];
    const seen = new Set<string>();
    let catalogueChanged = false;
    for (const def of defs) {
      const toolName = `${server}.${def.name}`;
      if (typeof def.name !== 'string' || !TOOL_NAME.test(toolName)) {
        nextSkipped.push({ remoteName: String(def.name), reason: `"${toolName}" is not a valid AgentOS tool name (letters, digits, _ . - / :, at most 128 characters)` });
        continue;
      }
      if (seen.has(def.name)) {
        nextSkipped.push({ remoteName: def.name, reason: 'the server listed this name twice' });
        continue;
      }
      const existing = state.get(def.name);
      if (!existing && registry.has(toolName)) {
        nextSkipped.push({ remoteName: def.name, reason: `a tool named "${toolName}" is already registered` });
        continue;
      }
      seen.add(def.name);
      const current = hashDefinition(def);
      let pinned = pinStore.get(toolName);
      if (!pinned) {
        pinStore.set(toolName, current);
        pinned = current;
      }
      if (!existing || existing.record.hash !== current.hash) {
        const tool = makeProxy(def, toolName);
        if (existing) registry.remove(existing.toolName);
        registry.add(tool, { kind: 'mcp', server, remoteName: def.name });
        state.set(def.name, { toolName, record: current, tool });
        pinnedTools.set(tool, { pins: pinStore, current, registry });
      }
      if (pinned.hash !== current.hash) {
        const prior = registry.pinViolation(toolName);
        if (!prior || prior.currentHash !== current.hash || prior.pinnedHash !== pinned.hash) {
          registry.flagPinViolation(toolName, { pinnedHash: pinned.hash, currentHash: current.hash, changed: changedFields(pinned, current), detectedAt: Date.now() });
        }
      } else if (registry.pinViolation(toolName)) {
        // The definition is back to what was pinned.
        registry.clearPinViolation(toolName);
        catalogueChanged = true;
      }
    }
    for (const [remoteName, entry] of [...state]) {
      if (!seen.has(remoteName)) {
        registry.remove(entry.toolName);
        state.delete(remoteName);
      }
    }
    skipped = nextSkipped;
    if (catalogueChanged) registry.emit('changed');
  };

  let chain: Promise<void> = Promise.resolve();
  const refresh = (): Promise<void> => {
    const run = chain.then(async () => {
      if (!connected) throw new AgentOSError('MCP_DISCONNECTED', `MCP server "${server}" is not connected; cannot list its tools`, { hint: 'reconnect it with registry.connectMcp(…)' });
      sync(await listAll());
    });
    chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    await refresh().catch(report);
  });
  client.onerror = (e) => {
    if (!closing && !connecting) report(e);
  };
  client.onclose = () => {
    const was = connected;
    connected = false;
    if (was && !closing) report(new AgentOSError('MCP_DISCONNECTED', `MCP server "${server}" closed the connection; calls to its tools fail until it is reconnected`));
  };

  try {
    await client.connect(transport, requestOptions);
    connected = true;
    // The first listing goes through the refresh queue too, so a list_changed arriving meanwhile is applied after it.
    const first = chain.then(async () => {
      const defs = await listAll();
      // Conflicts with tools already registered (e.g. a local tool named `server.x`) fail the whole connection.
      for (const def of defs) {
        const toolName = `${server}.${def.name}`;
        if (registry.has(toolName)) {
          throw new AgentOSError('TOOL_DUPLICATE', `MCP server "${server}" has a tool "${def.name}", but a tool named "${toolName}" is already registered`, { hint: 'connect the server under another name' });
        }
      }
      sync(defs);
    });
    chain = first.then(
      () => undefined,
      () => undefined,
    );
    await first;
    connecting = false;
  } catch (e) {
    closing = true;
    for (const entry of state.values()) registry.remove(entry.toolName);
    state.clear();
    await client.close().catch(() => undefined); // the original error is what matters; it is thrown below
    if (e instanceof AgentOSError) throw e;
    throw new AgentOSError('MCP_CONNECT', `cannot connect to MCP server "${server}" (${where}): ${errorOf(e).message}`, {
      cause: e,
      hint: 'check that the server starts and speaks MCP (try it with the MCP Inspector), and for HTTP the url and headers',
    });
  }

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    const i = registry.closers.indexOf(close);
    if (i >= 0) registry.closers.splice(i, 1);
    for (const entry of state.values()) registry.remove(entry.toolName);
    state.clear();
    if (connected && transport instanceof StreamableHTTPClientTransport) {
      await transport.terminateSession().catch((e: unknown) => report(new AgentOSError('MCP_DISCONNECTED', `MCP server "${server}": ending the HTTP session failed: ${errorOf(e).message}`, { cause: e })));
    }
    connected = false;
    await client.close();
  };
  registry.closers.push(close);

  return {
    name: server,
    get tools() {
      return [...state.values()].map((s) => s.toolName);
    },
    get skipped() {
      return skipped;
    },
    get connected() {
      return connected;
    },
    refresh,
    approve: (tool, approveOptions) => {
      const source = registry.source(tool);
      if (source?.kind !== 'mcp' || source.server !== server) {
        throw new AgentOSError('UNKNOWN_TOOL', `"${tool}" is not a tool of MCP server "${server}"`, { details: { tools: [...state.values()].map((s) => s.toolName) } });
      }
      return approveDefinitionChange(registry, tool, { pins: pinStore, ...approveOptions });
    },
    close,
  };
}

/** Options of {@link approveDefinitionChange}. */
export interface ApproveDefinitionOptions {
  /** The pin store to update. Default: the one the tool's connection uses. */
  pins?: PinStore;
  /**
   * The `currentHash` of the violation the person reviewed. When given and the
   * definition has changed again since, nothing is approved (an error says so).
   */
  currentHash?: string;
}

/**
 * Approve a remote tool's changed definition: pin the definition now in the
 * catalogue and unblock calls. Returns `false` when there was nothing to approve.
 * @example
 * ```ts
 * const v = registry.pinViolation('github.create_issue'); // { changed: ['description'], currentHash, … }
 * // …a person reviews registry.list() …
 * approveDefinitionChange(registry, 'github.create_issue', { currentHash: v.currentHash });
 * ```
 */
export function approveDefinitionChange(registry: ToolRegistry, name: string, options: ApproveDefinitionOptions = {}): boolean {
  const tool = registry.get(name);
  const source = registry.source(name);
  if (!tool || source?.kind !== 'mcp') {
    throw new AgentOSError('UNKNOWN_TOOL', `"${name}" is not a connected MCP tool`, { hint: 'only tools of connected MCP servers have pinned definitions' });
  }
  const pinned = pinnedTools.get(tool);
  if (!pinned || pinned.registry !== registry) {
    throw new AgentOSError('UNKNOWN_TOOL', `"${name}" was not added by connectMcp`, { hint: 'only tools of connected MCP servers have pinned definitions' });
  }
  const violation = registry.pinViolation(name);
  if (options.currentHash !== undefined && options.currentHash !== pinned.current.hash) {
    throw new AgentOSError('MCP_PIN_STALE', `the definition of ${name} changed again since it was reviewed (reviewed ${options.currentHash}, now ${pinned.current.hash}); nothing was approved`, {
      hint: 'review the current definition and approve again',
    });
  }
  if (!violation) return false;
  (options.pins ?? pinned.pins).set(name, { ...pinned.current, pinnedAt: Date.now() });
  registry.clearPinViolation(name);
  registry.emit('changed');
  return true;
}
