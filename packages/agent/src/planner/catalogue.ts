/**
 * The tool catalogue as the planner reads it: names, descriptions, JSON
 * schemas, hints, and what the policies say about each tool.
 * @module
 */
import type { ToolInfo } from '@agentos/core';
import type { PolicySet } from '@agentos/policy';

/** Options of {@link renderCatalogue}. */
export interface RenderCatalogueOptions {
  /** The runtime's policies: each tool's invocation rule and output trust are shown. */
  policies?: PolicySet;
  /** Most characters of one schema. Default 1 500. */
  maxSchemaChars?: number;
}

function compact(schema: Record<string, unknown> | undefined, max: number): string {
  if (!schema) return 'not declared';
  const text = JSON.stringify(schema);
  return text.length <= max ? text : `${text.slice(0, max)}… (truncated)`;
}

function invocationNote(tool: string, policies: PolicySet | undefined): string | undefined {
  if (!policies) return undefined;
  const rules = policies.invocationFor(tool);
  if (rules.length === 0) {
    const d = policies.defaults.invocation ?? 'block_when_context_is_untrusted';
    return `${d} (default)`;
  }
  return [...new Set(rules.map((p) => `${p.action}${p.conditions.length ? ' (with conditions)' : ''}: ${p.reason}`))].join('; ');
}

function trustNote(info: ToolInfo, policies: PolicySet | undefined): string {
  const rules = policies?.trustFor(info.name) ?? [];
  if (rules.length > 0) {
    const whole = rules.filter((p) => p.fields === null).map((p) => p.action);
    const parts: string[] = [];
    if (whole.includes('block_always')) parts.push('withheld');
    else if (whole.includes('mark_as_untrusted')) parts.push('untrusted (hidden from you)');
    else if (whole.includes('sanitize_with_dual_llm')) parts.push('checked by the dual-LLM sanitizer');
    else if (whole.includes('allow')) parts.push('trusted when its inputs are trusted');
    const fields = rules.filter((p) => p.fields !== null && p.action === 'allow').flatMap((p) => p.fields!.map((f) => f.path));
    if (fields.length) parts.push(`fields declared trusted: ${fields.join(', ')}`);
    return parts.join('; ') || 'untrusted (no policy trusts it)';
  }
  const hint = info.annotations.trust;
  if (hint) {
    const fields = hint.trustedFields?.length ? `; trusted fields: ${hint.trustedFields.join(', ')}` : '';
    return hint.default === 'trusted' ? `trusted when its inputs are trusted${fields}` : `untrusted (hidden from you)${fields}`;
  }
  return policies?.defaults.trust === 'trusted' ? 'trusted when its inputs are trusted' : 'untrusted (hidden from you)';
}

/**
 * Render the catalogue for the planner's system prompt.
 * @example
 * ```ts
 * renderCatalogue(runtime.registry.list(), { policies: runtime.engine.policies });
 * // ### docker_restart
 * // Restart one container …
 * // input schema: {"type":"object",…}
 * ```
 */
export function renderCatalogue(tools: ReadonlyArray<ToolInfo>, options: RenderCatalogueOptions = {}): string {
  const max = options.maxSchemaChars ?? 1_500;
  if (tools.length === 0) return '(no tools are available)';
  return [...tools]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => {
      const kind = [
        t.annotations.readOnlyHint ? 'read-only' : undefined,
        t.annotations.destructiveHint ? 'changes containers' : undefined,
        t.annotations.openWorldHint ? 'sends data outside' : undefined,
      ].filter(Boolean);
      const lines = [`### ${t.name}`, t.description.trim()];
      if (kind.length) lines.push(`kind: ${kind.join(', ')}`);
      lines.push(`input schema: ${compact(t.inputSchema, max)}`);
      lines.push(`output schema: ${compact(t.outputSchema, max)}`);
      lines.push(`output: ${trustNote(t, options.policies)}`);
      const inv = invocationNote(t.name, options.policies);
      if (inv) lines.push(`policy: ${inv}`);
      if (t.pinViolation) lines.push('policy: blocked until a person approves a change to its definition');
      return lines.join('\n');
    })
    .join('\n\n');
}
