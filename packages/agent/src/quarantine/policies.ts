/**
 * Policies for the quarantined tools: they may run on untrusted data (they
 * have no tools and cannot act), and their outputs carry their inputs' labels.
 * @module
 */
import { definePolicies, type PolicySet, type PolicySetInput } from '@agentos/policy';
import { AI_ANALYSIS_CONSTRAINED_FIELDS, ROOT_CAUSES, SeveritySchema } from './ai-analyze.js';

/** Options of {@link quarantinePolicies}. */
export interface QuarantinePolicyOptions {
  /** The quarantined tool's name (`ai_analyze`, or a tool made by `createExtract`). */
  tool: string;
  /**
   * Output fields whose values are schema-constrained (enums, booleans) and
   * so are declared trusted. Free-text fields must never be listed here.
   */
  constrainedFields?: ReadonlyArray<string>;
}

/**
 * Policies for one quarantined tool, in the full form:
 * - invocation `allow`: it may run when its context is untrusted;
 * - trusted data `allow` on the whole output: the output is as trusted as
 *   its input (the engine keeps the input's taint);
 * - trusted data `allow` on `constrainedFields`, if any.
 * @example
 * ```ts
 * const policies = recommendedPolicies.extend(quarantinePolicies({ tool: 'extract_error_codes', constrainedFields: ['severity'] }));
 * ```
 */
export function quarantinePolicies(options: QuarantinePolicyOptions): PolicySetInput {
  const { tool } = options;
  const fields = [...(options.constrainedFields ?? [])];
  return {
    invocation: [{ id: `${tool}.quarantined`, tool, action: 'allow', reason: 'Quarantined LLM call: it has no tools and cannot act; its output carries the labels of its input' }],
    trustedData: [
      { id: `${tool}.as_input`, tool, action: 'allow', reason: 'The output of a quarantined LLM call is as trusted as its input' },
      ...(fields.length
        ? [{ id: `${tool}.constrained`, tool, action: 'allow' as const, fields, reason: 'Schema-constrained values (enums, booleans) cannot carry instructions' }]
        : []),
    ],
  };
}

/**
 * The policies to add for `ai_analyze` and `ai_fix_suggestion`:
 *
 * | tool | invocation | output |
 * |---|---|---|
 * | ai_analyze | allow | as trusted as its input; `rootCause`, `severity`, `injectionSuspected` declared trusted |
 * | ai_fix_suggestion | allow | always untrusted (shown to people only) |
 *
 * Note: whether a field declared trusted stays trusted when the *input* was
 * untrusted is the policy engine's decision; see the package README
 * ("What the labels promise").
 * @example
 * ```ts
 * const runtime = createRuntime({ registry, policies: recommendedPolicies.extend(aiAnalyzePolicies) });
 * ```
 */
export const aiAnalyzePolicies: PolicySet = definePolicies({
  invocation: [
    ...(quarantinePolicies({ tool: 'ai_analyze' }).invocation ?? []),
    { id: 'ai_fix_suggestion.quarantined', tool: 'ai_fix_suggestion', action: 'allow', reason: 'Quarantined LLM call: it has no tools and cannot act; its suggestion is only shown to people' },
  ],
  trustedData: [
    ...(quarantinePolicies({ tool: 'ai_analyze' }).trustedData ?? []),
    {
      id: 'ai_analyze.constrained',
      tool: 'ai_analyze',
      action: 'allow',
      fields: [...AI_ANALYSIS_CONSTRAINED_FIELDS],
      // Applies only when each value really is one of its allowed values (the output schema checks it too).
      conditions: [
        { key: 'rootCause', operator: 'regex', value: `^(${ROOT_CAUSES.join('|')})$` },
        { key: 'severity', operator: 'regex', value: `^(${SeveritySchema.options.join('|')})$` },
        { key: 'injectionSuspected', operator: 'regex', value: '^(true|false)$' },
      ],
      reason: 'Schema-constrained values (enums, booleans) cannot carry instructions',
    },
    { id: 'ai_fix_suggestion.untrusted', tool: 'ai_fix_suggestion', action: 'mark_as_untrusted', reason: 'AI fix suggestions are shown to people and never acted on automatically' },
  ],
});
