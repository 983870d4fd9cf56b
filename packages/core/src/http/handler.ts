/**
 * `createAgentOsHandler`: the AgentOS HTTP API (see `docs/http-api.md`) as a
 * plain `(req, res, next?)` handler for Node's `http`, Express or Fastify.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatViolation, isAgentOSError } from '@agentos/policy';
import { WorkflowValidationError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { alertContainer, fixSuggestion, restartContainer, type AlertOptions, type ContainerActionOptions } from './actions.js';
import { createAuthenticator, type AuthOption } from './auth.js';
import { dockerInfo, toContainerView } from './container-view.js';
import { HttpConfigError, HttpError } from './errors.js';
import { streamEvents } from './event-stream.js';
import { errorAnswer, MAX_BODY_BYTES, readJsonBody, sendJson } from './respond.js';
import { matchRoute, type Route } from './router.js';
import {
  ApprovalParamsSchema,
  ApproveBodySchema,
  ChatBodySchema,
  ContainerActionBodySchema,
  ContainerParamsSchema,
  parseRequest,
  RejectBodySchema,
  RunBodySchema,
  RunsQuerySchema,
  ViolationsQuerySchema,
  WorkflowBodySchema,
  WorkflowParamsSchema,
} from './schemas.js';
import { openSse } from './sse.js';
import { CONTAINER_ACTIONS, type ActionResult, type AgentLike, type ContainerAction, type ContainerView, type InfoResponse, type MonitorLike, type ValidateResponse, type WorkflowStoreLike } from './types.js';
import { AGENTOS_VERSION } from './version.js';
import { createMemoryWorkflowStore } from './workflow-store.js';

/** Options of {@link createAgentOsHandler}. */
export interface AgentOsHandlerOptions {
  /** Required: `{ token }`, `{ check(req) }`, or `'none'` (local development only). */
  auth: AuthOption;
  /** Where the API lives. Default `/api`. */
  basePath?: string;
  /** The live container monitor (docker-tools' `createContainerMonitor`) for `/containers` and live updates. */
  monitor?: MonitorLike;
  /** The agent behind `/agent/chat`. Without one, chat answers 501. */
  agent?: AgentLike;
  /** Container action providers (AI fix suggestions). */
  actions?: ContainerActionOptions;
  /** Saved workflows. Default: in memory. See `createFileWorkflowStore`. */
  workflows?: WorkflowStoreLike;
  /** The `alert` action's Slack channel. */
  alert?: AlertOptions;
  /** Cross-origin access: off by default (the UI is served from the same origin). */
  cors?: { origins: string[] };
  /** Interval of the SSE `: ping` comment, ms. Default 15000. */
  pingMs?: number;
  /** Clock for `hello` and violation lines. Default `Date.now`. */
  now?: () => number;
  /** Where unexpected errors (answered with a generic 500) are reported. Default `console.error`. */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

/** The handler: answers requests under `basePath`; calls `next()` (or answers 404) for other paths. */
export type AgentOsHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  corsHeaders: Record<string, string>;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

function normalizeBasePath(basePath: string | undefined): string {
  const raw = basePath ?? '/api';
  if (typeof raw !== 'string') throw new HttpConfigError('basePath must be a string like "/api"', { path: ['basePath'] });
  const trimmed = `/${raw.replace(/^\/+|\/+$/g, '')}`;
  return trimmed === '/' ? '' : trimmed;
}

/**
 * Create the HTTP handler of the AgentOS API. `auth` is required.
 * @example
 * ```ts
 * import http from 'node:http';
 * const handler = createAgentOsHandler(runtime, { auth: { token: process.env.AGENTOS_TOKEN! }, monitor });
 * http.createServer((req, res) => handler(req, res, () => serveStatic(req, res))).listen(3000);
 * ```
 */
export function createAgentOsHandler(runtime: Runtime, options: AgentOsHandlerOptions): AgentOsHandler {
  if (!runtime || typeof runtime.run !== 'function' || typeof runtime.session !== 'function') {
    throw new HttpConfigError('createAgentOsHandler needs a runtime made by createRuntime', { path: ['runtime'] });
  }
  if (!options || typeof options !== 'object') {
    throw new HttpConfigError("createAgentOsHandler needs options with an `auth` choice, e.g. { auth: { token: '<secret>' } }", { path: ['options'] });
  }
  const authenticate = createAuthenticator(options.auth);
  const basePath = normalizeBasePath(options.basePath);
  const workflows = options.workflows ?? createMemoryWorkflowStore();
  const monitor = options.monitor;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((e: unknown) => console.error('[agentos http]', e));
  const origins = new Set(options.cors?.origins ?? []);
  if (options.cors && (!Array.isArray(options.cors.origins) || options.cors.origins.length === 0)) {
    throw new HttpConfigError('cors.origins must list the allowed origins, e.g. ["https://ops.example.com"]', { path: ['cors', 'origins'] });
  }

  const body = async (ctx: Ctx) => readJsonBody(ctx.req, MAX_BODY_BYTES);
  const json = (ctx: Ctx, status: number, value: unknown) => sendJson(ctx.res, status, value, ctx.corsHeaders);
  const query = (ctx: Ctx) => Object.fromEntries(ctx.query);
  const noQuery = (ctx: Ctx) => {
    const keys = [...ctx.query.keys()];
    if (keys.length) throw new HttpError(400, 'VALIDATION', `unknown query parameter "${keys[0]}"`, { where: keys[0]! });
  };

  /** Load (validate) a workflow against the registry; a 400 with the first problem's path on error. */
  const load = (workflow: unknown) => {
    try {
      return runtime.load(workflow);
    } catch (e) {
      throw asBadWorkflow(e);
    }
  };

  const findView = (name: string, host: string | undefined): ContainerView => {
    if (!monitor) {
      return { id: name, name, image: '', state: 'unknown', health: 'none', uptimeSeconds: null, restartCount: 0, host: host ?? '', labels: {} };
    }
    const found = monitor.snapshot().find((c) => (c.name.replace(/^\//, '') === name || c.id === name || (name.length >= 12 && c.id.startsWith(name))) && (!host || c.host === host));
    if (!found) throw new HttpError(404, 'CONTAINER_NOT_FOUND', `no container "${name}"${host ? ` on host "${host}"` : ''} in the monitor's snapshot`, { where: 'name' });
    return toContainerView(found);
  };

  const routes: Array<Route<Ctx>> = [
    {
      method: 'GET',
      pattern: '/info',
      handle: async (ctx) => {
        noQuery(ctx);
        const info: InfoResponse = { version: AGENTOS_VERSION, docker: dockerInfo(monitor), agent: Boolean(options.agent), auth: authenticate.enabled };
        json(ctx, 200, info);
      },
    },
    {
      method: 'GET',
      pattern: '/containers',
      handle: async (ctx) => {
        noQuery(ctx);
        json(ctx, 200, { containers: monitor ? monitor.snapshot().map(toContainerView) : [], docker: dockerInfo(monitor) });
      },
    },
    {
      method: 'GET',
      pattern: '/tools',
      handle: async (ctx) => {
        noQuery(ctx);
        json(ctx, 200, { tools: runtime.registry.list() });
      },
    },
    {
      method: 'GET',
      pattern: '/workflows',
      handle: async (ctx) => {
        noQuery(ctx);
        json(ctx, 200, { workflows: await workflows.list() });
      },
    },
    {
      method: 'POST',
      pattern: '/workflows/validate',
      handle: async (ctx) => {
        const { workflow } = parseRequest(WorkflowBodySchema, await body(ctx), 'body');
        let answer: ValidateResponse;
        try {
          runtime.load(workflow);
          answer = { ok: true };
        } catch (e) {
          if (!(e instanceof WorkflowValidationError)) throw e;
          answer = { ok: false, issues: [...e.issues] };
        }
        json(ctx, 200, answer);
      },
    },
    {
      method: 'POST',
      pattern: '/workflows/preview',
      handle: async (ctx) => {
        const { workflow } = parseRequest(WorkflowBodySchema, await body(ctx), 'body');
        const loaded = load(workflow);
        json(ctx, 200, runtime.preview(loaded));
      },
    },
    {
      method: 'GET',
      pattern: '/workflows/:name',
      handle: async (ctx, params) => {
        const name = parseRequest(WorkflowParamsSchema, params, 'params').name;
        const workflow = await workflows.get(name);
        if (!workflow) throw new HttpError(404, 'NOT_FOUND', `no saved workflow named "${name}"`, { where: 'name' });
        json(ctx, 200, { workflow });
      },
    },
    {
      method: 'PUT',
      pattern: '/workflows/:name',
      handle: async (ctx, params) => {
        const name = parseRequest(WorkflowParamsSchema, params, 'params').name;
        const raw = await body(ctx);
        if (raw === undefined) throw new HttpError(400, 'VALIDATION', 'the request body must be the workflow JSON', { where: '' });
        const workflow = load(raw).json;
        if (workflow.name !== name) {
          throw new HttpError(400, 'VALIDATION', `the workflow's name "${workflow.name}" does not match the URL ("${name}")`, { where: 'name', hint: 'save it under its own name, or rename it' });
        }
        await workflows.save(workflow);
        json(ctx, 200, { workflow });
      },
    },
    {
      method: 'DELETE',
      pattern: '/workflows/:name',
      handle: async (ctx, params) => {
        const name = parseRequest(WorkflowParamsSchema, params, 'params').name;
        if (!(await workflows.remove(name))) throw new HttpError(404, 'NOT_FOUND', `no saved workflow named "${name}"`, { where: 'name' });
        json(ctx, 200, { deleted: true });
      },
    },
    {
      method: 'POST',
      pattern: '/runs',
      handle: async (ctx) => {
        const request = parseRequest(RunBodySchema, await body(ctx), 'body');
        let workflow: unknown;
        if ('name' in request) {
          workflow = (await workflows.get(request.name)) ?? runtime.workflows().find((w) => w.name === request.name);
          if (!workflow) throw new HttpError(404, 'NOT_FOUND', `no saved or registered workflow named "${request.name}"`, { where: 'name' });
        } else {
          workflow = request.workflow;
        }
        const loaded = load(workflow);
        const handle = runtime.run(loaded, { ...(request.input ? { input: request.input } : {}), trigger: { type: 'manual', time: now() } });
        json(ctx, 202, { runId: handle.id });
      },
    },
    {
      method: 'GET',
      pattern: '/runs',
      handle: async (ctx) => {
        const q = parseRequest(RunsQuerySchema, query(ctx), 'query');
        json(ctx, 200, { runs: await runtime.listRuns({ limit: q.limit ?? 50, ...(q.workflow ? { workflow: q.workflow } : {}) }) });
      },
    },
    {
      method: 'GET',
      pattern: '/runs/:id',
      handle: async (ctx, params) => {
        noQuery(ctx);
        const run = await runtime.getRun(params.id!);
        if (!run) throw new HttpError(404, 'NOT_FOUND', `no run "${params.id}"`, { where: 'id' });
        json(ctx, 200, { run });
      },
    },
    {
      method: 'GET',
      pattern: '/violations',
      handle: async (ctx) => {
        const q = parseRequest(ViolationsQuerySchema, query(ctx), 'query');
        const violations = await runtime.violations.list({
          limit: q.limit ?? 100,
          ...(q.since !== undefined ? { since: q.since } : {}),
          ...(q.workflow ? { workflow: q.workflow } : {}),
          ...(q.tool ? { tool: q.tool } : {}),
        });
        const at = now();
        json(ctx, 200, { violations, lines: violations.map((v) => formatViolation(v, { now: at })) });
      },
    },
    {
      method: 'GET',
      pattern: '/approvals',
      handle: async (ctx) => {
        noQuery(ctx);
        json(ctx, 200, { approvals: await runtime.pendingApprovals() });
      },
    },
    {
      method: 'POST',
      pattern: '/approvals/:runId/:stepId/approve',
      handle: async (ctx, params) => {
        const { runId, stepId } = parseRequest(ApprovalParamsSchema, params, 'params');
        const { by } = parseRequest(ApproveBodySchema, await body(ctx), 'body');
        await requirePending(runtime, runId, stepId);
        await runtime.approve(runId, stepId, { by });
        json(ctx, 200, { ok: true });
      },
    },
    {
      method: 'POST',
      pattern: '/approvals/:runId/:stepId/reject',
      handle: async (ctx, params) => {
        const { runId, stepId } = parseRequest(ApprovalParamsSchema, params, 'params');
        const { by, reason } = parseRequest(RejectBodySchema, await body(ctx), 'body');
        await requirePending(runtime, runId, stepId);
        await runtime.reject(runId, stepId, { by, ...(reason ? { reason } : {}) });
        json(ctx, 200, { ok: true });
      },
    },
    {
      method: 'POST',
      pattern: '/containers/:name/actions/:action',
      handle: async (ctx, params) => {
        const action = params.action as ContainerAction;
        if (!(CONTAINER_ACTIONS as readonly string[]).includes(action)) {
          throw new HttpError(404, 'UNKNOWN_ACTION', `no container action "${params.action}" (actions: ${CONTAINER_ACTIONS.join(', ')})`, { where: 'action' });
        }
        const { name } = parseRequest(ContainerParamsSchema, { name: params.name }, 'params');
        const { host } = parseRequest(ContainerActionBodySchema, await body(ctx), 'body');
        let result: ActionResult;
        if (action === 'restart') result = await restartContainer(runtime, name, host, ctx.signal);
        else if (action === 'alert') result = await alertContainer(runtime, name, options.alert, host);
        else {
          result = await fixSuggestion(options.actions ?? {}, () => findView(name, host), ctx.signal);
        }
        json(ctx, 200, result);
      },
    },
    {
      method: 'POST',
      pattern: '/agent/chat',
      handle: async (ctx) => {
        const agent = options.agent;
        if (!agent) {
          throw new HttpError(501, 'NO_AGENT', 'the agent is not configured on this server', { hint: 'pass agent to createAgentOsHandler (the agent package provides one)' });
        }
        const { message } = parseRequest(ChatBodySchema, await body(ctx), 'body');
        const stream = openSse(ctx.req, ctx.res, { headers: ctx.corsHeaders, ...(options.pingMs ? { pingMs: options.pingMs } : {}) });
        try {
          for await (const event of agent.chat(message, { signal: ctx.signal })) {
            if (stream.closed) break;
            const name = typeof event?.type === 'string' && /^[A-Za-z][A-Za-z0-9:_-]{0,63}$/.test(event.type) ? event.type : 'message';
            stream.send(name, event);
          }
        } catch (e) {
          if (!stream.closed) {
            const answer = errorAnswer(e);
            if (answer.status >= 500 && !isAgentOSError(e)) onError(e, ctx.req);
            stream.send('error', { type: 'error', ...answer.body.error });
          }
        } finally {
          stream.close();
        }
      },
    },
    {
      method: 'GET',
      pattern: '/events',
      handle: async (ctx) => {
        const stream = openSse(ctx.req, ctx.res, { headers: ctx.corsHeaders, ...(options.pingMs ? { pingMs: options.pingMs } : {}) });
        streamEvents(stream, { runtime, monitor, now, onError: (e) => onError(e, ctx.req) });
      },
    },
  ];

  return (req, res, next) => {
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    let url: URL;
    try {
      url = new URL(original, 'http://localhost');
    } catch {
      sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: 'the request URL cannot be parsed' } });
      return;
    }
    const path = url.pathname;
    const inside = basePath === '' || path === basePath || path.startsWith(`${basePath}/`);
    if (!inside) {
      if (next) next();
      else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no endpoint ${path}` } });
      return;
    }
    const relative = path.slice(basePath.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const corsHeaders: Record<string, string> =
      origin && (origins.has(origin) || origins.has('*'))
        ? { 'access-control-allow-origin': origins.has('*') ? '*' : origin, vary: 'Origin', 'access-control-expose-headers': 'WWW-Authenticate' }
        : {};
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const ctx: Ctx = { req, res, query: url.searchParams, corsHeaders, signal: controller.signal };

    const serve = async () => {
      if (method === 'OPTIONS' && options.cors) {
        if (!corsHeaders['access-control-allow-origin']) throw new HttpError(403, 'CORS_ORIGIN', `origin ${origin ?? '(none)'} is not allowed`);
        res.writeHead(204, {
          ...corsHeaders,
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
          'access-control-allow-headers': 'Authorization, Content-Type',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
      const { route, params } = matchRoute(routes, method, relative);
      const queryToken = route.pattern === '/events' ? (url.searchParams.get('token') ?? undefined) : undefined;
      if (queryToken !== undefined) url.searchParams.delete('token');
      await authenticate(req, queryToken);
      await route.handle(ctx, params);
    };

    serve().catch((e: unknown) => {
      const answer = errorAnswer(e);
      if (answer.status >= 500 && !(e instanceof HttpError && e.status === 501)) onError(e, req);
      if (res.headersSent) {
        res.end();
        return;
      }
      sendJson(res, answer.status, answer.body, { ...answer.headers, ...corsHeaders });
    });
  };
}

/** A load error as a 400 with the first problem's path and every issue. */
function asBadWorkflow(e: unknown): unknown {
  if (e instanceof WorkflowValidationError) {
    const first = e.issues[0];
    return new HttpError(400, 'WORKFLOW_INVALID', e.message, { ...(first ? { where: first.path } : {}), issues: e.issues });
  }
  return e;
}

/** 404 for an unknown run, 409 for a step that is not waiting for a person. */
async function requirePending(runtime: Runtime, runId: string, stepId: string): Promise<void> {
  const pending = await runtime.pendingApprovals();
  if (pending.some((p) => p.runId === runId && p.stepId === stepId)) return;
  const run = await runtime.getRun(runId);
  if (!run) throw new HttpError(404, 'NOT_FOUND', `no run "${runId}"`, { where: 'runId' });
  const step = run.steps[stepId];
  if (!step) throw new HttpError(404, 'NOT_FOUND', `run "${runId}" has no step "${stepId}"`, { where: 'stepId' });
  throw new HttpError(409, 'NOT_AWAITING_APPROVAL', `step "${stepId}" of run "${runId}" is not waiting for approval (it is ${step.status})`, { where: 'stepId' });
}

