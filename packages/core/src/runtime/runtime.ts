/**
 * `createRuntime`: the guarded execution engine users embed.
 * @module
 */
import {
  createPolicyEngine,
  createRedactor,
  formatViolation,
  TaintTracker,
  TRUSTED,
  type Label,
  type PolicyEngine,
  type PolicySetLike,
  type Sanitizer,
  type TaintMode,
  type Violation,
} from '@agentos/policy';
import { EventEmitter } from 'eventemitter3';
import { AgentOSError, CancelledError } from '../errors.js';
import type { ToolRegistry } from '../registry.js';
import type { PendingApproval, RunFilter, RunRecord, RunStore, StepRecordState, ViolationFilter, ViolationStore } from '../stores/types.js';
import { createMemoryRunStore, createMemoryViolationStore } from '../stores/memory.js';
import type { TriggerPayload } from '../workflow/builder.js';
import { loadWorkflow, type LoadedStep, type Workflow, type WorkflowLike } from '../workflow/load.js';
import type { Trigger, WorkflowJson } from '../workflow/schema.js';
import type { RuntimeEvents } from './events.js';
import { executeRun, TERMINAL } from './execute-run.js';
import { runGuardedStep, type GuardDeps, type JsonRedactor, type RunState } from './guard.js';
import { previewWorkflow, type WorkflowPreview } from './preview.js';
import type { CallOptions, CallResult, SessionOptions, ToolSession } from './session.js';
import { linkedSignal } from './abort.js';

/** Stores a runtime keeps runs and violations in. */
export interface RuntimeStores {
  runs: RunStore;
  violations: ViolationStore;
}

/**
 * Options of {@link createRuntime}.
 * @example
 * ```ts
 * const options: RuntimeOptions = {
 *   registry: new ToolRegistry().register(...docker.all, slack_notify),
 *   policies: recommendedPolicies,
 *   sanitizer,                                         // for outputs under sanitize_with_dual_llm
 *   stores: await createStores({ dir: '.agentos' }),   // durable runs and violation log
 * };
 * ```
 */
export interface RuntimeOptions {
  registry: ToolRegistry;
  policies: PolicySetLike;
  /** Default taint mode of runs (a workflow may set its own). Default `dataflow`. */
  mode?: TaintMode;
  /** Used for outputs under `sanitize_with_dual_llm`; without one, such outputs are blocked. */
  sanitizer?: Sanitizer;
  /** Default 30 s. A sanitizer that takes longer blocks the output. */
  sanitizerTimeoutMs?: number;
  /** Where runs and violations are kept. Default: in memory (pass `await createStores({ dir })` for services). */
  stores?: Partial<RuntimeStores>;
  /** Redaction before open-world tools. Default on, with the built-in rules. `false` turns it off (not recommended). */
  redaction?: false | JsonRedactor;
  /** Clock, ms since the epoch. */
  now?: () => number;
  /**
   * How often a running run's snapshot is written to the run store (ms).
   * Pauses for approval and the end of a run are always written at once.
   * Default 100.
   */
  persistIntervalMs?: number;
}

/**
 * A run in progress (or finished), as returned by {@link Runtime.run}.
 * @example
 * ```ts
 * const handle = runtime.run(wf, { input: { reason: 'manual check' } });
 * const now = await handle.idle(); // ends, or pauses for an approval
 * if (now.status === 'awaiting_approval') console.log(await runtime.pendingApprovals());
 * const run = await handle.result; // never rejects: look at run.status
 * ```
 */
export interface RunHandle {
  readonly id: string;
  readonly workflow: string;
  /** Resolves when the run ends (succeeded, with violations, failed or cancelled). Never rejects. */
  readonly result: Promise<RunRecord>;
  /** Resolves when the run ends or pauses for approvals. */
  idle(): Promise<RunRecord>;
  /** A snapshot of the run now. */
  snapshot(): RunRecord;
  cancel(reason?: string): void;
}

/** Options of {@link Runtime.run}. */
export interface RunOptions {
  input?: Record<string, unknown>;
  signal?: AbortSignal;
  trigger?: TriggerPayload;
  /** Override the taint mode for this run. */
  mode?: TaintMode;
}

/** A container event that may trigger registered workflows (delivered by the docker-tools monitor). */
export interface ContainerTriggerEvent {
  event: 'unhealthy' | 'healthy' | 'die' | 'oom' | 'restart' | 'start' | 'stop';
  container: { id: string; name: string; host?: string };
  /** Daemon time, ms. */
  time?: number;
  [key: string]: unknown;
}

interface ActiveRun {
  workflow: Workflow;
  state: RunState;
  controller: AbortController;
  approvals: Map<string, { by: string }>;
  loop: Promise<RunRecord> | undefined;
  idleWaiters: Array<(r: RunRecord) => void>;
  resolveResult: (r: RunRecord) => void;
  result: Promise<RunRecord>;
  saving: Promise<void>;
  dirty: boolean;
  timer: NodeJS.Timeout | undefined;
  handle: RunHandle;
}

let counter = 0;
const newId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36).padStart(4, '0')}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** An approval on a step that is not waiting for one, or on an unknown run. */
export class ApprovalError extends AgentOSError {
  constructor(message: string) {
    super('APPROVAL', message);
  }
}

/**
 * The guarded runtime. Every tool call of every run and session passes the
 * policy engine; there is no other path to a tool's `run`. Make one with
 * {@link createRuntime}.
 * @example
 * ```ts
 * const runtime = createRuntime({ registry, policies: recommendedPolicies });
 * runtime.on('step:blocked', (e) => console.log(`⛔ ${e.tool}: ${e.reason}`));
 * const run = await runtime.run(workflow('Check db').step('status', docker.docker_status({ container: 'db' }))).result;
 * console.log(run.status, await runtime.violations.lines());
 * await runtime.close();
 * ```
 */
export class Runtime extends EventEmitter<RuntimeEvents> {
  readonly registry: ToolRegistry;
  readonly engine: PolicyEngine;
  readonly mode: TaintMode;
  readonly stores: RuntimeStores;
  private readonly deps: GuardDeps;
  private readonly active = new Map<string, ActiveRun>();
  private readonly registered = new Map<string, Workflow>();
  /** Session calls waiting for approval, by session id then step id. */
  private readonly sessionApprovals = new Map<string, { state: RunState; pending: Map<string, { step: LoadedStep; context: Label }> }>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly now: () => number;
  private readonly persistIntervalMs: number;

  /** Violations: list and format. */
  readonly violations: {
    list(filter?: ViolationFilter): Promise<Violation[]>;
    /** The lines users know, newest first. */
    lines(filter?: ViolationFilter & { now?: number }): Promise<string[]>;
  };

  /** @internal Use {@link createRuntime}. */
  constructor(options: RuntimeOptions & { redactor: JsonRedactor | undefined }) {
    super();
    this.registry = options.registry;
    this.engine = createPolicyEngine(options.policies);
    this.mode = options.mode ?? 'dataflow';
    this.now = options.now ?? Date.now;
    this.persistIntervalMs = options.persistIntervalMs ?? 100;
    this.stores = {
      runs: options.stores?.runs ?? createMemoryRunStore(),
      violations: options.stores?.violations ?? createMemoryViolationStore(),
    };
    let violationCounter = 0;
    this.deps = {
      engine: this.engine,
      registry: this.registry,
      sanitizer: options.sanitizer,
      sanitizerTimeoutMs: options.sanitizerTimeoutMs ?? 30_000,
      redactor: options.redactor,
      emitter: this as EventEmitter<RuntimeEvents>,
      now: this.now,
      recordViolation: async (v) => {
        const full: Violation = { id: `${v.run}:${v.step}:${(violationCounter++).toString(36)}`, ...v };
        await this.stores.violations.append(full);
        this.emit('violation', full);
        return full;
      },
    };
    this.violations = {
      list: (filter) => this.stores.violations.list(filter),
      lines: async (filter) => {
        const now = filter?.now ?? this.now();
        return (await this.stores.violations.list(filter)).map((v) => formatViolation(v, { now }));
      },
    };
  }

  /** Runs in the store (newest first). */
  listRuns(filter?: RunFilter): Promise<RunRecord[]> {
    return this.stores.runs.list(filter);
  }

  /** One run from the store (or in memory while it is active). */
  async getRun(id: string): Promise<RunRecord | undefined> {
    const a = this.active.get(id);
    if (a) return structuredClone(a.state.record);
    return this.stores.runs.get(id);
  }

  /** Validate a workflow against the registry (unknown tools are errors). */
  load(workflow: WorkflowLike | unknown): Workflow {
    return loadWorkflow(workflow, this.registry);
  }

  /** Which steps would be blocked, and why, before running (worst case). */
  preview(workflow: WorkflowLike | unknown): WorkflowPreview {
    return previewWorkflow(loadWorkflow(workflow), this.engine, this.registry);
  }

  /**
   * Run a workflow.
   * @example
   * ```ts
   * const handle = runtime.run(monitor);
   * const run = await handle.result;
   * console.log(run.status, run.steps.notify.status);
   * ```
   */
  run(workflowLike: WorkflowLike | unknown, options: RunOptions = {}): RunHandle {
    const workflow = this.load(workflowLike);
    const mode = options.mode ?? workflow.json.mode ?? this.mode;
    const record: RunRecord = {
      id: newId('run'),
      workflow: workflow.name,
      json: workflow.json,
      status: 'running',
      mode,
      trigger: options.trigger ?? { type: 'manual', time: this.now() },
      input: options.input ?? {},
      startedAt: this.now(),
      steps: Object.fromEntries(workflow.steps.map((s) => [s.id, { id: s.id, tool: s.tool, status: 'pending', attempts: 0 } satisfies StepRecordState])),
      violations: 0,
    };
    const active = this.activate(workflow, record, options.signal);
    if (this.listenerCount('run:start')) this.emit('run:start', { run: structuredClone(record) });
    this.drive(active);
    return active.handle;
  }

  private activate(workflow: Workflow, record: RunRecord, signal?: AbortSignal): ActiveRun {
    const controller = new AbortController();
    if (signal) {
      if (signal.aborted) controller.abort(new CancelledError(`run ${record.id}`));
      else signal.addEventListener('abort', () => controller.abort(new CancelledError(`run ${record.id}`)), { once: true });
    }
    const timeout = workflow.json.timeoutMs ? linkedSignal([controller.signal], workflow.json.timeoutMs, `run ${record.id}`) : undefined;
    const runSignal = timeout?.signal ?? controller.signal;
    const taint = new TaintTracker(record.mode);
    taint.setInput('input', record.input);
    taint.setInput('trigger', record.trigger);
    let resolveResult!: (r: RunRecord) => void;
    const result = new Promise<RunRecord>((r) => (resolveResult = r));
    const active: ActiveRun = {
      workflow,
      controller,
      approvals: new Map(),
      loop: undefined,
      idleWaiters: [],
      resolveResult,
      result,
      saving: Promise.resolve(),
      dirty: false,
      timer: undefined,
      state: undefined as unknown as RunState,
      handle: undefined as unknown as RunHandle,
    };
    active.state = {
      record,
      taint,
      signal: runSignal,
      touch: (force) => this.persist(active, force),
    };
    active.handle = {
      id: record.id,
      workflow: record.workflow,
      result,
      idle: () => (active.loop ? new Promise((r) => active.idleWaiters.push(r)) : Promise.resolve(structuredClone(record))),
      snapshot: () => structuredClone(record),
      cancel: (reason) => controller.abort(new CancelledError(`run ${record.id}${reason ? ` (${reason})` : ''}`)),
    };
    result.finally(() => timeout?.dispose());
    this.active.set(record.id, active);
    return active;
  }

  private persist(active: ActiveRun, force = false): Promise<void> {
    // Stores copy the record when save() is called (their contract), so no clone here.
    const save = () => {
      active.dirty = false;
      active.saving = this.stores.runs.save(active.state.record);
      return active.saving;
    };
    if (force) {
      if (active.timer) clearTimeout(active.timer);
      active.timer = undefined;
      return save();
    }
    // Throttled: a snapshot at most every persistIntervalMs while the run progresses
    // (a crash loses at most that much progress; interrupted steps run again on resume).
    if (!active.dirty) {
      active.dirty = true;
      active.timer = setTimeout(() => {
        active.timer = undefined;
        if (active.dirty) void save();
      }, this.persistIntervalMs);
      active.timer.unref?.();
    }
    return Promise.resolve();
  }

  private drive(active: ActiveRun): void {
    if (active.loop) return;
    const loop = executeRun(this.deps, active.state, active.workflow, active.approvals).catch(async (e) => {
      active.state.record.status = 'failed';
      active.state.record.error = { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
      await active.state.touch(true);
      return active.state.record;
    });
    active.loop = loop;
    void loop.then(async (record) => {
      active.loop = undefined;
      // Approvals that arrived while the loop was finishing.
      if (record.status === 'awaiting_approval' && [...active.approvals.keys()].some((id) => record.steps[id]?.status === 'awaiting_approval')) {
        this.drive(active);
        return;
      }
      await active.saving;
      // An ended run's record is never mutated again (the store holds its own copy), so it is
      // handed out as is; a paused run continues later, so it gets a copy.
      const snapshot = TERMINAL.has(record.status) ? record : structuredClone(record);
      for (const w of active.idleWaiters.splice(0)) w(snapshot);
      if (record.status === 'awaiting_approval') {
        this.emit('run:paused', { run: snapshot });
        return;
      }
      this.active.delete(record.id);
      this.emit('run:end', { run: snapshot });
      active.resolveResult(snapshot);
    });
  }

  /** Steps waiting for a person, across all runs in the store. */
  async pendingApprovals(): Promise<PendingApproval[]> {
    const runs = await this.stores.runs.list({ status: 'awaiting_approval' });
    const seen = new Set(runs.map((r) => r.id));
    for (const a of this.active.values()) if (!seen.has(a.state.record.id) && a.state.record.status === 'awaiting_approval') runs.push(a.state.record);
    const fromRuns = runs.flatMap((r) => {
      const live = this.active.get(r.id)?.state.record ?? r;
      return Object.values(live.steps).flatMap((s) => (s.status === 'awaiting_approval' && s.approval ? [structuredClone(s.approval)] : []));
    });
    const fromSessions = [...this.sessionApprovals.values()].flatMap(({ state, pending }) =>
      [...pending.keys()].flatMap((id) => {
        const rec = state.record.steps[id];
        return rec?.approval ? [structuredClone(rec.approval)] : [];
      }),
    );
    return [...fromRuns, ...fromSessions];
  }

  /**
   * Runs that were running when the process stopped. They stay `interrupted`
   * until you {@link resume} or {@link failRun} them.
   */
  async interruptedRuns(): Promise<RunRecord[]> {
    const runs = await this.stores.runs.list({ status: ['running', 'interrupted'] });
    const out: RunRecord[] = [];
    for (const r of runs) {
      if (this.active.has(r.id)) continue;
      if (r.status === 'running') {
        r.status = 'interrupted';
        await this.stores.runs.save(r);
      }
      out.push(r);
    }
    return out;
  }

  /** Continue an interrupted or paused run from the store (e.g. after a restart). */
  async resume(runId: string): Promise<RunHandle> {
    const live = this.active.get(runId);
    if (live) {
      this.drive(live);
      return live.handle;
    }
    const record = await this.stores.runs.get(runId);
    if (!record) throw new ApprovalError(`no run "${runId}" in the store`);
    if (TERMINAL.has(record.status)) throw new ApprovalError(`run "${runId}" already ended (${record.status})`);
    const workflow = loadWorkflow(record.json);
    const active = this.activate(workflow, record);
    // Rebuild taint from what the steps produced; steps caught mid-run start again.
    for (const id of workflow.order) {
      const s = record.steps[id];
      if (!s) continue;
      if (s.status === 'succeeded') active.state.taint.recordOutput(id, s.tool, s.output, s.label ?? { root: { trust: 'untrusted', sources: [{ step: id, tool: s.tool }] } }, s.control ?? TRUSTED);
      else if (s.status === 'blocked') active.state.taint.recordBlocked(id, s.tool, s.reason ?? 'blocked');
      else if (s.status === 'skipped') active.state.taint.recordSkipped(id, s.tool, s.reason ?? 'skipped');
      else if (s.status === 'failed' || s.status === 'cancelled') active.state.taint.recordFailed(id, s.tool, s.error?.message ?? s.status);
      else if (s.status === 'running') s.status = 'pending';
    }
    record.status = 'running';
    this.drive(active);
    return active.handle;
  }

  /** End an interrupted or paused run as failed, with a reason. */
  async failRun(runId: string, reason: string): Promise<RunRecord> {
    const live = this.active.get(runId);
    const record = live?.state.record ?? (await this.stores.runs.get(runId));
    if (!record) throw new ApprovalError(`no run "${runId}"`);
    if (TERMINAL.has(record.status)) return record;
    live?.controller.abort(new CancelledError(`run ${runId}`));
    record.status = 'failed';
    record.error = { code: 'FAILED_BY_OPERATOR', message: reason };
    record.endedAt = this.now();
    for (const s of Object.values(record.steps)) if (s.status === 'awaiting_approval' || s.status === 'pending' || s.status === 'running') s.status = 'cancelled';
    await this.stores.runs.save(structuredClone(record));
    if (live) {
      this.active.delete(runId);
      live.resolveResult(structuredClone(record));
    }
    this.emit('run:end', { run: structuredClone(record) });
    return record;
  }

  /**
   * Approve a step waiting for a person; the run resumes (after a restart too).
   * @example await runtime.approve(approval.runId, approval.stepId, { by: 'alice' });
   */
  async approve(runId: string, stepId: string, by: { by: string }): Promise<RunHandle> {
    const session = this.sessionApprovals.get(runId);
    if (session) return this.settleSessionCall(runId, stepId, session, { approve: by.by });
    const active = await this.awaiting(runId, stepId);
    active.approvals.set(stepId, { by: by.by });
    this.drive(active);
    return active.handle;
  }

  /** Reject a step waiting for a person: it is blocked, and so is everything that needs it. */
  async reject(runId: string, stepId: string, by: { by: string; reason?: string }): Promise<RunHandle> {
    const session = this.sessionApprovals.get(runId);
    if (session) return this.settleSessionCall(runId, stepId, session, { reject: by.by, ...(by.reason ? { reason: by.reason } : {}) });
    const active = await this.awaiting(runId, stepId);
    const rec = active.state.record.steps[stepId]!;
    const reason = `Rejected by ${by.by}${by.reason ? `: ${by.reason}` : ''}`;
    const violation = await this.deps.recordViolation({
      time: this.now(),
      kind: 'blocked',
      workflow: active.state.record.workflow,
      run: runId,
      step: stepId,
      tool: rec.tool,
      verdict: 'rejected',
      reason,
      sources: rec.decision?.sources ?? [],
      ...(rec.decision ? { policy: rec.decision.policy.id } : {}),
    });
    active.state.record.violations++;
    Object.assign(rec, { status: 'blocked', reason, endedAt: this.now() });
    delete rec.approval;
    active.state.taint.recordBlocked(stepId, rec.tool, reason);
    this.emit('step:blocked', { runId, workflow: active.state.record.workflow, stepId, tool: rec.tool, reason, violation });
    this.emit('step:end', { runId, workflow: active.state.record.workflow, stepId, tool: rec.tool, step: structuredClone(rec) });
    this.drive(active);
    return active.handle;
  }

  /** Approve (run the call) or reject a session call that waits for a person. */
  private async settleSessionCall(
    runId: string,
    stepId: string,
    session: { state: RunState; pending: Map<string, { step: LoadedStep; context: Label }> },
    how: { approve: string } | { reject: string; reason?: string },
  ): Promise<RunHandle> {
    const entry = session.pending.get(stepId);
    if (!entry) throw new ApprovalError(`step "${stepId}" of session "${runId}" is not awaiting approval`);
    session.pending.delete(stepId);
    const { record } = session.state;
    if ('approve' in how) {
      await runGuardedStep(this.deps, session.state, entry.step, { by: how.approve }, { literal: true, context: entry.context });
    } else {
      const rec = record.steps[stepId]!;
      const reason = `Rejected by ${how.reject}${how.reason ? `: ${how.reason}` : ''}`;
      const violation = await this.deps.recordViolation({
        time: this.now(), kind: 'blocked', workflow: record.workflow, run: runId, step: stepId, tool: rec.tool, verdict: 'rejected', reason,
        sources: rec.decision?.sources ?? [], ...(rec.decision ? { policy: rec.decision.policy.id } : {}),
      });
      record.violations++;
      Object.assign(rec, { status: 'blocked', reason, endedAt: this.now() });
      delete rec.approval;
      this.emit('step:blocked', { runId, workflow: record.workflow, stepId, tool: rec.tool, reason, violation });
      this.emit('step:end', { runId, workflow: record.workflow, stepId, tool: rec.tool, step: structuredClone(rec) });
    }
    await session.state.touch(true);
    const snap = structuredClone(record);
    return { id: runId, workflow: record.workflow, result: Promise.resolve(snap), idle: async () => snap, snapshot: () => structuredClone(record), cancel: () => {} };
  }

  private async awaiting(runId: string, stepId: string): Promise<ActiveRun> {
    let active = this.active.get(runId);
    if (!active) {
      await this.resume(runId);
      active = this.active.get(runId);
    }
    if (!active) throw new ApprovalError(`run "${runId}" is not active`);
    const rec = active.state.record.steps[stepId];
    if (!rec) throw new ApprovalError(`run "${runId}" has no step "${stepId}"`);
    if (rec.status !== 'awaiting_approval') throw new ApprovalError(`step "${stepId}" of run "${runId}" is not awaiting approval (it is ${rec.status})`);
    return active;
  }

  /**
   * A session of single guarded calls sharing taint (see {@link ToolSession}).
   * @example
   * ```ts
   * const s = runtime.session({ name: 'MCP session' });
   * await s.call('docker_logs', { container: 'db' });
   * (await s.call('slack_notify', { channel: '#ops', text: 'hi' })).status; // 'blocked'
   * ```
   */
  session(options: SessionOptions = {}): ToolSession {
    const name = options.name ?? 'Session';
    const mode = options.mode ?? 'context';
    const record: RunRecord = {
      id: newId('ses'),
      workflow: name,
      json: { name, version: 1, steps: [] } as unknown as WorkflowJson,
      status: 'running',
      mode,
      trigger: { type: 'manual', time: this.now() },
      input: {},
      startedAt: this.now(),
      steps: {},
      violations: 0,
    };
    const taint = new TaintTracker(mode);
    const controller = new AbortController();
    let n = 0;
    let saving = Promise.resolve();
    const state: RunState = {
      record,
      taint,
      signal: controller.signal,
      touch: () => {
        const snap = structuredClone(record);
        saving = saving.then(() => this.stores.runs.save(snap));
        return saving;
      },
    };
    const deps = this.deps;
    const approvals = { state, pending: new Map<string, { step: LoadedStep; context: Label }>() };
    this.sessionApprovals.set(record.id, approvals);
    return {
      id: record.id,
      name,
      seen: () => taint.seen(),
      call: async (tool: string, args: unknown, callOptions: CallOptions = {}): Promise<CallResult> => {
        const stepId = `call-${++n}`;
        const signal = callOptions.signal ? linkedSignal([controller.signal, callOptions.signal], undefined, stepId) : undefined;
        const step: LoadedStep = {
          id: stepId,
          tool,
          args: (args ?? {}) as Record<string, unknown>,
          dependsOn: [],
          references: [],
          whenReads: [],
          ...(callOptions.timeoutMs ? { timeoutMs: callOptions.timeoutMs } : {}),
          ...(callOptions.title ? { title: callOptions.title } : {}),
        };
        const extra: Label = callOptions.context ?? TRUSTED;
        const rec = await runGuardedStep(deps, { ...state, ...(signal ? { signal: signal.signal } : {}) }, step, undefined, { literal: true, context: extra });
        signal?.dispose();
        if (rec.status === 'awaiting_approval') approvals.pending.set(stepId, { step, context: extra });
        switch (rec.status) {
          case 'succeeded':
            return { status: 'succeeded', stepId, output: rec.output, outcome: rec.outputOutcome === 'trusted' ? 'trusted' : 'untrusted', label: rec.label!, decision: rec.decision! };
          case 'blocked':
            return { status: 'blocked', stepId, reason: rec.reason ?? 'blocked', ...(rec.decision ? { decision: rec.decision } : {}), ...(rec.outputOutcome === 'blocked' ? { outputBlocked: true } : {}) };
          case 'awaiting_approval':
            return { status: 'awaiting_approval', stepId, approval: rec.approval! };
          default:
            return { status: 'failed', stepId, error: rec.error ?? { code: rec.status.toUpperCase(), message: rec.reason ?? rec.status } };
        }
      },
      close: async () => {
        controller.abort(new CancelledError(`session ${record.id}`));
        this.sessionApprovals.delete(record.id);
        record.status = record.violations ? 'succeeded_with_violations' : 'succeeded';
        record.endedAt = this.now();
        await state.touch(true);
      },
    };
  }

  /** Register a workflow for its triggers (interval schedules and container events). */
  register(workflowLike: WorkflowLike | unknown): Workflow {
    const wf = this.load(workflowLike);
    this.registered.set(wf.name, wf);
    return wf;
  }

  /** Registered workflows. */
  workflows(): Workflow[] {
    return [...this.registered.values()];
  }

  /** Start interval triggers of registered workflows. */
  start(): void {
    for (const wf of this.registered.values()) {
      for (const t of triggersOf(wf.json)) {
        if (t.type !== 'interval') continue;
        const timer = setInterval(() => {
          if ([...this.active.values()].some((a) => a.workflow.name === wf.name)) return; // one at a time
          this.run(wf, { trigger: { type: 'interval', time: this.now() } });
        }, t.everyMs);
        this.timers.push(timer);
      }
    }
  }

  /** Stop interval triggers. */
  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  /**
   * Deliver a container event: every registered workflow whose trigger
   * matches starts a run that knows what triggered it. A workflow already
   * running for the same container is not started twice.
   */
  dispatch(event: ContainerTriggerEvent): RunHandle[] {
    const handles: RunHandle[] = [];
    for (const wf of this.registered.values()) {
      const match = triggersOf(wf.json).some(
        (t) => t.type === 'event' && t.event === event.event && (!t.container || globMatch(t.container, event.container.name)) && (!t.host || t.host === event.container.host),
      );
      if (!match) continue;
      const busy = [...this.active.values()].some((a) => a.workflow.name === wf.name && a.state.record.trigger.container?.id === event.container.id);
      if (busy) continue;
      const { event: name, container, time, ...rest } = event;
      const data = Object.keys(rest).length ? { data: rest } : {};
      handles.push(this.run(wf, { trigger: { type: 'event', event: name, container, time: time ?? this.now(), ...data } }));
    }
    return handles;
  }

  /** Stop triggers, cancel active runs, close stores and MCP connections. */
  async close(): Promise<void> {
    this.stop();
    for (const a of this.active.values()) a.controller.abort(new CancelledError('runtime closing'));
    await Promise.allSettled([...this.active.values()].map((a) => a.saving));
    await this.registry.close();
    await this.stores.runs.close?.();
    await this.stores.violations.close?.();
  }
}

function triggersOf(json: WorkflowJson): Trigger[] {
  return json.trigger === undefined ? [] : Array.isArray(json.trigger) ? json.trigger : [json.trigger];
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name.replace(/^\//, ''));
}

/**
 * Create a runtime.
 * @example
 * ```ts
 * const runtime = createRuntime({ registry, policies: recommendedPolicies, sanitizer });
 * const run = await runtime.run(monitor).result;
 * ```
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const redactor = options.redaction === false ? undefined : (options.redaction ?? createRedactor());
  return new Runtime({ ...options, redactor });
}
