/**
 * Serve a runtime's tools as an MCP server (stdio or Streamable HTTP), so any
 * MCP client — Claude Desktop, an IDE, the MCP Inspector — gets the same tools
 * behind the same policies.
 *
 * Each MCP session gets one runtime {@link ToolSession} in `context` mode: the
 * client's LLM sees every result, so once an untrusted output was returned in
 * a session, later calls of that session run in an untrusted context. A
 * blocked call is an MCP tool error (`isError: true`) naming the policy and
 * the reason. Tools whose definition changed since it was pinned are not
 * listed (their new description is exactly what must not reach an LLM before
 * a person approved it) and calls to them are blocked by the runtime.
 * @module
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, isInitializeRequest, ListToolsRequestSchema, McpError, type CallToolResult, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { AgentOSError } from '../errors.js';
import type { ToolInfo, ToolRegistry } from '../registry.js';
import type { CallResult, SessionOptions, ToolSession } from '../runtime/session.js';

/** What {@link serveMcp} needs from a runtime (`createRuntime(…)` satisfies it). */
export interface McpRuntime {
  readonly registry: ToolRegistry;
  session(options?: SessionOptions): ToolSession | Promise<ToolSession>;
}

/** Serve over stdin/stdout (one MCP session). */
export interface ServeMcpStdio {
  transport: 'stdio';
  /** Default `process.stdin`. */
  stdin?: Readable;
  /** Default `process.stdout`. */
  stdout?: Writable;
}

/** Serve over Streamable HTTP (one MCP session per `mcp-session-id`). */
export interface ServeMcpHttp {
  transport: 'http';
  /** Default 0: any free port (see the returned `url`). */
  port?: number;
  /** Default `127.0.0.1`. On a loopback host, requests must also name a loopback `Host` (DNS-rebinding protection). */
  host?: string;
  /**
   * Clients must send `Authorization: Bearer <token>`. Required: pass `null`
   * explicitly to turn authentication off (only for a loopback host on a
   * machine you trust — any local process can then call the tools).
   */
  token: string | null;
  /** Default `/mcp`. */
  path?: string;
  /** Browser origins allowed to call (requests with another `Origin` header get 403). Default: none. */
  allowedOrigins?: string[];
  /**
   * Close a session after this long without requests (its client may have gone
   * without a DELETE). A session with a request or an event stream still open
   * is never idle. Default 30 minutes; `0` keeps sessions until `close()`.
   */
  idleTimeoutMs?: number;
}

/** Options of {@link serveMcp} besides the transport. */
export interface ServeMcpOptions {
  /** Server name announced to clients. Default `agentos`. */
  name?: string;
  /** Server version announced to clients. Default `0.1.0`. */
  version?: string;
  /** Name of the sessions in runs and violations. Default `MCP session`; the client's name is appended. */
  workflowName?: string;
  /** Errors outside a request (a failed list_changed notification, a transport error). Default `process.emitWarning`. */
  onError?: (error: Error) => void;
}

/** A running MCP server. */
export interface McpServerHandle {
  /** For HTTP: where clients connect (`http://127.0.0.1:PORT/mcp`). */
  readonly url?: string;
  /** Open MCP sessions. */
  readonly sessions: number;
  /** End every session and stop serving. */
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** MCP hint fields only: our trust hints are AgentOS policy input, not MCP annotations. */
function mcpAnnotations(info: ToolInfo): McpTool['annotations'] {
  const a = info.annotations;
  const out: NonNullable<McpTool['annotations']> = {};
  if (a.title !== undefined) out.title = a.title;
  if (a.readOnlyHint !== undefined) out.readOnlyHint = a.readOnlyHint;
  if (a.destructiveHint !== undefined) out.destructiveHint = a.destructiveHint;
  if (a.idempotentHint !== undefined) out.idempotentHint = a.idempotentHint;
  if (a.openWorldHint !== undefined) out.openWorldHint = a.openWorldHint;
  return Object.keys(out).length ? out : undefined;
}

/**
 * The registry's catalogue as MCP tools. Tools with a pending pin violation
 * are left out; so are tools whose input is not an object (MCP arguments are
 * always objects).
 * @example
 * ```ts
 * const tools = mcpToolList(runtime.registry); // [{ name: 'slack_notify', inputSchema: { type: 'object', … }, … }]
 * ```
 */
export function mcpToolList(registry: ToolRegistry): McpTool[] {
  const out: McpTool[] = [];
  for (const info of registry.list()) {
    if (info.pinViolation) continue;
    const schema = info.inputSchema;
    if (schema.type !== undefined && schema.type !== 'object') continue;
    const annotations = mcpAnnotations(info);
    out.push({
      name: info.name,
      description: info.description,
      inputSchema: { ...schema, type: 'object' } as McpTool['inputSchema'],
      ...(annotations ? { annotations } : {}),
    });
  }
  return out;
}

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });
const toolError = (t: string): CallToolResult => ({ ...text(t), isError: true });

/**
 * Map a runtime call result to an MCP tool result. Everything but success is
 * `isError: true` with a text people and LLMs can act on.
 * @example
 * ```ts
 * toMcpResult('slack_notify', { status: 'blocked', stepId: 'call-2', reason: 'untrusted context', decision });
 * // { isError: true, content: [{ type: 'text', text: 'Blocked by policy slack_notify (block_when_context_is_untrusted): …' }] }
 * ```
 */
export function toMcpResult(tool: string, result: CallResult): CallToolResult {
  switch (result.status) {
    case 'succeeded': {
      const { output } = result;
      const body = typeof output === 'string' ? output : output === undefined ? '' : JSON.stringify(output, null, 2);
      const structured = output !== null && typeof output === 'object' && !Array.isArray(output);
      return {
        ...text(body),
        ...(structured ? { structuredContent: output as Record<string, unknown> } : {}),
        _meta: { 'agentos/trust': result.outcome },
      };
    }
    case 'blocked': {
      const p = result.decision?.policy;
      const reason = result.reason.replace(/[.\s]+$/, '');
      if (result.outputBlocked) {
        // `decision` is the invocation decision (the call was allowed); the reason names the output's policy.
        return toolError(`${tool} ran, but its output was withheld: ${reason}.`);
      }
      if (p) return toolError(`Blocked by policy ${p.id} (${p.action}): ${reason}. The tool did not run.`);
      return toolError(`${/^blocked\b/i.test(reason) ? reason : `Blocked: ${reason}`}. The tool did not run.`);
    }
    case 'awaiting_approval': {
      const a = result.approval;
      const p = a.decision.policy;
      return toolError(
        `${tool} is waiting for a person's approval (policy ${p.id} (${p.action}): ${a.decision.reason}). It has not run. A person must approve run ${a.runId}, step ${a.stepId} in AgentOS before it can proceed.`,
      );
    }
    case 'failed':
      return toolError(`${tool} failed (${result.error.code}): ${result.error.message}`);
  }
}

/** One MCP session: a low-level SDK server bound to one runtime session. */
function createSessionServer(runtime: McpRuntime, options: ServeMcpOptions, report: (e: unknown) => void) {
  const server = new Server({ name: options.name ?? 'agentos', version: options.version ?? '0.1.0' }, { capabilities: { tools: { listChanged: true } } });
  let session: Promise<ToolSession> | undefined;
  let closed = false;
  const ensureSession = (): Promise<ToolSession> => {
    if (!session) {
      const client = server.getClientVersion()?.name;
      const name = `${options.workflowName ?? 'MCP session'}${client ? ` (${client})` : ''}`;
      session = Promise.resolve().then(() => runtime.session({ name, mode: 'context' }));
    }
    return session;
  };
  server.oninitialized = () => {
    ensureSession().catch(report);
  };
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: mcpToolList(runtime.registry) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    if (!runtime.registry.has(name)) {
      throw new McpError(ErrorCode.InvalidParams, `unknown tool "${name}"; list the tools with tools/list`);
    }
    const s = await ensureSession();
    let result: CallResult;
    try {
      result = await s.call(name, request.params.arguments ?? {}, { signal: extra.signal });
    } catch (e) {
      // Not a success: the client sees the error.
      return toolError(`${name} could not be called: ${e instanceof Error ? e.message : String(e)}`);
    }
    return toMcpResult(name, result);
  });
  const onChanged = () => {
    if (closed || !server.transport) return;
    server.sendToolListChanged().catch(report);
  };
  runtime.registry.on('changed', onChanged);
  runtime.registry.on('pin:violation', onChanged);
  const close = async () => {
    if (closed) return;
    closed = true;
    runtime.registry.off('changed', onChanged);
    runtime.registry.off('pin:violation', onChanged);
    const s = session;
    session = undefined;
    if (s) await (await s).close();
  };
  return { server, close };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
const rpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AgentOSError('MCP_BODY_TOO_LARGE', `request body over ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serve the runtime's tools over MCP.
 * @example
 * ```ts
 * // Claude Desktop / IDEs: a stdio server
 * await serveMcp(runtime, { transport: 'stdio' });
 * // Over HTTP, with a bearer token
 * const mcp = await serveMcp(runtime, { transport: 'http', port: 8808, token: process.env.AGENTOS_MCP_TOKEN! });
 * console.log(mcp.url); // http://127.0.0.1:8808/mcp
 * ```
 */
export async function serveMcp(runtime: McpRuntime, transport: ServeMcpStdio | ServeMcpHttp, options: ServeMcpOptions = {}): Promise<McpServerHandle> {
  const report = (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    if (options.onError) options.onError(err);
    else process.emitWarning(`MCP server: ${err.message}`, { code: 'AGENTOS_MCP' });
  };
  if (transport?.transport === 'stdio') return serveStdio(runtime, transport, options, report);
  if (transport?.transport === 'http') return serveHttp(runtime, transport, options, report);
  throw new AgentOSError('MCP_CONFIG', `serveMcp(): unknown transport ${JSON.stringify((transport as { transport?: unknown })?.transport)}`, {
    hint: "use { transport: 'stdio' } or { transport: 'http', token }",
  });
}

async function serveStdio(runtime: McpRuntime, t: ServeMcpStdio, options: ServeMcpOptions, report: (e: unknown) => void): Promise<McpServerHandle> {
  const { server, close: closeSession } = createSessionServer(runtime, options, report);
  let open = true;
  server.onclose = () => {
    open = false;
    closeSession().catch(report);
  };
  server.onerror = report;
  await server.connect(new StdioServerTransport(t.stdin, t.stdout));
  return {
    get sessions() {
      return open ? 1 : 0;
    },
    close: async () => {
      open = false;
      await server.close();
      await closeSession();
    },
  };
}

async function serveHttp(runtime: McpRuntime, t: ServeMcpHttp, options: ServeMcpOptions, report: (e: unknown) => void): Promise<McpServerHandle> {
  if (t.token === undefined || (t.token !== null && (typeof t.token !== 'string' || !t.token.trim()))) {
    throw new AgentOSError('MCP_CONFIG', 'serveMcp(): the HTTP transport needs a bearer token', {
      hint: 'pass { token: "<a long random secret>" }; pass token: null to turn authentication off explicitly (loopback only, trusted machine)',
    });
  }
  const token = t.token;
  const host = t.host ?? '127.0.0.1';
  const path = t.path ?? '/mcp';
  if (!path.startsWith('/')) throw new AgentOSError('MCP_CONFIG', `serveMcp(): path must start with "/", got ${JSON.stringify(path)}`);
  const allowedOrigins = new Set(t.allowedOrigins ?? []);
  type SessionEntry = { transport: StreamableHTTPServerTransport; close: () => Promise<void>; lastUsed: number; inFlight: number };
  const sessions = new Map<string, SessionEntry>();
  let allowedHosts: Set<string> | undefined;
  const idleTimeoutMs = t.idleTimeoutMs ?? 30 * 60_000;
  const track = (entry: SessionEntry, res: ServerResponse) => {
    entry.inFlight++;
    entry.lastUsed = Date.now();
    res.once('close', () => {
      entry.inFlight--;
      entry.lastUsed = Date.now();
    });
  };
  const sweeper =
    idleTimeoutMs > 0
      ? setInterval(() => {
          const now = Date.now();
          for (const [id, entry] of sessions) {
            if (entry.inFlight > 0 || now - entry.lastUsed < idleTimeoutMs) continue;
            sessions.delete(id);
            // Closing the transport closes its server, which closes the runtime session.
            entry.transport.close().catch(report);
          }
        }, Math.max(10, Math.min(idleTimeoutMs / 2, 60_000)))
      : undefined;
  sweeper?.unref();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return sendJson(res, 404, rpcError(-32000, `not found: the MCP endpoint is ${path}`));
    if (allowedHosts && !allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return sendJson(res, 403, rpcError(-32000, 'Forbidden: unexpected Host header (DNS-rebinding protection)'));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return sendJson(res, 403, rpcError(-32000, `Forbidden: origin ${origin} is not allowed (see allowedOrigins)`));
    }
    if (token !== null && !tokenMatches(req.headers.authorization, token)) {
      return sendJson(res, 401, rpcError(-32001, 'Unauthorized: send Authorization: Bearer <token>'), { 'www-authenticate': 'Bearer realm="agentos-mcp"' });
    }
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (e) {
        return sendJson(res, 413, rpcError(-32000, e instanceof Error ? e.message : String(e)));
      }
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, rpcError(ErrorCode.ParseError, 'Parse error: the body is not JSON'));
      }
    }
    const sid = req.headers['mcp-session-id'];
    if (typeof sid === 'string') {
      const entry = sessions.get(sid);
      if (!entry) return sendJson(res, 404, rpcError(-32001, 'Session not found: start a new session with initialize'));
      track(entry, res);
      return entry.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return sendJson(res, 400, rpcError(-32000, 'Bad Request: no mcp-session-id; start with an initialize request'));
    }
    const { server, close: closeSession } = createSessionServer(runtime, options, report);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, close: closeSession, lastUsed: Date.now(), inFlight: 0 });
      },
    });
    server.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      closeSession().catch(report);
    };
    server.onerror = report;
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      report(e);
      if (!res.headersSent) sendJson(res, 500, rpcError(ErrorCode.InternalError, 'Internal error'));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(t.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  if (LOOPBACK.has(host)) allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${path}`,
    get sessions() {
      return sessions.size;
    },
    close: async () => {
      if (sweeper) clearInterval(sweeper);
      const open = [...sessions.values()];
      sessions.clear();
      // Closing a transport closes its server, which closes the runtime session.
      const settled = [...(await Promise.allSettled(open.map((s) => s.transport.close()))), ...(await Promise.allSettled(open.map((s) => s.close())))];
      for (const r of settled) if (r.status === 'rejected') report(r.reason);
      http.closeAllConnections();
      await new Promise<void>((resolve, reject) => http.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
