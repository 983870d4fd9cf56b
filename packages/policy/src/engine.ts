/**
 * The policy engine: may this call run, and how far can its output be trusted?
 * Pure and deterministic: no I/O, no clock, no randomness. It never throws
 * from {@link PolicyEngine.decide} or {@link PolicyEngine.labelOutput}: any
 * error becomes a block (fail secure).
 * @module
 */
import type { Condition, InvocationAction, ToolTrustHint, Trust, TrustAction } from './schema.js';
import { definePolicies, type CompiledInvocationPolicy, type CompiledTrustPolicy, type PolicySet, type PolicySetLike } from './policy-set.js';
import { failingConditions } from './conditions.js';
import { joinLabels, TRUSTED, type Label, type OutputLabel, type Source } from './labels.js';
import { formatSegments, parsePath, withoutPath, type PathSegment } from './path.js';
import type { SanitizerVerdict } from './sanitizer.js';

/** Which policy decided: one from the set, or a default. */
export interface PolicyRef {
  /** Policy id (`invocation[0]`, `slack_notify`, …), `default` or `error`. */
  id: string;
  kind: 'invocation' | 'trustedData' | 'default' | 'tool_hint' | 'error';
  /** The tool pattern the policy names (`docker_*`), or the tool for defaults. */
  tool: string;
  action: InvocationAction | TrustAction | 'error';
  /** The policy's own reason text. */
  reason: string;
  conditions?: Condition[];
  fields?: string[];
}

/** One line of a decision's trace. */
export interface TraceEntry {
  policy: string;
  action: string;
  matched: boolean;
  note: string;
}

/**
 * The engine's answer for one call. Plain JSON; identical inputs give identical decisions.
 * @example
 * ```ts
 * const d = engine.decide({ tool: 'slack_notify', args: { text: 'hi' }, context: untrusted({ step: 'logs', tool: 'docker_logs' }) });
 * // d.verdict: 'block'; d.policy.id: 'slack_notify'; d.sources: [{ step: 'logs', tool: 'docker_logs' }]; d.context: 'untrusted'
 * // d.trace: every policy considered, whether it matched and why
 * ```
 */
export interface Decision {
  verdict: 'allow' | 'block' | 'require_approval';
  tool: string;
  policy: PolicyRef;
  /** For people; includes the deciding policy's own reason. */
  reason: string;
  /** Steps and tools whose untrusted data made the context untrusted. */
  sources: Source[];
  /** Trust of the call's context. */
  context: Trust;
  trace: TraceEntry[];
}

/** What the engine needs to decide a call. */
export interface InvocationRequest {
  tool: string;
  /** Resolved arguments. */
  args: unknown;
  /** Join of the labels of everything flowing into the call (see `TaintTracker`). */
  context: Label;
}

/** How an output ended up. */
export type OutputOutcome = 'trusted' | 'untrusted' | 'blocked' | 'needs_sanitizer';

/** The engine's answer for one output. */
export interface OutputDecision {
  outcome: OutputOutcome;
  tool: string;
  /** The output with withheld fields removed (`undefined` when blocked). */
  output: unknown;
  label: OutputLabel;
  /** The policy that decided the outcome (the strongest that applied). */
  policy: PolicyRef;
  reason: string;
  /** Set when the sanitizer ran. */
  sanitizer?: SanitizerVerdict;
  /** Fields removed by `block_always` with `fields`. */
  withheld: string[];
  trace: TraceEntry[];
}

/** What the engine needs to label an output. */
export interface OutputRequest {
  tool: string;
  /** The step that produced it (becomes the source of its taint). */
  step: string;
  output: unknown;
  /** Join of the call's context (data and control flow): taint flows through. */
  inputLabel: Label;
  /** The tool's own default trust; policies win over it. */
  hint?: ToolTrustHint;
  /** The sanitizer's verdict, on the second call after `needs_sanitizer`. */
  sanitizerVerdict?: SanitizerVerdict;
}

/** Engine options. */
export interface PolicyEngineOptions {
  /** Applies when no invocation policy names a tool. Default: the set's `defaults.invocation`, else `block_when_context_is_untrusted`. */
  defaultInvocation?: InvocationAction;
  /** Trust of outputs no policy or hint covers. Default: the set's `defaults.trust`, else `untrusted` (zero trust). */
  defaultTrust?: Trust;
}

/**
 * A policy engine over one policy set: `decide` before a call, `labelOutput` after it.
 * Pure and deterministic; never throws from either (a failure is a `block`).
 * @example
 * ```ts
 * const engine = createPolicyEngine(recommendedPolicies);
 * engine.decide({ tool: 'docker_exec', args: { container: 'db' }, context: TRUSTED }).verdict; // 'block'
 * engine.decide({ tool: 'slack_notify', args: { text: '…' }, context: untrusted({ step: 'logs', tool: 'docker_logs' }) }).reason;
 * // 'Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))'
 * ```
 */
export interface PolicyEngine {
  readonly policies: PolicySet;
  /** May this call run? Never throws. */
  decide(request: InvocationRequest): Decision;
  /** Label an output (two-phase when sanitizing). Never throws. */
  labelOutput(request: OutputRequest): OutputDecision;
}

/**
 * Strength of an outcome: block_always > block_when_context_is_untrusted (when
 * it blocks) > require_approval > allow. Ties keep the earlier policy.
 */
function strength(action: InvocationAction, verdict: Decision['verdict']): number {
  if (verdict === 'block') return action === 'block_always' ? 4 : 3;
  return verdict === 'require_approval' ? 2 : 1;
}

/** Read a property without letting a throwing getter escape (fail secure). */
function safeGet(obj: unknown, key: string): unknown {
  try {
    return obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** Text for any value, even one whose `toString` throws. */
function safeText(v: unknown): string {
  try {
    return typeof v === 'string' ? v : String(v);
  } catch {
    return '<unprintable>';
  }
}

/** At most this many sources are named in a reason; the decision's `sources` always holds them all. */
const MAX_SOURCES_IN_REASON = 5;

function describeSources(sources: ReadonlyArray<Source>): string {
  if (sources.length === 0) return 'an unknown source';
  const shown = sources.slice(0, MAX_SOURCES_IN_REASON).map((s) => (s.step === s.tool ? s.tool : `${s.tool} (step ${s.step})`));
  const more = sources.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function ref(p: CompiledInvocationPolicy | CompiledTrustPolicy): PolicyRef {
  const r: PolicyRef = { id: p.id, kind: p.kind, tool: p.tool, action: p.action, reason: p.reason };
  if (p.source.conditions?.length) r.conditions = p.source.conditions;
  if (p.kind === 'trustedData' && p.source.fields) r.fields = p.source.fields;
  return r;
}

function effectiveVerdict(action: InvocationAction, context: Trust): Decision['verdict'] {
  switch (action) {
    case 'block_always':
      return 'block';
    case 'block_when_context_is_untrusted':
      return context === 'untrusted' ? 'block' : 'allow';
    case 'require_approval':
      return 'require_approval';
    case 'allow':
      return 'allow';
  }
}

function invocationReason(action: InvocationAction, verdict: Decision['verdict'], policyReason: string, sources: ReadonlyArray<Source>): string {
  switch (action) {
    case 'block_always':
      return `Blocked — always blocked: ${policyReason}`;
    case 'block_when_context_is_untrusted':
      return verdict === 'block'
        ? `Blocked — untrusted data context: ${policyReason} (untrusted data from ${describeSources(sources)})`
        : `Allowed — context is trusted: ${policyReason}`;
    case 'require_approval':
      return `Approval required: ${policyReason}`;
    case 'allow':
      return `Allowed: ${policyReason}`;
  }
}

function errorText(e: unknown): string {
  const m = safeGet(e, 'message');
  return typeof m === 'string' ? m : safeText(e);
}

/**
 * Does a field-level `allow` pin the value at `key` to a fixed vocabulary?
 * Yes when one of its own conditions on exactly that path is `equal`, or a
 * `regex` anchored at both ends (`^(low|high)$`). Such a field is declassified.
 */
function constrainsField(p: CompiledTrustPolicy, key: string): boolean {
  if (!p.fields) return false;
  return p.conditions.some((c) => {
    if (formatSegments(c.segments) !== key) return false;
    if (c.source.operator === 'equal') return true;
    if (c.source.operator !== 'regex' || typeof c.source.value !== 'string') return false;
    const re = c.source.value;
    // A finite set: `^literal$` or `^(a|b|c)$`, with no repetition anywhere
    // (and no top-level `|`, which would unanchor one side: `^a|b$`).
    const body = re.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
    if (/[*+?{]/.test(body)) return false;
    return /^\^[^|()]*\$$/.test(body) || /^\^\([^()]*\)\$$/.test(body);
  });
}

function isLabel(l: unknown): l is Label {
  return typeof l === 'object' && l !== null && ((l as Label).trust === 'trusted' || (l as Label).trust === 'untrusted') && Array.isArray((l as Label).sources);
}

/**
 * Create an engine over a policy set.
 * @example
 * ```ts
 * const engine = createPolicyEngine({ slack_notify: 'block_when_context_is_untrusted' });
 * engine.decide({ tool: 'slack_notify', args: { text: 'hi' }, context: TRUSTED }).verdict; // 'allow'
 * ```
 */
export function createPolicyEngine(policies: PolicySetLike, options: PolicyEngineOptions = {}): PolicyEngine {
  const set = definePolicies(policies);
  const defaultInvocation: InvocationAction = options.defaultInvocation ?? set.defaults.invocation ?? 'block_when_context_is_untrusted';
  const defaultTrust: Trust = options.defaultTrust ?? set.defaults.trust ?? 'untrusted';

  function block(tool: string, message: string, context: Label | undefined): Decision {
    let trust: Trust = 'untrusted';
    let sources: Source[] = [];
    try {
      if (context && isLabel(context)) {
        trust = context.trust;
        sources = [...context.sources];
      }
    } catch {
      trust = 'untrusted';
      sources = [];
    }
    return {
      verdict: 'block',
      tool: safeText(tool),
      policy: { id: 'error', kind: 'error', tool: safeText(tool), action: 'error', reason: message },
      reason: `Blocked — ${message}`,
      sources,
      context: trust,
      trace: [{ policy: 'error', action: 'block', matched: true, note: message }],
    };
  }

  function decideUnsafe(request: InvocationRequest): Decision {
    const { tool, args, context } = request;
    if (typeof tool !== 'string' || tool.length === 0) return block(String(tool), 'malformed call: tool name missing', context);
    if (!isLabel(context)) return block(tool, 'malformed call: context label missing (fail secure)', undefined);
    if (args === null || typeof args !== 'object' || Array.isArray(args)) return block(tool, 'malformed call: arguments must be an object', context);
    const trust = context.trust;
    const sources = trust === 'untrusted' ? [...context.sources] : [];
    const candidates = set.invocationFor(tool);
    const trace: TraceEntry[] = [];

    let best: { policy: CompiledInvocationPolicy; verdict: Decision['verdict'] } | undefined;
    const defaults: CompiledInvocationPolicy[] = [];
    for (const p of candidates) {
      if (p.conditions.length === 0) {
        defaults.push(p);
        continue;
      }
      const failing = failingConditions(p.conditions, args);
      if (failing.length) {
        const f = failing[0]!.source;
        trace.push({ policy: p.id, action: p.action, matched: false, note: `condition ${f.key} ${f.operator} ${JSON.stringify(f.value)} does not hold` });
        continue;
      }
      const verdict = effectiveVerdict(p.action, trust);
      trace.push({ policy: p.id, action: p.action, matched: true, note: `all ${p.conditions.length} condition(s) hold → ${verdict}` });
      if (!best || strength(p.action, verdict) > strength(best.policy.action, best.verdict)) best = { policy: p, verdict };
    }
    if (!best && defaults.length) {
      // Exact-name defaults win over glob defaults; among the same kind, the strongest.
      const exact = defaults.filter((p) => !p.glob);
      const pool = exact.length ? exact : defaults;
      for (const p of defaults) {
        const inPool = pool.includes(p);
        const verdict = effectiveVerdict(p.action, trust);
        trace.push({
          policy: p.id,
          action: p.action,
          matched: inPool,
          note: inPool ? `default policy for ${p.tool} → ${verdict}` : `glob default ${p.tool} overridden by an exact-name default`,
        });
        if (inPool && (!best || strength(p.action, verdict) > strength(best.policy.action, best.verdict))) best = { policy: p, verdict };
      }
    } else {
      for (const p of defaults) trace.push({ policy: p.id, action: p.action, matched: false, note: 'default policy overridden by a matching specific policy' });
    }
    if (best) {
      return {
        verdict: best.verdict,
        tool,
        policy: ref(best.policy),
        reason: invocationReason(best.policy.action, best.verdict, best.policy.reason, sources),
        sources,
        context: trust,
        trace,
      };
    }
    const verdict = effectiveVerdict(defaultInvocation, trust);
    const reasonText = `no policy names ${tool}; the engine default applies`;
    trace.push({ policy: 'default', action: defaultInvocation, matched: true, note: `${reasonText} → ${verdict}` });
    return {
      verdict,
      tool,
      policy: { id: 'default', kind: 'default', tool, action: defaultInvocation, reason: reasonText },
      reason: invocationReason(defaultInvocation, verdict, reasonText, sources),
      sources,
      context: trust,
      trace,
    };
  }

  function labelUnsafe(request: OutputRequest): OutputDecision {
    const { tool, step, inputLabel, hint, sanitizerVerdict } = request;
    if (typeof tool !== 'string' || !tool) throw new Error('malformed output request: tool name missing');
    if (typeof step !== 'string' || !step) throw new Error('malformed output request: step id missing');
    if (!isLabel(inputLabel)) throw new Error('malformed output request: input label missing');
    const output = request.output;
    const self: Label = { trust: 'untrusted', sources: [{ step, tool }] };
    const trace: TraceEntry[] = [];
    const matched: CompiledTrustPolicy[] = [];
    for (const p of set.trustFor(tool)) {
      const failing = failingConditions(p.conditions, output);
      if (failing.length) {
        const f = failing[0]!.source;
        trace.push({ policy: p.id, action: p.action, matched: false, note: `condition ${f.key} ${f.operator} ${JSON.stringify(f.value)} does not hold on the output` });
      } else {
        matched.push(p);
        trace.push({ policy: p.id, action: p.action, matched: true, note: p.fields ? `applies to ${p.fields.map((f) => f.path).join(', ')}` : 'applies to the whole output' });
      }
    }

    // 1. block_always: the whole output, or the named fields, are withheld.
    const blocks = matched.filter((p) => p.action === 'block_always');
    const wholeBlock = blocks.find((p) => p.fields === null);
    if (wholeBlock) {
      return {
        outcome: 'blocked',
        tool,
        output: undefined,
        label: { root: joinLabels(inputLabel, self) },
        policy: ref(wholeBlock),
        reason: `Output blocked: ${wholeBlock.reason}`,
        withheld: [],
        trace,
      };
    }
    let value = output;
    const withheld: string[] = [];
    for (const p of blocks) {
      for (const f of p.fields ?? []) {
        value = withoutPath(value, f.segments);
        withheld.push(f.path);
      }
    }

    // 2. The sanitizer, when any matching policy asks for it.
    const sanitizers = matched.filter((p) => p.action === 'sanitize_with_dual_llm');
    const sanitizePolicy = sanitizers[0];
    if (sanitizePolicy && sanitizerVerdict === undefined) {
      return {
        outcome: 'needs_sanitizer',
        tool,
        output: value,
        label: { root: joinLabels(inputLabel, self) },
        policy: ref(sanitizePolicy),
        reason: `Output must pass the dual-LLM sanitizer: ${sanitizePolicy.reason}`,
        withheld,
        trace,
      };
    }
    if (sanitizePolicy && sanitizerVerdict !== 'safe') {
      const why =
        sanitizerVerdict === 'suspicious'
          ? 'the sanitizer judged it SUSPICIOUS (potential prompt injection)'
          : sanitizerVerdict === 'unavailable'
            ? 'no sanitizer is configured'
            : `the sanitizer failed (${sanitizerVerdict})`;
      trace.push({ policy: sanitizePolicy.id, action: 'sanitize_with_dual_llm', matched: true, note: `verdict ${sanitizerVerdict} → blocked` });
      return {
        outcome: 'blocked',
        tool,
        output: undefined,
        label: { root: joinLabels(inputLabel, self) },
        policy: ref(sanitizePolicy),
        reason: `Output blocked: ${why}; ${sanitizePolicy.reason}`,
        sanitizer: sanitizerVerdict,
        withheld,
        trace,
      };
    }
    if (sanitizePolicy) trace.push({ policy: sanitizePolicy.id, action: 'sanitize_with_dual_llm', matched: true, note: 'verdict safe' });

    // 3. Labels, scope by scope: the root, then every named field.
    const trustScopes = matched.filter((p) => p.action === 'allow' || p.action === 'mark_as_untrusted' || p.action === 'sanitize_with_dual_llm');
    const hintApplies = matched.length === 0 && set.trustFor(tool).length === 0 && hint !== undefined;
    const sanitizedSafe = sanitizePolicy !== undefined && sanitizerVerdict === 'safe';

    /** Base trust of a scope (before incoming taint), from the policies scoped exactly there. */
    const scopeTrust = (policies: CompiledTrustPolicy[]): Trust | undefined => {
      if (policies.some((p) => p.action === 'mark_as_untrusted')) return 'untrusted';
      if (policies.some((p) => p.action === 'allow' || p.action === 'sanitize_with_dual_llm')) return 'trusted';
      return undefined;
    };
    const rootPolicies = trustScopes.filter((p) => p.fields === null);
    let rootTrust: Trust;
    let decidedBy: PolicyRef;
    const rootDecider = rootPolicies.find((p) => p.action === 'mark_as_untrusted') ?? rootPolicies[0];
    if (rootDecider) {
      rootTrust = scopeTrust(rootPolicies)!;
      decidedBy = ref(rootDecider);
    } else if (hintApplies) {
      rootTrust = hint!.default;
      decidedBy = { id: 'tool_hint', kind: 'tool_hint', tool, action: hint!.default === 'trusted' ? 'allow' : 'mark_as_untrusted', reason: `the tool declares its output ${hint!.default}` };
      trace.push({ policy: 'tool_hint', action: decidedBy.action, matched: true, note: `no trusted data policy names ${tool}; the tool's own hint applies` });
    } else {
      rootTrust = defaultTrust;
      decidedBy = { id: 'default', kind: 'default', tool, action: defaultTrust === 'trusted' ? 'allow' : 'mark_as_untrusted', reason: `no trusted data policy covers ${tool}; default trust is ${defaultTrust}` };
      trace.push({ policy: 'default', action: decidedBy.action, matched: true, note: decidedBy.reason });
    }

    // Incoming taint stays, except that a SAFE verdict under sanitize alone cleans it.
    const carried = (scope: Trust, cleansed: boolean): Label =>
      scope === 'untrusted' ? joinLabels(inputLabel, self) : cleansed ? TRUSTED : inputLabel;
    const rootCleansed = sanitizedSafe && rootPolicies.length > 0 && !rootPolicies.some((p) => p.action === 'mark_as_untrusted');
    const root = carried(rootTrust, rootCleansed);

    const fieldScopes = new Map<string, { segments: ReadonlyArray<PathSegment>; policies: CompiledTrustPolicy[] }>();
    for (const p of trustScopes) {
      for (const f of p.fields ?? []) {
        const key = formatSegments(f.segments);
        const entry = fieldScopes.get(key) ?? { segments: f.segments, policies: [] };
        entry.policies.push(p);
        fieldScopes.set(key, entry);
      }
    }
    const hintFields = new Map<string, Trust>();
    if (hintApplies) {
      for (const [list, trust] of [[hint!.trustedFields, 'trusted'], [hint!.untrustedFields, 'untrusted']] as const) {
        for (const f of list ?? []) {
          const segs = parsePath(f);
          if (!segs || segs.length === 0) continue;
          const key = formatSegments(segs);
          if (!fieldScopes.has(key)) fieldScopes.set(key, { segments: segs, policies: [] });
          hintFields.set(key, trust);
        }
      }
    }
    const fields: Record<string, Label> = {};
    for (const [key, scope] of fieldScopes) {
      const t = scope.policies.length ? scopeTrust(scope.policies)! : hintFields.get(key)!;
      const marked = scope.policies.some((p) => p.action === 'mark_as_untrusted');
      const cleansed = sanitizedSafe && scope.policies.length > 0 && !marked;
      // Declassification: a field-level allow whose own conditions pin this field's value
      // to a fixed vocabulary (an enum, a boolean) makes it trusted whatever flowed in —
      // a value from a closed set cannot carry instructions.
      const declassifier = marked ? undefined : scope.policies.find((p) => p.action === 'allow' && constrainsField(p, key));
      if (declassifier && inputLabel.trust === 'untrusted') {
        trace.push({ policy: declassifier.id, action: 'allow', matched: true, note: `declassifies ${key}: its value is constrained to a fixed set` });
      }
      fields[key] = carried(t, cleansed || declassifier !== undefined || (t === 'trusted' && rootCleansed));
    }
    const label: OutputLabel = Object.keys(fields).length ? { root, fields } : { root };
    const outcome: OutputOutcome = root.trust === 'untrusted' ? 'untrusted' : Object.values(fields).some((l) => l.trust === 'untrusted') ? 'untrusted' : 'trusted';
    const reason =
      outcome === 'trusted'
        ? sanitizedSafe
          ? `Output trusted: the sanitizer judged it SAFE; ${decidedBy.reason}`
          : `Output trusted: ${decidedBy.reason}`
        : root.trust === 'trusted'
          ? `Output partly untrusted: ${decidedBy.reason}`
          : inputLabel.trust === 'untrusted' && rootTrust === 'trusted'
            ? `Output untrusted: it was computed from untrusted data (${describeSources(inputLabel.sources)})`
            : `Output untrusted: ${decidedBy.reason}`;
    return {
      outcome,
      tool,
      output: value,
      label,
      policy: decidedBy,
      reason,
      ...(sanitizePolicy ? { sanitizer: 'safe' as const } : {}),
      withheld,
      trace,
    };
  }
  return {
    policies: set,
    decide(request) {
      try {
        return decideUnsafe(request);
      } catch (e) {
        return block(safeGet(request, 'tool') as string, `policy evaluation failed: ${errorText(e)}`, safeGet(request, 'context') as Label | undefined);
      }
    },
    labelOutput(request) {
      try {
        return labelUnsafe(request);
      } catch (e) {
        const tool = safeText(safeGet(request, 'tool'));
        const step = safeGet(request, 'step');
        const message = `labelling failed: ${errorText(e)}`;
        return {
          outcome: 'blocked',
          tool,
          output: undefined,
          label: { root: { trust: 'untrusted', sources: typeof step === 'string' ? [{ step, tool }] : [] } },
          policy: { id: 'error', kind: 'error', tool, action: 'error', reason: message },
          reason: `Output blocked — ${message}`,
          withheld: [],
          trace: [{ policy: 'error', action: 'block', matched: true, note: message }],
        };
      }
    },
  };
}

