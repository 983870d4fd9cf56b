/**
 * An in-memory test double of the HTTP client for component tests: canned
 * answers, a log of calls, and `emit()` to push live events. (The real
 * client against a real server is tested in client/ and in e2e tests.)
 * @module
 */
import type { AgentChatEvent, AgentOsClient, AgentOsEvent, ActionResult, ContainerAction, InfoResponse, ContainerView, PendingApproval, RunRecord, ToolInfo, ValidateResponse, Violation, WorkflowJson, WorkflowPreview } from '../client/index.js';

/** One recorded call: method path and arguments. */
export interface FakeCall {
  method: string;
  args: unknown[];
}

/** Canned data and behaviour of a {@link FakeClient}. */
export interface FakeClientOptions {
  containers?: ContainerView[];
  tools?: ToolInfo[];
  workflows?: WorkflowJson[];
  violations?: Violation[];
  approvals?: PendingApproval[];
  runs?: RunRecord[];
  action?: (name: string, action: ContainerAction) => ActionResult | Promise<ActionResult>;
  preview?: (workflow: WorkflowJson) => WorkflowPreview | Promise<WorkflowPreview>;
  validate?: (workflow: unknown) => ValidateResponse;
  chat?: (message: string) => AgentChatEvent[] | AsyncIterable<AgentChatEvent>;
  startRun?: (workflow: WorkflowJson) => string;
  /** What `info()` answers (default: an agent and a memory Docker host). */
  info?: () => Promise<InfoResponse>;
  /** Methods that fail with the given error (`'violations'`, `'workflows.save'`, …). */
  fail?: Record<string, Error>;
}

/** The test double: an {@link AgentOsClient} plus helpers. */
export interface FakeClient extends AgentOsClient {
  calls: FakeCall[];
  /** Calls of one method (`'containers'`, `'workflows.preview'`, …). */
  callsOf(method: string): FakeCall[];
  /** Push a live event to every subscriber. */
  emit(event: AgentOsEvent): void;
  /** Number of live subscribers. */
  subscribers(): number;
}

/**
 * Make a fake client.
 * @example const client = createFakeClient({ containers: [container('db')] });
 */
export function createFakeClient(options: FakeClientOptions = {}): FakeClient {
  const calls: FakeCall[] = [];
  const listeners = new Set<(e: AgentOsEvent) => void>();
  const saved = new Map((options.workflows ?? []).map((w) => [w.name, w]));
  const log = (method: string, ...args: unknown[]) => {
    calls.push({ method, args });
    const failure = options.fail?.[method];
    if (failure) throw failure;
  };
  let runs = 0;
  const client: FakeClient = {
    baseUrl: '/fake',
    calls,
    callsOf: (m) => calls.filter((c) => c.method === m),
    emit: (e) => {
      for (const l of [...listeners]) l(e);
    },
    subscribers: () => listeners.size,
    info: async () => (log('info'), options.info ? await options.info() : { version: '0.0.0-test', docker: { kind: 'memory', description: 'fake' }, agent: true, auth: false }),
    containers: async () => (log('containers'), { containers: structuredClone(options.containers ?? []), docker: { kind: 'memory', description: 'fake' } }),
    tools: async () => (log('tools'), options.tools ?? []),
    workflows: {
      list: async () => (log('workflows.list'), [...saved.values()]),
      get: async (name) => {
        log('workflows.get', name);
        const w = saved.get(name);
        if (!w) throw new Error(`no workflow "${name}"`);
        return w;
      },
      save: async (w) => (log('workflows.save', w), saved.set(w.name, w), w),
      remove: async (name) => {
        log('workflows.remove', name);
        saved.delete(name);
      },
      validate: async (w) => (log('workflows.validate', w), options.validate?.(w) ?? { ok: true }),
      preview: async (w) => {
        log('workflows.preview', w);
        const wf = w as WorkflowJson;
        return options.preview ? options.preview(wf) : { workflow: wf.name, steps: [], blocked: [] };
      },
    },
    runs: {
      start: async (target) => {
        log('runs.start', target);
        const runId = 'workflow' in target && options.startRun ? options.startRun(target.workflow) : `run-${++runs}`;
        return { runId };
      },
      list: async () => (log('runs.list'), options.runs ?? []),
      get: async (id) => {
        log('runs.get', id);
        const r = options.runs?.find((x) => x.id === id);
        if (!r) throw new Error(`no run "${id}"`);
        return r;
      },
    },
    violations: async (q) => (log('violations', q), { violations: options.violations ?? [], lines: [] }),
    approvals: {
      list: async () => (log('approvals.list'), options.approvals ?? []),
      approve: async (runId, stepId, by) => void log('approvals.approve', runId, stepId, by),
      reject: async (runId, stepId, by, reason) => void log('approvals.reject', runId, stepId, by, reason),
    },
    containerAction: async (name, action) => {
      log('containerAction', name, action);
      if (!options.action) return { action, container: name, status: 'done', message: `${action} ${name}` };
      return options.action(name, action);
    },
    chat: (message) => {
      log('chat', message);
      const events = options.chat?.(message) ?? [];
      return {
        async *[Symbol.asyncIterator]() {
          for await (const e of events as AsyncIterable<AgentChatEvent>) yield e;
        },
      };
    },
    subscribe: (onEvent) => {
      log('subscribe');
      listeners.add(onEvent);
      return () => listeners.delete(onEvent);
    },
  };
  return client;
}

/**
 * A container view for tests.
 * @example container('db', { health: 'unhealthy' })
 */
export function container(name: string, patch: Partial<ContainerView> = {}): ContainerView {
  return { id: `id-${name}`, name, image: `${name}:latest`, state: 'running', health: 'healthy', uptimeSeconds: 3600, restartCount: 0, host: 'local', labels: {}, ...patch };
}
