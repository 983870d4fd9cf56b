/**
 * A settings form generated from a tool's input JSON Schema: text, numbers,
 * booleans, enums, lists of strings, nested objects and (as a fallback) raw
 * JSON. String fields offer an "Insert reference" select that adds
 * `{{ step.field }}` references to earlier steps' outputs.
 * @module
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { fieldKind, unwrapNullable, type JsonSchema, type OutputField } from './json-schema.js';

/** Props of {@link SchemaForm}. */
export interface SchemaFormProps {
  /** The tool's input schema (an object schema). */
  schema: JsonSchema;
  /** Current arguments. */
  value: Record<string, unknown>;
  /** Called with the new arguments on every edit; empty fields are removed. */
  onChange: (value: Record<string, unknown>) => void;
  /** Outputs of earlier steps that fields may reference. */
  references?: ReadonlyArray<OutputField>;
  /** Accessible name of the form's fieldset. */
  legend?: string;
}

/** Field names that get a multi-line editor even without a `maxLength`. */
const LONG_TEXT = new Set(['text', 'body', 'message', 'prompt', 'content', 'description', 'html']);

const isRefText = (v: unknown): v is string => typeof v === 'string' && v.includes('{{');

/**
 * A form for a JSON Schema object.
 * @example
 * ```tsx
 * <SchemaForm schema={tool.inputSchema} value={args} onChange={setArgs}
 *   references={[{ ref: 'logs.text', type: 'string' }]} legend="slack_notify settings" />
 * ```
 */
export function SchemaForm({ schema, value, onChange, references = [], legend }: SchemaFormProps): ReactNode {
  const root = unwrapNullable(schema);
  const props = root.properties ?? {};
  if (Object.keys(props).length === 0) {
    return <p className="agentos-muted">This tool takes no settings.</p>;
  }
  return (
    <fieldset className="agentos-form">
      {legend ? <legend>{legend}</legend> : null}
      <ObjectFields schema={root} value={value} onChange={onChange} references={references} />
    </fieldset>
  );
}

interface ObjectFieldsProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  references: ReadonlyArray<OutputField>;
}

function ObjectFields({ schema, value, onChange, references }: ObjectFieldsProps): ReactNode {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, child]) => (
        <Field
          key={name}
          name={name}
          schema={child}
          required={required.has(name)}
          value={value[name]}
          references={references}
          onChange={(v) => {
            const next = { ...value };
            if (v === undefined) delete next[name];
            else next[name] = v;
            onChange(next);
          }}
        />
      ))}
    </>
  );
}

interface FieldProps {
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  references: ReadonlyArray<OutputField>;
}

function Field({ name, schema: raw, required, value, onChange, references }: FieldProps): ReactNode {
  const id = useId();
  const schema = unwrapNullable(raw);
  const kind = fieldKind(raw);
  const label = schema.title ?? name;
  const describedBy = schema.description ? `${id}-desc` : undefined;
  const common = { id, 'aria-describedby': describedBy, required, 'aria-required': required || undefined };

  if (kind === 'object') {
    const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    return (
      <fieldset className="agentos-form__group">
        <legend>
          {label}
          {required ? <RequiredMark /> : null}
        </legend>
        {schema.description ? <p className="agentos-form__hint" id={describedBy}>{schema.description}</p> : null}
        <ObjectFields schema={schema} value={obj} references={references} onChange={(v) => onChange(Object.keys(v).length ? v : undefined)} />
      </fieldset>
    );
  }

  let control: ReactNode;
  // A typed field may hold a whole reference (`{{ health.code }}`); it is edited as text then.
  const holdsRef = kind !== 'string' && kind !== 'text' && isRefText(value);
  if (holdsRef) {
    control = (
      <span className="agentos-form__row">
        <input {...common} type="text" value={value} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
        <button type="button" className="agentos-btn agentos-btn--small" onClick={() => onChange(undefined)}>
          Clear reference
        </button>
      </span>
    );
  } else if (kind === 'string' || kind === 'text') {
    const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
    const set = (t: string) => onChange(t === '' ? undefined : t);
    control =
      kind === 'text' || LONG_TEXT.has(name) ? (
        <textarea {...common} rows={3} value={text} onChange={(e) => set(e.target.value)} />
      ) : (
        <input {...common} type="text" value={text} onChange={(e) => set(e.target.value)} />
      );
  } else if (kind === 'number' || kind === 'integer') {
    control = (
      <input
        {...common}
        type="number"
        step={kind === 'integer' ? 1 : 'any'}
        min={schema.minimum}
        max={schema.maximum}
        value={typeof value === 'number' ? String(value) : ''}
        onChange={(e) => {
          const t = e.target.value.trim();
          const n = Number(t);
          onChange(t === '' || !Number.isFinite(n) ? undefined : n);
        }}
      />
    );
  } else if (kind === 'boolean') {
    control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (kind === 'enum') {
    const options = (schema.enum ?? []) as Array<string | number>;
    control = (
      <select
        {...common}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => {
          const picked = options.find((o) => String(o) === e.target.value);
          onChange(picked);
        }}
      >
        <option value="">{required ? 'Choose…' : '(default)'}</option>
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'string-list') {
    control = <StringListInput common={common} value={value} onChange={onChange} />;
  } else {
    control = <JsonInput common={common} value={value} onChange={onChange} />;
  }

  const refInsert =
    references.length > 0 && kind !== 'json' && kind !== 'string-list' ? (
      <select
        className="agentos-form__ref"
        aria-label={`Insert reference into ${label}`}
        value=""
        onChange={(e) => {
          const ref = e.target.value;
          if (!ref) return;
          const token = `{{ ${ref} }}`;
          if (kind === 'string' || kind === 'text') {
            const cur = typeof value === 'string' ? value : '';
            onChange(cur === '' ? token : `${cur}${/\s$/.test(cur) ? '' : ' '}${token}`);
          } else {
            onChange(token);
          }
        }}
      >
        <option value="">Insert reference…</option>
        {references.map((r) => (
          <option key={r.ref} value={r.ref}>
            {r.ref}
            {r.type ? ` (${r.type})` : ''}
          </option>
        ))}
      </select>
    ) : null;

  return (
    <div className={`agentos-form__field agentos-form__field--${kind}`}>
      <label htmlFor={id}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      {control}
      {refInsert}
      {schema.description ? (
        <p className="agentos-form__hint" id={describedBy}>
          {schema.description}
        </p>
      ) : null}
    </div>
  );
}

function RequiredMark(): ReactNode {
  return (
    <span className="agentos-form__required" title="required">
      {' *'}
      <span className="agentos-visually-hidden"> (required)</span>
    </span>
  );
}

type CommonProps = { id: string; 'aria-describedby': string | undefined; required: boolean; 'aria-required': boolean | undefined };

/**
 * Split list text: one item per line, or comma-separated on a single line.
 * @example parseStringList('a, b') // ['a', 'b']
 */
export function parseStringList(text: string): string[] {
  const lines = text.includes('\n') ? text.split('\n') : text.split(',');
  return lines.map((s) => s.trim()).filter((s) => s !== '');
}

function StringListInput({ common, value, onChange }: { common: CommonProps; value: unknown; onChange: (v: unknown) => void }): ReactNode {
  const fromValue = Array.isArray(value) ? value.map(String).join('\n') : '';
  const [text, setText] = useState(fromValue);
  // Follow outside changes (another node selected, a workflow loaded) without eating what is being typed.
  useEffect(() => {
    if (parseStringList(text).join('\n') !== parseStringList(fromValue).join('\n')) setText(fromValue);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fromValue]);
  return (
    <textarea
      {...common}
      rows={3}
      placeholder="One per line, or comma-separated"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const items = parseStringList(e.target.value);
        onChange(items.length ? items : undefined);
      }}
    />
  );
}

function JsonInput({ common, value, onChange }: { common: CommonProps; value: unknown; onChange: (v: unknown) => void }): ReactNode {
  const fromValue = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(fromValue);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText(fromValue);
    setError(undefined);
  }, [fromValue]);
  return (
    <>
      <textarea
        {...common}
        rows={3}
        className="agentos-mono"
        placeholder="JSON"
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text.trim() === '') {
            setError(undefined);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(text));
            setError(undefined);
          } catch (e) {
            setError(`Not valid JSON: ${(e as Error).message}`);
          }
        }}
      />
      {error ? (
        <p role="alert" className="agentos-form__error">
          {error}
        </p>
      ) : null}
    </>
  );
}
