// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { Violation } from '../client/index.js';
import { ViolationLog } from './violation-log.js';
import { renderWithClient } from '../test-support/render.js';
import { formatViolationLine } from '../format/violation-line.js';

afterEach(cleanup);

const now = Date.now();
const v = (patch: Partial<Violation>): Violation => ({
  id: 'v', time: now, kind: 'blocked', workflow: 'Database Health Monitor', run: 'r1', step: 'notify', tool: 'slack_notify', verdict: 'block',
  reason: 'Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))',
  sources: [{ step: 'logs', tool: 'docker_logs' }], ...patch,
});
const seed = [
  v({ id: 'a', time: now - 2 * 60_000 }),
  v({ id: 'b', time: now - 15 * 60_000, workflow: 'Auto-Restart Services', tool: 'docker_exec', reason: 'Blocked — always blocked: shell injection risk', sources: [], attempted: 'restart service' }),
  v({ id: 'c', time: now - 3_600_000, kind: 'sanitized', workflow: 'Log Analysis', tool: 'ai_analyze', verdict: 'suspicious', reason: 'sanitizer', sources: [], detected: 'Potential prompt injection attempt' }),
];
const rows = () => screen.queryAllByTestId('violation-row');

describe('<ViolationLog>', () => {
  it('renders the lines users know, with relative times', async () => {
    renderWithClient(<ViolationLog />, { violations: seed });
    await waitFor(() => expect(rows()).toHaveLength(3));
    const [a, b, c] = rows();
    expect(a!.textContent).toBe('⛔ 2 min ago · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context: Cannot send untrusted data externally · Source: docker_logs');
    expect(b!.textContent).toBe(formatViolationLine(seed[1]!, now));
    expect(b!.textContent).toContain('15 min ago');
    expect(b!.textContent).toContain('Attempted: restart service');
    expect(c!.textContent).toMatch(/^⚠️ 1 hour ago · .*Action: Sanitized — dual LLM applied, output blocked · Detected: Potential prompt injection attempt$/);
    expect(c!.getAttribute('data-kind')).toBe('sanitized');
  });

  it('filters by kind, workflow, tool and text', async () => {
    const user = userEvent.setup();
    renderWithClient(<ViolationLog />, { violations: seed });
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'sanitized');
    expect(rows().map((r) => r.getAttribute('data-tool'))).toEqual(['ai_analyze']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), '');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tool' }), 'docker_exec');
    expect(rows().map((r) => r.getAttribute('data-tool'))).toEqual(['docker_exec']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tool' }), '');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Workflow' }), 'Database Health Monitor');
    expect(rows()).toHaveLength(1);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Workflow' }), '');
    await user.type(screen.getByRole('searchbox', { name: 'Search violations' }), 'docker_logs');
    expect(rows().map((r) => r.getAttribute('data-tool'))).toEqual(['slack_notify']);
    await user.clear(screen.getByRole('searchbox', { name: 'Search violations' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search violations' }), 'nothing like this');
    expect(screen.getByText('No violation matches the filter.')).toBeTruthy();
  });

  it('adds new violations live, newest first, once', async () => {
    const { client } = renderWithClient(<ViolationLog tool="slack_notify" />, { violations: [seed[0]!] });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(client.callsOf('violations')[0]!.args[0]).toMatchObject({ tool: 'slack_notify', limit: 200 });
    const fresh = v({ id: 'new', time: Date.now(), workflow: 'Runbook' });
    act(() => client.emit({ type: 'violation', data: { violation: fresh, line: '' } }));
    act(() => client.emit({ type: 'violation', data: { violation: fresh, line: '' } }));
    act(() => client.emit({ type: 'violation', data: { violation: v({ id: 'other', tool: 'email_send' }), line: '' } }));
    expect(rows().map((r) => r.getAttribute('data-workflow'))).toEqual(['Runbook', 'Database Health Monitor']);
    expect(rows()[0]!.textContent).toMatch(/^⛔ just now · Workflow: "Runbook"/);
  });

  it('says when nothing is recorded and shows load errors', async () => {
    renderWithClient(<ViolationLog />, {});
    expect(await screen.findByText('No violations recorded.')).toBeTruthy();
    cleanup();
    renderWithClient(<ViolationLog />, { fail: { violations: new Error('401 unauthorized') } });
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load the violation log: 401 unauthorized');
  });
});
