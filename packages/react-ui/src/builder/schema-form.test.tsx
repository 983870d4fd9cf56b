// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, fireEvent } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { z } from 'zod';
import { SchemaForm, parseStringList } from './schema-form.js';
import { fieldKind, missingRequired, outputFields, type JsonSchema } from './json-schema.js';

afterEach(cleanup);

const schema = z.toJSONSchema(
  z.strictObject({
    channel: z.string().regex(/^#/).optional().describe('Slack channel, e.g. "#ops"'),
    text: z.string().min(1).max(40_000).describe('Message text'),
    severity: z.enum(['info', 'warning', 'critical']).optional(),
    tail: z.number().int().min(1).max(5000).optional(),
    follow: z.boolean().optional(),
    tags: z.array(z.string()).optional(),
    target: z.strictObject({ host: z.string(), port: z.number().int().optional() }).optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
  }),
  { io: 'input' },
) as JsonSchema;

function Harness({ initial = {}, refs = [] as Array<{ ref: string; type?: string }> }) {
  const [value, setValue] = useState<Record<string, unknown>>(initial);
  return (
    <>
      <SchemaForm schema={schema} value={value} onChange={setValue} references={refs} legend="slack settings" />
      <output data-testid="value">{JSON.stringify(value)}</output>
    </>
  );
}
const current = () => JSON.parse(screen.getByTestId('value').textContent!);

describe('SchemaForm', () => {
  it('generates a control per field type and marks required fields', () => {
    render(<Harness />);
    expect(screen.getByRole('group', { name: 'slack settings' })).toBeTruthy();
    const text = screen.getByLabelText(/^text/) as HTMLTextAreaElement;
    expect(text.tagName).toBe('TEXTAREA');
    expect(text.required).toBe(true);
    expect(screen.getByText('Message text')).toBeTruthy();
    expect((screen.getByLabelText(/^channel/) as HTMLInputElement).required).toBe(false);
    expect(screen.getByLabelText(/^severity/).tagName).toBe('SELECT');
    expect((screen.getByLabelText(/^tail/) as HTMLInputElement).type).toBe('number');
    expect((screen.getByLabelText(/^follow/) as HTMLInputElement).type).toBe('checkbox');
    expect(screen.getByRole('group', { name: /target/ })).toBeTruthy();
    expect(screen.getByLabelText(/^host/)).toBeTruthy();
    expect(screen.getByLabelText(/^extra/).getAttribute('placeholder')).toBe('JSON');
  });

  it('writes typed values and removes cleared fields', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText(/^text/), 'disk full');
    await user.selectOptions(screen.getByLabelText(/^severity/), 'critical');
    await user.type(screen.getByLabelText(/^tail/), '50');
    await user.click(screen.getByLabelText(/^follow/));
    await user.type(screen.getByLabelText(/^tags/), 'a, b ,c');
    await user.type(screen.getByLabelText(/^host/), 'db');
    expect(current()).toEqual({ text: 'disk full', severity: 'critical', tail: 50, follow: true, tags: ['a', 'b', 'c'], target: { host: 'db' } });
    await user.clear(screen.getByLabelText(/^host/));
    await user.clear(screen.getByLabelText(/^tail/));
    expect(current()).toEqual({ text: 'disk full', severity: 'critical', follow: true, tags: ['a', 'b', 'c'] });
  });

  it('parses JSON fields on blur and reports bad JSON', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const extra = screen.getByLabelText(/^extra/);
    fireEvent.change(extra, { target: { value: '{"a": 1' } });
    fireEvent.blur(extra);
    expect(screen.getByRole('alert').textContent).toMatch(/Not valid JSON/);
    fireEvent.change(extra, { target: { value: '{"a": 1}' } });
    fireEvent.blur(extra);
    expect(current()).toEqual({ extra: { a: 1 } });
    expect(screen.queryByRole('alert')).toBeNull();
    void user;
  });

  it('inserts references to earlier outputs', async () => {
    const user = userEvent.setup();
    render(<Harness initial={{ text: 'Logs:' }} refs={[{ ref: 'logs' }, { ref: 'logs.text', type: 'string' }, { ref: 'health.code', type: 'number' }]} />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Insert reference into text' }), 'logs.text');
    expect(current().text).toBe('Logs: {{ logs.text }}');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Insert reference into tail' }), 'health.code');
    expect(current().tail).toBe('{{ health.code }}');
    // A typed field holding a reference is edited as text and can be cleared.
    expect((screen.getByLabelText(/^tail/) as HTMLInputElement).type).toBe('text');
    await user.click(screen.getByRole('button', { name: 'Clear reference' }));
    expect(current().tail).toBeUndefined();
  });

  it('says when a tool takes no settings', () => {
    render(<SchemaForm schema={{ type: 'object', properties: {} }} value={{}} onChange={() => {}} />);
    expect(screen.getByText('This tool takes no settings.')).toBeTruthy();
  });
});

describe('schema helpers', () => {
  it('classifies fields', () => {
    expect(fieldKind({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string');
    expect(fieldKind({ anyOf: [{ const: 'a' }, { const: 'b' }] })).toBe('enum');
    expect(fieldKind({ type: 'array', items: { type: 'number' } })).toBe('json');
    expect(fieldKind({ type: 'string', maxLength: 5000 })).toBe('text');
  });
  it('lists output fields and missing required values', () => {
    const out = z.toJSONSchema(z.object({ text: z.string(), meta: z.object({ lines: z.number() }) })) as JsonSchema;
    expect(outputFields('logs', out).map((f) => f.ref)).toEqual(['logs', 'logs.text', 'logs.meta', 'logs.meta.lines']);
    expect(missingRequired(schema, {})).toEqual(['text']);
    expect(missingRequired(schema, { text: 'x', target: {} })).toEqual(['target.host']);
  });
  it('splits lists by line or comma', () => {
    expect(parseStringList('a, b')).toEqual(['a', 'b']);
    expect(parseStringList('a, b\nc')).toEqual(['a, b', 'c']);
  });
});
