/**
 * The subset of JSON Schema the builder understands (what `z.toJSONSchema`
 * produces for tool inputs and outputs), and how a field is edited.
 * @module
 */

/** A JSON Schema node, as tools publish them in the catalogue. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  [key: string]: unknown;
}

/** How a field is edited. */
export type FieldKind = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-list' | 'object' | 'json';

/**
 * A schema with `null` branches of a union removed (optional-and-nullable fields).
 * @example unwrapNullable({ anyOf: [{ type: 'string' }, { type: 'null' }] }) // { type: 'string' }
 */
export function unwrapNullable(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const nonNull = branches.filter((b) => b.type !== 'null');
  if (nonNull.length === 1) return { ...nonNull[0], description: schema.description ?? nonNull[0]!.description };
  // A union of constants is an enum.
  if (nonNull.length > 0 && nonNull.every((b) => 'const' in b)) return { enum: nonNull.map((b) => b.const), description: schema.description };
  return schema;
}

const typeOf = (schema: JsonSchema): string | undefined => {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null');
  return t;
};

/**
 * The editor a schema gets.
 * @example fieldKind({ type: 'array', items: { type: 'string' } }) // 'string-list'
 */
export function fieldKind(input: JsonSchema): FieldKind {
  const schema = unwrapNullable(input);
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((v) => typeof v === 'string' || typeof v === 'number')) return 'enum';
  switch (typeOf(schema)) {
    case 'string':
      return typeof schema.maxLength === 'number' && schema.maxLength > 200 ? 'text' : 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const items = schema.items ? unwrapNullable(schema.items) : undefined;
      return items && typeOf(items) === 'string' && !items.enum ? 'string-list' : 'json';
    }
    case 'object':
      return schema.properties ? 'object' : 'json';
    default:
      return 'json';
  }
}

/** A field of a step's output that later steps can reference. */
export interface OutputField {
  /** `logs.text`: the bare reference (the `when.ref` form). */
  ref: string;
  /** The type, when the schema says. */
  type?: string;
}

/**
 * The fields of a step's output, from the tool's output schema: the whole
 * output, its properties and one level below.
 * @example outputFields('logs', { type: 'object', properties: { text: { type: 'string' } } }) // [{ ref: 'logs' }, { ref: 'logs.text', type: 'string' }]
 */
export function outputFields(stepId: string, schema: JsonSchema | undefined): OutputField[] {
  const out: OutputField[] = [{ ref: stepId, type: schema ? typeOf(schema) : undefined }];
  const props = schema?.properties;
  if (!props) return out;
  for (const [name, child] of Object.entries(props)) {
    const c = unwrapNullable(child);
    out.push({ ref: `${stepId}.${name}`, type: typeOf(c) });
    if (c.properties) for (const [n2, g] of Object.entries(c.properties)) out.push({ ref: `${stepId}.${name}.${n2}`, type: typeOf(unwrapNullable(g)) });
  }
  return out;
}

/**
 * Required fields of an object schema that have no value (nested objects included, as `a.b`).
 * @example missingRequired({ type: 'object', required: ['text'], properties: { text: { type: 'string' } } }, {}) // ['text']
 */
export function missingRequired(schema: JsonSchema, value: Record<string, unknown> | undefined, prefix = ''): string[] {
  const out: string[] = [];
  const props = unwrapNullable(schema).properties ?? {};
  for (const name of schema.required ?? []) {
    const v = value?.[name];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) out.push(`${prefix}${name}`);
  }
  for (const [name, child] of Object.entries(props)) {
    const v = value?.[name];
    if (fieldKind(child) === 'object' && v && typeof v === 'object' && !Array.isArray(v)) {
      out.push(...missingRequired(unwrapNullable(child), v as Record<string, unknown>, `${prefix}${name}.`));
    }
  }
  return out;
}
