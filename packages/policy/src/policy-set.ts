/**
 * Loading policies: `definePolicies(object)` and `parsePolicies(text)`, in the
 * full form (two lists) or the compact map form. Everything is validated and
 * compiled here, once: regexes, paths and globs. A bad policy is a load
 * error with its exact path, never a silent allow.
 * @module
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { PolicyLoadError } from './errors.js';
import {
  CompactPolicySetSchema,
  EngineDefaultsSchema,
  INVOCATION_ACTIONS,
  PolicySetSchema,
  TRUST_ACTIONS,
  type CompactPolicySetInput,
  type Condition,
  type EngineDefaults,
  type InvocationAction,
  type InvocationPolicy,
  type PolicySetInput,
  type TrustAction,
  type TrustedDataPolicy,
} from './schema.js';
import { compileCondition, type CompiledCondition } from './conditions.js';
import { globToRegExp, isGlob } from './glob.js';
import { parsePath, type PathSegment } from './path.js';
import { describeZodIssues, issuesToText, type InputIssue } from './zod-issues.js';

/** A field a trusted data policy labels. */
export interface CompiledField {
  readonly path: string;
  readonly segments: ReadonlyArray<PathSegment>;
}

interface CompiledBase {
  /** Stable id: the policy's own `id`, or `invocation[3]` / `trustedData[1]`. */
  readonly id: string;
  readonly tool: string;
  readonly reason: string;
  readonly conditions: ReadonlyArray<CompiledCondition>;
  /** Position in its list: earlier wins ties. */
  readonly order: number;
  /** Compiled glob, when `tool` is a glob. */
  readonly glob: RegExp | undefined;
}

/** A validated, compiled invocation policy. */
export interface CompiledInvocationPolicy extends CompiledBase {
  readonly kind: 'invocation';
  readonly action: InvocationAction;
  readonly source: InvocationPolicy;
}

/** A validated, compiled trusted data policy. */
export interface CompiledTrustPolicy extends CompiledBase {
  readonly kind: 'trustedData';
  readonly action: TrustAction;
  /** `null`: the whole output. */
  readonly fields: ReadonlyArray<CompiledField> | null;
  readonly source: TrustedDataPolicy;
}

const MAX_CACHED_TOOLS = 10_000;

/**
 * A validated, compiled, immutable set of policies, indexed by tool.
 * Make one with {@link definePolicies} or {@link parsePolicies}.
 * @example
 * ```ts
 * const policies = definePolicies({ docker_exec: 'block_always', docker_logs: 'mark_as_untrusted' });
 * const mine = policies.extend({ docker_stop: 'require_approval' });
 * mine.invocationFor('docker_stop')[0]?.action; // 'require_approval'
 * const yamlReady = mine.toJSON(); // the full form, as parsePolicies reads it
 * ```
 */
export class PolicySet {
  readonly invocation: ReadonlyArray<CompiledInvocationPolicy>;
  readonly trustedData: ReadonlyArray<CompiledTrustPolicy>;
  readonly defaults: Readonly<EngineDefaults>;
  private readonly exactInvocation = new Map<string, CompiledInvocationPolicy[]>();
  private readonly globInvocation: CompiledInvocationPolicy[] = [];
  private readonly exactTrust = new Map<string, CompiledTrustPolicy[]>();
  private readonly globTrust: CompiledTrustPolicy[] = [];
  private readonly invocationCache = new Map<string, ReadonlyArray<CompiledInvocationPolicy>>();
  private readonly trustCache = new Map<string, ReadonlyArray<CompiledTrustPolicy>>();

  /** @internal Use {@link definePolicies}. */
  constructor(invocation: CompiledInvocationPolicy[], trustedData: CompiledTrustPolicy[], defaults: EngineDefaults = {}) {
    this.invocation = Object.freeze(invocation);
    this.trustedData = Object.freeze(trustedData);
    this.defaults = Object.freeze({ ...defaults });
    for (const p of invocation) {
      if (p.glob) this.globInvocation.push(p);
      else push(this.exactInvocation, p.tool, p);
    }
    for (const p of trustedData) {
      if (p.glob) this.globTrust.push(p);
      else push(this.exactTrust, p.tool, p);
    }
    Object.freeze(this);
  }

  /** Invocation policies that name `tool` (exact or glob), in file order. */
  invocationFor(tool: string): ReadonlyArray<CompiledInvocationPolicy> {
    return lookup(this.invocationCache, this.exactInvocation, this.globInvocation, tool);
  }

  /** Trusted data policies that name `tool` (exact or glob), in file order. */
  trustFor(tool: string): ReadonlyArray<CompiledTrustPolicy> {
    return lookup(this.trustCache, this.exactTrust, this.globTrust, tool);
  }

  /** The full form, as JSON: what `parsePolicies` would read back to the same set. */
  toJSON(): PolicySetInput {
    return {
      invocation: this.invocation.map((p) => p.source),
      trustedData: this.trustedData.map((p) => p.source),
      ...(Object.keys(this.defaults).length ? { defaults: { ...this.defaults } } : {}),
    };
  }

  /**
   * A new set with `more` appended (its defaults override this set's).
   * @example const mine = recommendedPolicies.extend({ email_send: 'block_always' });
   */
  extend(more: PolicySetLike): PolicySet {
    const other = definePolicies(more);
    const a = this.toJSON();
    const b = other.toJSON();
    return definePolicies({
      invocation: [...(a.invocation ?? []), ...(b.invocation ?? [])],
      trustedData: [...(a.trustedData ?? []), ...(b.trustedData ?? [])],
      defaults: { ...this.defaults, ...other.defaults },
    });
  }
}

/** Anything that can become a {@link PolicySet}. */
export type PolicySetLike = PolicySet | PolicySetInput | CompactPolicySetInput;

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function lookup<T extends CompiledBase>(cache: Map<string, ReadonlyArray<T>>, exact: Map<string, T[]>, globs: T[], tool: string): ReadonlyArray<T> {
  const hit = cache.get(tool);
  if (hit) return hit;
  const direct = exact.get(tool) ?? [];
  let result: ReadonlyArray<T> = direct;
  if (globs.length) {
    const matched = globs.filter((g) => g.glob!.test(tool));
    if (matched.length) result = [...direct, ...matched].sort((x, y) => x.order - y.order);
  }
  result = Object.freeze(result.slice());
  if (cache.size < MAX_CACHED_TOOLS) cache.set(tool, result);
  return result;
}

const FULL_FORM_KEYS = new Set(['invocation', 'trustedData', 'defaults']);

function isFullForm(input: Record<string, unknown>): boolean {
  const keys = Object.keys(input);
  return keys.length === 0 || keys.some((k) => FULL_FORM_KEYS.has(k));
}

const DEFAULT_REASONS: Record<string, string> = {
  'invocation:block_always': 'This tool is always blocked',
  'invocation:block_when_context_is_untrusted': 'Cannot send untrusted data externally',
  'invocation:allow': 'Allowed by policy',
  'invocation:require_approval': 'A person must approve this call',
  'trustedData:allow': 'Output is trusted',
  'trustedData:mark_as_untrusted': 'Output may carry untrusted content',
  'trustedData:sanitize_with_dual_llm': 'Output must pass the dual-LLM sanitizer',
  'trustedData:block_always': 'Output is withheld',
};

/** Expand the compact map form into the full form. */
function expandCompact(input: CompactPolicySetInput): { full: PolicySetInput; issues: InputIssue[] } {
  const invocation: InvocationPolicy[] = [];
  const trustedData: TrustedDataPolicy[] = [];
  const issues: InputIssue[] = [];
  for (const [tool, value] of Object.entries(input)) {
    const actions = value.split('+').map((a) => a.trim());
    const inv = actions.filter((a) => a !== 'allow' && (INVOCATION_ACTIONS as readonly string[]).includes(a)) as InvocationAction[];
    const trust = actions.filter((a) => a !== 'allow' && a !== 'block_always' && (TRUST_ACTIONS as readonly string[]).includes(a)) as TrustAction[];
    const unknown = actions.filter((a) => !(INVOCATION_ACTIONS as readonly string[]).includes(a) && !(TRUST_ACTIONS as readonly string[]).includes(a));
    if (unknown.length) {
      issues.push({
        path: tool,
        message: `unknown action "${unknown[0]}": expected one of ${[...new Set([...INVOCATION_ACTIONS, ...TRUST_ACTIONS])].join(', ')}, joined by +`,
      });
      continue;
    }
    if (inv.length > 1) {
      issues.push({ path: tool, message: `more than one invocation action (${inv.join(', ')}): use the full form with conditions instead` });
      continue;
    }
    const hasAllow = actions.includes('allow');
    if (hasAllow && inv.length) {
      issues.push({ path: tool, message: `"allow" and "${inv[0]}" contradict each other: keep one (use the full form for conditions)` });
      continue;
    }
    const invAction: InvocationAction | undefined = inv[0] ?? (hasAllow ? 'allow' : undefined);
    if (invAction) invocation.push({ id: tool, tool, action: invAction, reason: DEFAULT_REASONS[`invocation:${invAction}`]! });
    // `allow` also trusts the output, unless the value marks it otherwise.
    const trustActions: TrustAction[] = trust.length ? trust : hasAllow ? ['allow'] : [];
    trustActions.forEach((action, i) => {
      trustedData.push({ id: trustActions.length > 1 ? `${tool}#${i + 1}` : `${tool}`, tool, action, reason: DEFAULT_REASONS[`trustedData:${action}`]! });
    });
  }
  return { full: { invocation, trustedData }, issues };
}

function compileFields(fields: string[] | undefined, base: Array<string | number>, issues: InputIssue[]): CompiledField[] | null {
  if (!fields) return null;
  const out: CompiledField[] = [];
  fields.forEach((f, i) => {
    const segments = parsePath(f);
    if (!segments || segments.length === 0) issues.push({ path: formatIssuePath([...base, 'fields', i]), message: `"${f}" is not a valid path` });
    else out.push({ path: f, segments });
  });
  return out;
}

function compileConditions(conditions: Condition[] | undefined, base: Array<string | number>, issues: InputIssue[]): CompiledCondition[] {
  const out: CompiledCondition[] = [];
  (conditions ?? []).forEach((c, i) => {
    const compiled = compileCondition(c);
    if ('field' in compiled) issues.push({ path: formatIssuePath([...base, 'conditions', i, compiled.field]), message: compiled.message });
    else out.push(compiled);
  });
  return out;
}

function formatIssuePath(path: Array<string | number>): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * Validate and compile a policy set, in the full form or the compact map form.
 * Throws {@link PolicyLoadError} naming the exact path of every problem.
 * @example
 * ```ts
 * const policies = definePolicies({
 *   invocation: [{ tool: 'slack_notify', action: 'block_when_context_is_untrusted', reason: 'Prevent data leakage' }],
 *   trustedData: [{ tool: 'docker_logs', action: 'mark_as_untrusted', reason: 'Logs may contain secrets' }],
 * });
 * const compact = definePolicies({ docker_exec: 'block_always', docker_status: 'allow' });
 * ```
 */
export function definePolicies(input: PolicySetLike): PolicySet {
  if (input instanceof PolicySet) return input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new PolicyLoadError('a policy set must be an object: { invocation: [...], trustedData: [...] } or { tool_name: action }', [
      { path: '', message: 'expected an object' },
    ]);
  }
  let full: PolicySetInput;
  if (isFullForm(input as Record<string, unknown>)) {
    const parsed = PolicySetSchema.safeParse(input);
    if (!parsed.success) {
      const issues = describeZodIssues(parsed.error);
      throw new PolicyLoadError(`invalid policy set: ${issuesToText(issues)}`, issues);
    }
    full = parsed.data;
  } else {
    const parsed = CompactPolicySetSchema.safeParse(input);
    if (!parsed.success) {
      const issues = describeZodIssues(parsed.error);
      throw new PolicyLoadError(`invalid compact policy set: ${issuesToText(issues)}`, issues);
    }
    const expanded = expandCompact(parsed.data);
    if (expanded.issues.length) throw new PolicyLoadError(`invalid compact policy set: ${issuesToText(expanded.issues)}`, expanded.issues);
    full = expanded.full;
  }

  const issues: InputIssue[] = [];
  // Ids are unique within each list (an invocation and a trusted data policy may share one).
  const ids = new Set<string>();
  const checkId = (id: string, path: Array<string | number>) => {
    const key = `${path[0]}:${id}`;
    if (ids.has(key)) issues.push({ path: formatIssuePath(path), message: `duplicate policy id "${id}"` });
    ids.add(key);
  };
  const invocation: CompiledInvocationPolicy[] = (full.invocation ?? []).map((p, i) => {
    const base: Array<string | number> = ['invocation', i];
    const id = p.id ?? `invocation[${i}]`;
    checkId(id, [...base, 'id']);
    return {
      kind: 'invocation',
      id,
      tool: p.tool,
      action: p.action,
      reason: p.reason,
      conditions: compileConditions(p.conditions, base, issues),
      order: i,
      glob: isGlob(p.tool) ? globToRegExp(p.tool) : undefined,
      source: p,
    };
  });
  const trustedData: CompiledTrustPolicy[] = (full.trustedData ?? []).map((p, i) => {
    const base: Array<string | number> = ['trustedData', i];
    const id = p.id ?? `trustedData[${i}]`;
    checkId(id, [...base, 'id']);
    return {
      kind: 'trustedData',
      id,
      tool: p.tool,
      action: p.action,
      reason: p.reason,
      conditions: compileConditions(p.conditions, base, issues),
      fields: compileFields(p.fields, base, issues),
      order: i,
      glob: isGlob(p.tool) ? globToRegExp(p.tool) : undefined,
      source: p,
    };
  });
  if (issues.length) throw new PolicyLoadError(`invalid policy set: ${issuesToText(issues)}`, issues);
  const defaults = EngineDefaultsSchema.parse(full.defaults ?? {});
  return new PolicySet(invocation, trustedData, defaults);
}

/**
 * Parse a policy file (YAML or JSON; YAML is a superset of JSON) and compile it.
 * @param source a file name for error messages.
 * @example
 * ```ts
 * const policies = parsePolicies(fs.readFileSync('policies.yaml', 'utf8'), 'policies.yaml');
 * ```
 */
export function parsePolicies(text: string, source = 'policies'): PolicySet {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      const where = pos ? `${source}:${pos.line}:${pos.col}` : source;
      throw new PolicyLoadError(`${where}: ${e.message.split('\n')[0]}`, [{ path: '', message: e.message }], { cause: e });
    }
    throw new PolicyLoadError(`${source}: could not parse: ${(e as Error).message}`, [{ path: '', message: String(e) }], { cause: e });
  }
  if (data === null || data === undefined) data = {};
  try {
    return definePolicies(data as PolicySetLike);
  } catch (e) {
    if (e instanceof PolicyLoadError) throw new PolicyLoadError(`${source}: ${e.message}`, e.issues, { cause: e });
    throw e;
  }
}

