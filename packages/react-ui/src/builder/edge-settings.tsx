/**
 * The settings of the selected edge `a → b`: conditions on `a`'s output
 * under which `b` runs (saved as `b.when`).
 * @module
 */
import { useId, type ReactNode } from 'react';
import type { ToolInfo } from '../client/index.js';
import type { When } from '@agentos/policy';
import { outputFields, type JsonSchema } from './json-schema.js';
import type { StepEdge, StepNode } from './workflow-graph.js';

/**
 * Condition operators (those of `@agentos/policy`).
 * @example CONDITION_OPERATORS.includes('equal') // true
 */
export const CONDITION_OPERATORS: ReadonlyArray<When['operator']> = ['equal', 'notEqual', 'contains', 'notContains', 'startsWith', 'endsWith', 'regex'];

type ValueType = 'text' | 'number' | 'true' | 'false' | 'null';
const typeOfValue = (v: When['value']): ValueType => (v === null ? 'null' : v === true ? 'true' : v === false ? 'false' : typeof v === 'number' ? 'number' : 'text');
const valueOf = (type: ValueType, text: string): When['value'] => {
  if (type === 'null') return null;
  if (type === 'true') return true;
  if (type === 'false') return false;
  if (type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : 0;
  }
  return text;
};

/** Props of {@link EdgeSettings}. */
export interface EdgeSettingsProps {
  edge: StepEdge;
  source: StepNode | undefined;
  tools: ReadonlyMap<string, ToolInfo>;
  onChange: (edgeId: string, when: When[]) => void;
  onRemove: (edgeId: string) => void;
}

/**
 * The selected edge's panel.
 * @example <EdgeSettings edge={edge} source={logsNode} tools={tools} onChange={setWhen} onRemove={removeEdge} />
 */
export function EdgeSettings({ edge, source, tools, onChange, onRemove }: EdgeSettingsProps): ReactNode {
  const uid = useId();
  const when = edge.data?.when ?? [];
  const fields = outputFields(edge.source, source ? (tools.get(source.data.tool)?.outputSchema as JsonSchema | undefined) : undefined);
  const set = (i: number, patch: Partial<When>) => onChange(edge.id, when.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  const firstField = fields.find((f) => f.ref !== edge.source)?.ref ?? edge.source;
  return (
    <section className="agentos-panel" aria-label={`Settings of ${edge.source} → ${edge.target}`} data-testid="edge-settings">
      <h3>
        {edge.source} → {edge.target}
      </h3>
      <p className="agentos-muted">{when.length ? `${edge.target} runs only when every condition holds; otherwise it is skipped.` : `${edge.target} runs after ${edge.source}, always.`}</p>
      {when.map((w, i) => {
        const refs = fields.some((f) => f.ref === w.ref) ? fields : [...fields, { ref: w.ref }];
        const vt = typeOfValue(w.value);
        return (
          <fieldset key={i} className="agentos-form__group">
            <legend>Condition {i + 1}</legend>
            <div className="agentos-form__field">
              <label htmlFor={`${uid}-${i}-ref`}>Value of</label>
              <select id={`${uid}-${i}-ref`} value={w.ref} onChange={(e) => set(i, { ref: e.target.value })}>
                {refs.map((f) => (
                  <option key={f.ref} value={f.ref}>
                    {f.ref}
                  </option>
                ))}
              </select>
            </div>
            <div className="agentos-form__field">
              <label htmlFor={`${uid}-${i}-op`}>Operator</label>
              <select id={`${uid}-${i}-op`} value={w.operator} onChange={(e) => set(i, { operator: e.target.value as When['operator'] })}>
                {CONDITION_OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </div>
            <div className="agentos-form__field">
              <label htmlFor={`${uid}-${i}-type`}>Compare with</label>
              <select id={`${uid}-${i}-type`} value={vt} onChange={(e) => set(i, { value: valueOf(e.target.value as ValueType, typeof w.value === 'string' ? w.value : String(w.value ?? '')) })}>
                <option value="text">text</option>
                <option value="number">number</option>
                <option value="true">true</option>
                <option value="false">false</option>
                <option value="null">null</option>
              </select>
              {vt === 'text' || vt === 'number' ? (
                <input
                  aria-label={`Value of condition ${i + 1}`}
                  type={vt === 'number' ? 'number' : 'text'}
                  value={w.value === null ? '' : String(w.value)}
                  onChange={(e) => set(i, { value: valueOf(vt, e.target.value) })}
                />
              ) : null}
            </div>
            <button type="button" className="agentos-btn agentos-btn--small agentos-btn--danger" onClick={() => onChange(edge.id, when.filter((_, j) => j !== i))}>
              Remove condition {i + 1}
            </button>
          </fieldset>
        );
      })}
      <div className="agentos-toolbar">
        <button type="button" className="agentos-btn" onClick={() => onChange(edge.id, [...when, { ref: firstField, operator: 'equal', value: '' }])}>
          Add condition
        </button>
        <button type="button" className="agentos-btn agentos-btn--danger" onClick={() => onRemove(edge.id)}>
          Remove connection
        </button>
      </div>
    </section>
  );
}
