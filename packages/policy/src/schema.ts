/**
 * Zod schemas for policy files: the single source of truth for their types.
 * @module
 */
import { z } from 'zod';

/** Operators usable in a condition. */
export const OPERATORS = ['equal', 'notEqual', 'contains', 'notContains', 'startsWith', 'endsWith', 'regex'] as const;
/** Schema of one of {@link OPERATORS}. */
export const OperatorSchema = z.enum(OPERATORS);
/** One of {@link OPERATORS}, e.g. `'startsWith'`. */
export type Operator = z.infer<typeof OperatorSchema>;

/** `{ key, operator, value }`: `key` is a path into the arguments (or output) such as `user.email` or `items[*].name`. */
export const ConditionSchema = z.strictObject({
  key: z.string().min(1, 'key must be a non-empty path such as "to" or "items[*].name"'),
  operator: OperatorSchema,
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});
/**
 * One condition of a policy (see {@link ConditionSchema}). All conditions of a policy must hold; a missing key never matches.
 * @example
 * ```ts
 * const internal: Condition = { key: 'to[*]', operator: 'endsWith', value: '@corp.example' };
 * ```
 */
export type Condition = z.infer<typeof ConditionSchema>;

/** Actions of tool invocation policies: may this call run? */
export const INVOCATION_ACTIONS = ['block_always', 'block_when_context_is_untrusted', 'allow', 'require_approval'] as const;
/** Schema of one of {@link INVOCATION_ACTIONS}. */
export const InvocationActionSchema = z.enum(INVOCATION_ACTIONS);
/** One of {@link INVOCATION_ACTIONS}, e.g. `'block_when_context_is_untrusted'`. */
export type InvocationAction = z.infer<typeof InvocationActionSchema>;

/** Actions of trusted data policies: how far can this output be trusted? */
export const TRUST_ACTIONS = ['allow', 'mark_as_untrusted', 'sanitize_with_dual_llm', 'block_always'] as const;
/** Schema of one of {@link TRUST_ACTIONS}. */
export const TrustActionSchema = z.enum(TRUST_ACTIONS);
/** One of {@link TRUST_ACTIONS}, e.g. `'mark_as_untrusted'`. */
export type TrustAction = z.infer<typeof TrustActionSchema>;

const toolPattern = z
  .string()
  .min(1, 'tool must be a tool name or a glob such as "docker_*"')
  .regex(/^[A-Za-z0-9_.:\-*?/]+$/, 'tool may hold letters, digits, _ . : - / and the globs * and ?');

/** A tool invocation policy. */
export const InvocationPolicySchema = z.strictObject({
  /** Optional stable id; defaults to `invocation[i]`. */
  id: z.string().min(1).optional(),
  tool: toolPattern,
  action: InvocationActionSchema,
  conditions: z.array(ConditionSchema).optional(),
  reason: z.string().min(1, 'reason is shown to people: say why this policy exists'),
});
/**
 * A tool invocation policy as written: may a call of `tool` run?
 * @example
 * ```ts
 * const prodRestarts: InvocationPolicy = {
 *   id: 'restart.prod',
 *   tool: 'docker_restart',
 *   action: 'require_approval',
 *   conditions: [{ key: 'container', operator: 'startsWith', value: 'prod-' }],
 *   reason: 'Production restarts need a person',
 * };
 * ```
 */
export type InvocationPolicy = z.infer<typeof InvocationPolicySchema>;

/** A trusted data policy. */
export const TrustedDataPolicySchema = z.strictObject({
  id: z.string().min(1).optional(),
  tool: toolPattern,
  action: TrustActionSchema,
  /** Conditions on output fields; all must hold. */
  conditions: z.array(ConditionSchema).optional(),
  /** Paths into the output this policy labels; without it, the whole output. */
  fields: z.array(z.string().min(1)).optional(),
  reason: z.string().min(1, 'reason is shown to people: say why this policy exists'),
});
/**
 * A trusted data policy as written: how far can the output of `tool` (or some of its `fields`) be trusted?
 * @example
 * ```ts
 * const daemonFields: TrustedDataPolicy = {
 *   tool: 'docker_inspect',
 *   action: 'allow',
 *   fields: ['State.Status', 'State.Health.Status'],
 *   reason: 'Computed by the Docker daemon',
 * };
 * ```
 */
export type TrustedDataPolicy = z.infer<typeof TrustedDataPolicySchema>;

/** The full form: two lists. */
export const PolicySetSchema = z.strictObject({
  invocation: z.array(InvocationPolicySchema).optional(),
  trustedData: z.array(TrustedDataPolicySchema).optional(),
  /** Engine defaults for tools no policy names. */
  defaults: z.lazy(() => EngineDefaultsSchema).optional(),
});
/** A policy set as written (full form). */
export type PolicySetInput = z.infer<typeof PolicySetSchema>;

/** A value in the compact map form: one action, or several joined by `+`. */
export const CompactActionSchema = z
  .string()
  .regex(
    /^\s*[a-z_]+(\s*\+\s*[a-z_]+)*\s*$/,
    'expected an action such as "allow" or "mark_as_untrusted + sanitize_with_dual_llm"',
  );

/** The compact map form: `{ docker_exec: 'block_always', docker_logs: 'mark_as_untrusted + sanitize_with_dual_llm' }`. */
export const CompactPolicySetSchema = z.record(toolPattern, CompactActionSchema);
/**
 * A policy set in the compact map form: tool name (or glob) → action(s).
 * @example
 * ```ts
 * const compact: CompactPolicySetInput = { docker_exec: 'block_always', docker_logs: 'mark_as_untrusted + sanitize_with_dual_llm' };
 * ```
 */
export type CompactPolicySetInput = z.infer<typeof CompactPolicySetSchema>;

/** Trust of a value. */
export type Trust = 'trusted' | 'untrusted';

/** Engine options that can be set next to the policies. */
export const EngineDefaultsSchema = z.strictObject({
  /** Applies when no invocation policy matches a tool. Default `block_when_context_is_untrusted`. */
  invocation: InvocationActionSchema.optional(),
  /** Trust of an output no trusted data policy (nor tool hint) covers. Default `untrusted` (zero trust). */
  trust: z.enum(['trusted', 'untrusted']).optional(),
});
/** Engine defaults for tools no policy names (see {@link EngineDefaultsSchema}), e.g. `{ invocation: 'block_always' }`. */
export type EngineDefaults = z.infer<typeof EngineDefaultsSchema>;

/**
 * A tool's own statement about its output's trust, used only when no trusted
 * data policy covers the tool. Policies always win over hints.
 * @example `{ default: 'untrusted', trustedFields: ['status', 'failingStreak'] }`
 */
export const ToolTrustHintSchema = z.strictObject({
  default: z.enum(['trusted', 'untrusted']),
  /** Paths into the output that are trusted even when `default` is untrusted. */
  trustedFields: z.array(z.string().min(1)).optional(),
  /** Paths into the output that are untrusted even when `default` is trusted. */
  untrustedFields: z.array(z.string().min(1)).optional(),
});
/** A tool's trust hint (see {@link ToolTrustHintSchema}), e.g. `{ default: 'trusted' }`. */
export type ToolTrustHint = z.infer<typeof ToolTrustHintSchema>;
