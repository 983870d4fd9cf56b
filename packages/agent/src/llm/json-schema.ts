/**
 * Turn a zod schema into the JSON schema sent as `response_format`, made
 * compatible with OpenAI's strict structured output when that is possible.
 * @module
 */
import { z, type ZodType } from 'zod';

/** Keywords OpenAI's strict mode accepts. Anything else turns strict off. */
const STRICT_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf',
  '$ref', '$defs', 'definitions', 'description', 'title', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems',
]);

/** The result of {@link toResponseJsonSchema}. */
export interface ResponseJsonSchema {
  schema: Record<string, unknown>;
  /** True when the schema meets strict mode's rules (`strict: true` is sent). */
  strict: boolean;
  /** Why strict mode is off, when it is. */
  notStrictBecause?: string;
}

/**
 * The JSON schema of what the model must produce (zod's *input* side), with
 * `additionalProperties: false` on every object and `oneOf` turned into
 * `anyOf` (zod validates the reply anyway). `strict` is false when the schema
 * has optional properties, records, untyped values or keywords strict mode
 * rejects, or when the root is not an object.
 * @example
 * ```ts
 * const { schema, strict } = toResponseJsonSchema(z.object({ ok: z.boolean() }));
 * // strict === true; schema.additionalProperties === false
 * ```
 */
export function toResponseJsonSchema(zodSchema: ZodType): ResponseJsonSchema {
  const schema = z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  const problems: string[] = [];
  if (schema.type !== 'object') problems.push('the root is not an object');
  visit(schema, '(root)', problems);
  return problems.length === 0 ? { schema, strict: true } : { schema, strict: false, notStrictBecause: problems.slice(0, 3).join('; ') };
}

function visit(node: unknown, where: string, problems: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => visit(n, `${where}[${i}]`, problems));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Record<string, unknown>;
  if (Object.keys(n).length === 0) problems.push(`${where} accepts any value`);
  if ('oneOf' in n) {
    n.anyOf = n.oneOf;
    delete n.oneOf;
  }
  for (const key of Object.keys(n)) {
    if (!STRICT_KEYWORDS.has(key)) problems.push(`${where} uses "${key}"`);
  }
  const isObject = n.type === 'object' || (Array.isArray(n.type) && n.type.includes('object'));
  if (isObject) {
    const props = (typeof n.properties === 'object' && n.properties !== null ? n.properties : {}) as Record<string, unknown>;
    if (n.additionalProperties === undefined) n.additionalProperties = false;
    else if (n.additionalProperties !== false) problems.push(`${where} allows extra keys (a record?)`);
    const required = new Set(Array.isArray(n.required) ? (n.required as string[]) : []);
    const optional = Object.keys(props).filter((k) => !required.has(k));
    if (optional.length > 0) problems.push(`${where} has optional properties (${optional.join(', ')}); use .nullable() for strict mode`);
    for (const [k, v] of Object.entries(props)) visit(v, where === '(root)' ? k : `${where}.${k}`, problems);
  }
  if (n.items !== undefined) visit(n.items, `${where}[]`, problems);
  for (const key of ['anyOf', 'allOf', 'not']) if (n[key] !== undefined) visit(n[key], where, problems);
  for (const key of ['$defs', 'definitions']) {
    const defs = n[key];
    if (typeof defs === 'object' && defs !== null) for (const [k, v] of Object.entries(defs)) visit(v, `#${k}`, problems);
  }
}
