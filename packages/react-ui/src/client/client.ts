/**
 * `createAgentOsClient`: typed calls for every endpoint of the AgentOS HTTP
 * API (see `docs/http-api.md`), agent chat as an async iterable, and the
 * live event subscription. Browser-safe: `fetch`, `EventSource`,
 * `TextDecoder` only.
 * @module
 */
import { AgentOsHttpError, errorFromResponse, networkError } from './errors.js';
import { readSse } from './sse-parser.js';
import { subscribeEvents, type SubscribeOptions } from './subscribe.js';
import type {
  ActionResult,
  AgentChatEvent,
  AgentOsEvent,
  ContainerAction,
  ContainersResponse,
  EventSourceConstructor,
  FetchLike,
  InfoResponse,
  PendingApproval,
  RunQuery,
  RunRecord,
  RunTarget,
  ToolInfo,
  ValidateResponse,
  ViolationQuery,
  ViolationsResponse,
  WorkflowJson,
  WorkflowPreview,
} from './types.js';

/** Options of {@link createAgentOsClient}. */
export interface AgentOsClientOptions {
  /** The API token (sent as `Authorization: Bearer`, and as `?token=` to `EventSource`). */
  token?: string;
  /** `fetch` to use. Default: the global one. */
  fetch?: FetchLike;
  /** `EventSource` to use for `subscribe`. Default: the global one, when present. */
  EventSource?: EventSourceConstructor;
}

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The typed API client. */
export interface AgentOsClient {
  /** The base URL calls go to (no trailing slash). */
  readonly baseUrl: string;
  /** `GET /info`. */
  info(options?: CallOptions): Promise<InfoResponse>;
  /** `GET /containers`: the monitored containers and where they come from. */
  containers(options?: CallOptions): Promise<ContainersResponse>;
  /** `GET /tools`: the tool catalogue. */
  tools(options?: CallOptions): Promise<ToolInfo[]>;
  workflows: {
    /** `GET /workflows`: saved workflows. */
    list(options?: CallOptions): Promise<WorkflowJson[]>;
    /** `GET /workflows/:name`. Throws a 404 {@link AgentOsHttpError} when there is none. */
    get(name: string, options?: CallOptions): Promise<WorkflowJson>;
    /** `PUT /workflows/:name` (under its own name). A bad workflow throws a 400 with `path`. */
    save(workflow: WorkflowJson, options?: CallOptions): Promise<WorkflowJson>;
    /** `DELETE /workflows/:name`. */
    remove(name: string, options?: CallOptions): Promise<void>;
    /** `POST /workflows/validate`: `{ ok }` or `{ ok: false, issues }` (never throws for an invalid workflow). */
    validate(workflow: unknown, options?: CallOptions): Promise<ValidateResponse>;
    /** `POST /workflows/preview`: which steps the policies would block, and why. */
    preview(workflow: unknown, options?: CallOptions): Promise<WorkflowPreview>;
  };
  runs: {
    /** `POST /runs`: start a workflow (or a saved one by name); follow it with `subscribe`. */
    start(target: RunTarget, options?: CallOptions & { input?: Record<string, unknown> }): Promise<{ runId: string }>;
    /** `GET /runs`, newest first. */
    list(query?: RunQuery, options?: CallOptions): Promise<RunRecord[]>;
    /** `GET /runs/:id`. */
    get(id: string, options?: CallOptions): Promise<RunRecord>;
  };
  /** `GET /violations`: the records and the ⛔ lines, newest first. */
  violations(filter?: ViolationQuery, options?: CallOptions): Promise<ViolationsResponse>;
  approvals: {
    /** `GET /approvals`: steps waiting for a person. */
    list(options?: CallOptions): Promise<PendingApproval[]>;
    approve(runId: string, stepId: string, by: string, options?: CallOptions): Promise<void>;
    reject(runId: string, stepId: string, by: string, reason?: string, options?: CallOptions): Promise<void>;
  };
  /** `POST /containers/:name/actions/:action`: `restart`, `alert` or `fix-suggestion`. */
  containerAction(name: string, action: ContainerAction, options?: CallOptions & { host?: string }): Promise<ActionResult>;
  /** `POST /agent/chat`: the agent's events as they stream in. */
  chat(message: string, options?: CallOptions): AsyncIterable<AgentChatEvent>;
  /** `GET /events`: live events until the returned function is called. Reconnects by itself. */
  subscribe(onEvent: (event: AgentOsEvent) => void, options?: SubscribeOptions): () => void;
}

const isAbort = (e: unknown) => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
const seg = (s: string) => encodeURIComponent(s);

/**
 * Create a client for the AgentOS API at `baseUrl` (e.g. `/api` on the same
 * origin, or `http://127.0.0.1:3000/api`).
 * @example
 * ```ts
 * const client = createAgentOsClient('/api', { token });
 * const { containers } = await client.containers();
 * const result = await client.containerAction('db', 'alert');
 * if (result.status === 'blocked') showOnScreen(result.message, result.output?.text);
 * const stop = client.subscribe((e) => e.type === 'violation' && console.log(e.data.line), { onStatus: setStatus });
 * ```
 */
export function createAgentOsClient(baseUrl: string, options: AgentOsClientOptions = {}): AgentOsClient {
  const base = baseUrl.replace(/\/+$/, '');
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const authHeader: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};

  const send = async (method: string, path: string, body: unknown, accept: string, signal: AbortSignal | undefined): Promise<Response> => {
    const url = `${base}${path}`;
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        headers: { accept, ...authHeader, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      if (isAbort(e)) throw e;
      throw networkError(url, e);
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  };
  const request = async <T>(method: string, path: string, body?: unknown, callOptions: CallOptions = {}): Promise<T> => {
    const res = await send(method, path, body, 'application/json', callOptions.signal);
    try {
      return (await res.json()) as T;
    } catch (e) {
      if (isAbort(e)) throw e;
      throw new AgentOsHttpError(res.status, 'BAD_RESPONSE', `the answer to ${method} ${path} is not JSON`, { cause: e });
    }
  };
  const query = (params: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  };

  return {
    baseUrl: base,
    info: (o) => request<InfoResponse>('GET', '/info', undefined, o),
    containers: (o) => request<ContainersResponse>('GET', '/containers', undefined, o),
    tools: async (o) => (await request<{ tools: ToolInfo[] }>('GET', '/tools', undefined, o)).tools,
    workflows: {
      list: async (o) => (await request<{ workflows: WorkflowJson[] }>('GET', '/workflows', undefined, o)).workflows,
      get: async (name, o) => (await request<{ workflow: WorkflowJson }>('GET', `/workflows/${seg(name)}`, undefined, o)).workflow,
      save: async (workflow, o) => (await request<{ workflow: WorkflowJson }>('PUT', `/workflows/${seg(workflow.name)}`, workflow, o)).workflow,
      remove: async (name, o) => {
        await request<{ deleted: true }>('DELETE', `/workflows/${seg(name)}`, undefined, o);
      },
      validate: (workflow, o) => request<ValidateResponse>('POST', '/workflows/validate', { workflow }, o),
      preview: (workflow, o) => request<WorkflowPreview>('POST', '/workflows/preview', { workflow }, o),
    },
    runs: {
      start: (target, o = {}) => request<{ runId: string }>('POST', '/runs', { ...target, ...(o.input ? { input: o.input } : {}) }, o),
      list: async (q = {}, o) => (await request<{ runs: RunRecord[] }>('GET', `/runs${query({ limit: q.limit, workflow: q.workflow })}`, undefined, o)).runs,
      get: async (id, o) => (await request<{ run: RunRecord }>('GET', `/runs/${seg(id)}`, undefined, o)).run,
    },
    violations: (f = {}, o) => request<ViolationsResponse>('GET', `/violations${query({ since: f.since, workflow: f.workflow, tool: f.tool, limit: f.limit })}`, undefined, o),
    approvals: {
      list: async (o) => (await request<{ approvals: PendingApproval[] }>('GET', '/approvals', undefined, o)).approvals,
      approve: async (runId, stepId, by, o) => {
        await request<{ ok: true }>('POST', `/approvals/${seg(runId)}/${seg(stepId)}/approve`, { by }, o);
      },
      reject: async (runId, stepId, by, reason, o) => {
        await request<{ ok: true }>('POST', `/approvals/${seg(runId)}/${seg(stepId)}/reject`, { by, ...(reason ? { reason } : {}) }, o);
      },
    },
    containerAction: (name, action, o = {}) =>
      request<ActionResult>('POST', `/containers/${seg(name)}/actions/${seg(action)}`, o.host ? { host: o.host } : {}, o),
    chat: (message, o = {}) => ({
      async *[Symbol.asyncIterator]() {
        const res = await send('POST', '/agent/chat', { message }, 'text/event-stream', o.signal);
        if (!res.body) throw new AgentOsHttpError(res.status, 'NO_STREAM', 'the chat answer has no body to stream');
        for await (const m of readSse(res.body)) {
          let event: AgentChatEvent;
          try {
            event = JSON.parse(m.data) as AgentChatEvent;
          } catch (e) {
            throw new AgentOsHttpError(res.status, 'BAD_EVENT', `the "${m.event}" chat event does not hold JSON`, { cause: e });
          }
          yield typeof event === 'object' && event !== null && typeof event.type === 'string' ? event : { ...(event as object), type: m.event };
        }
      },
    }),
    subscribe: (onEvent, o) =>
      subscribeEvents({ url: `${base}/events`, fetch: fetchImpl, ...(options.token ? { token: options.token } : {}), ...(options.EventSource ? { EventSource: options.EventSource } : {}) }, onEvent, o),
  };
}
