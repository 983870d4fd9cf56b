// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { WorkflowJson } from '../client/index.js';
import { RunbookBuilder } from './runbook-builder.js';
import { renderWithClient } from '../test-support/render.js';
import { realPreview, TEST_TOOLS } from '../test-support/catalogue.js';

afterEach(cleanup);

const currentJson = (): WorkflowJson => JSON.parse(screen.getByTestId('workflow-json').textContent!);
const node = (id: string) => screen.getByTestId(`node-${id}`);

function setup(extra: Parameters<typeof renderWithClient>[1] = {}, props: Parameters<typeof RunbookBuilder>[0] = {}) {
  const user = userEvent.setup({ delay: null });
  const r = renderWithClient(<RunbookBuilder previewDelayMs={0} {...props} />, { tools: TEST_TOOLS, preview: realPreview, ...extra });
  return { user, ...r };
}

describe('<RunbookBuilder>', () => {
  it('adds steps with the keyboard and generates their settings form from the schema', async () => {
    const { user } = setup();
    const add = await screen.findByRole('button', { name: 'Add docker_logs' });
    add.focus();
    await user.keyboard('{Enter}');
    expect(node('docker_logs').getAttribute('data-tool')).toBe('docker_logs');
    const settings = screen.getByTestId('step-settings');
    const container = within(settings).getByLabelText(/^container/) as HTMLInputElement;
    expect(container.required).toBe(true);
    expect(within(node('docker_logs')).getByText('Missing: container')).toBeTruthy();
    await user.type(container, 'db');
    expect(within(node('docker_logs')).queryByText(/Missing/)).toBeNull();
    expect(within(settings).getByLabelText(/^tail/).getAttribute('type')).toBe('number');
    expect(currentJson().steps).toEqual([{ id: 'docker_logs', tool: 'docker_logs', args: { container: 'db' }, position: { x: 40, y: 40 } }]);
  });

  it('references an earlier output, draws the edge, and shows the policy preview warning before running', async () => {
    const { user, client } = setup();
    await user.click(await screen.findByRole('button', { name: 'Add docker_logs' }));
    await user.type(within(screen.getByTestId('step-settings')).getByLabelText(/^container/), 'db');
    await user.click(screen.getByRole('button', { name: 'Add slack_notify' }));
    const settings = screen.getByTestId('step-settings');
    await user.type(within(settings).getByLabelText(/^text/), 'Logs:');
    await user.selectOptions(within(settings).getByRole('combobox', { name: 'Insert reference into text' }), 'docker_logs.text');
    const json = currentJson();
    expect(json.steps[1]).toMatchObject({ id: 'slack_notify', tool: 'slack_notify', args: { text: 'Logs: {{ docker_logs.text }}' } });
    expect(json.steps[1]!.after).toBeUndefined();
    expect(within(settings).getByText('docker_logs')).toBeTruthy(); // listed under "Runs after"
    await waitFor(() => expect(node('slack_notify').getAttribute('data-preview')).toBe('blocked'));
    expect(node('docker_logs').getAttribute('data-preview')).toBe('allowed');
    expect(screen.getByTestId('node-preview-slack_notify').textContent).toBe('Would be blocked: Cannot send untrusted data externally (untrusted data from docker_logs)');
    expect(screen.getByTestId('node-preview-slack_notify').getAttribute('role')).toBe('status');
    const summary = screen.getByTestId('preview-summary');
    expect(summary.textContent).toContain('1 step would be blocked');
    expect(summary.textContent).toContain('slack_notify (slack_notify): Blocked — untrusted data context: Cannot send untrusted data externally — untrusted data from docker_logs');
    expect(client.callsOf('runs.start')).toHaveLength(0);
  });

  it('connects steps from the settings panel and turns edge conditions into when', async () => {
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Add health_check' }));
    await user.click(screen.getByRole('button', { name: 'Add docker_restart' }));
    let settings = screen.getByTestId('step-settings');
    await user.selectOptions(within(settings).getByLabelText('Runs after step'), 'health_check');
    await user.click(within(settings).getByRole('button', { name: 'Connect' }));
    expect(currentJson().steps[1]).toMatchObject({ id: 'docker_restart', after: ['health_check'] });
    await user.click(within(settings).getByRole('button', { name: 'Condition of health_check → docker_restart' }));
    const edge = screen.getByTestId('edge-settings');
    await user.click(within(edge).getByRole('button', { name: 'Add condition' }));
    await user.selectOptions(within(edge).getByLabelText('Value of'), 'health_check.status');
    await user.type(within(edge).getByRole('textbox', { name: 'Value of condition 1' }), 'unhealthy');
    const restart = currentJson().steps[1]!;
    expect(restart.when).toEqual({ ref: 'health_check.status', operator: 'equal', value: 'unhealthy' });
    expect(restart.after).toBeUndefined();
    await user.selectOptions(within(edge).getByLabelText('Compare with'), 'false');
    expect(currentJson().steps[1]!.when).toEqual({ ref: 'health_check.status', operator: 'equal', value: false });
    // A cycle is refused.
    await user.click(screen.getByRole('button', { name: 'health_check' }));
    settings = screen.getByTestId('step-settings');
    expect(within(settings).queryByLabelText('Runs after step')).toBeNull();
  });

  it('removes the selected step with the Delete key', async () => {
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Add docker_logs' }));
    await user.click(screen.getByRole('button', { name: 'Add slack_notify' }));
    const rfNode = screen.getByRole('group', { name: 'Step slack_notify: slack_notify' });
    rfNode.focus();
    await user.keyboard('{Delete}');
    await waitFor(() => expect(screen.queryByTestId('node-slack_notify')).toBeNull());
    expect(currentJson().steps.map((s) => s.id)).toEqual(['docker_logs']);
    // Outside the canvas the key does nothing to the selection.
    await user.click(screen.getByRole('button', { name: 'docker_logs' }));
    screen.getByRole('button', { name: 'Add health_check' }).focus();
    await user.keyboard('{Delete}');
    expect(screen.getByTestId('node-docker_logs')).toBeTruthy();
  });

  it('adds a step dropped from the palette onto the canvas', async () => {
    setup();
    await screen.findByRole('button', { name: 'Add docker_logs' });
    const data = new Map<string, string>([['application/x-agentos-tool', 'health_check']]);
    const dataTransfer = { types: [...data.keys()], getData: (t: string) => data.get(t) ?? '', dropEffect: 'none' };
    fireEvent.dragOver(screen.getByTestId('builder-canvas'), { dataTransfer });
    // jsdom has no DragEvent: give the generic event its coordinates.
    const drop = createEvent.drop(screen.getByTestId('builder-canvas'), { dataTransfer });
    Object.defineProperties(drop, { clientX: { value: 130 }, clientY: { value: 90 } });
    fireEvent(screen.getByTestId('builder-canvas'), drop);
    expect(node('health_check')).toBeTruthy();
    expect(currentJson().steps).toEqual([{ id: 'health_check', tool: 'health_check', position: { x: 130, y: 90 } }]);
  });

  it('runs the workflow and shows the status of each step from the live events', async () => {
    const { user, client } = setup({ startRun: () => 'run-7' });
    await user.click(await screen.findByRole('button', { name: 'Add docker_logs' }));
    await user.type(within(screen.getByTestId('step-settings')).getByLabelText(/^container/), 'db');
    await user.click(screen.getByRole('button', { name: 'Add slack_notify' }));
    await user.type(within(screen.getByTestId('step-settings')).getByLabelText(/^text/), '{{{{ docker_logs.text }}');
    await user.click(screen.getByRole('button', { name: 'Add docker_restart' }));
    await user.click(screen.getByRole('button', { name: 'Run workflow' }));
    await screen.findByTestId('run-panel');
    expect(client.callsOf('runs.start')[0]!.args[0]).toEqual({ workflow: currentJson() });
    const ref = { runId: 'run-7', workflow: 'Untitled workflow' };
    const reason = 'Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step docker_logs))';
    act(() => client.emit({ type: 'step:start', data: { ...ref, stepId: 'docker_logs', tool: 'docker_logs', attempt: 1 } }));
    expect(node('docker_logs').getAttribute('data-status')).toBe('running');
    expect(node('slack_notify').getAttribute('data-status')).toBe('pending');
    act(() => client.emit({ type: 'step:end', data: { ...ref, stepId: 'docker_logs', tool: 'docker_logs', step: { id: 'docker_logs', tool: 'docker_logs', status: 'succeeded', attempts: 1 } } }));
    act(() =>
      client.emit({
        type: 'step:blocked',
        data: {
          ...ref, stepId: 'slack_notify', tool: 'slack_notify', reason,
          violation: { id: 'v1', time: Date.now(), kind: 'blocked', workflow: ref.workflow, run: 'run-7', step: 'slack_notify', tool: 'slack_notify', verdict: 'block', reason, sources: [{ step: 'docker_logs', tool: 'docker_logs' }] },
        },
      }),
    );
    // A step of another run changes nothing.
    act(() => client.emit({ type: 'step:start', data: { ...ref, runId: 'other', stepId: 'docker_restart', tool: 'docker_restart', attempt: 1 } }));
    expect(node('docker_restart').getAttribute('data-status')).toBe('pending');
    act(() => client.emit({ type: 'step:approval', data: { ...ref, stepId: 'docker_restart', tool: 'docker_restart', approval: { runId: 'run-7', stepId: 'docker_restart', workflow: ref.workflow, tool: 'docker_restart', args: {}, arguments: [], decision: {} as never, requestedAt: Date.now() } } }));
    expect(node('docker_logs').getAttribute('data-status')).toBe('done');
    expect(node('slack_notify').getAttribute('data-status')).toBe('blocked');
    expect(screen.getByTestId('node-run-slack_notify').textContent).toBe('Policy violation — Cannot send untrusted data externally');
    expect(screen.getByTestId('run-violation').textContent).toBe('❌ Policy Violation · Tool: slack_notify · Reason: Cannot send untrusted data externally');
    expect(node('docker_restart').getAttribute('data-status')).toBe('awaiting_approval');
    await user.click(screen.getByRole('button', { name: 'Approve docker_restart' }));
    await waitFor(() => expect(client.callsOf('approvals.approve')[0]!.args).toEqual(['run-7', 'docker_restart', 'web-ui']));
    act(() => client.emit({ type: 'step:end', data: { ...ref, stepId: 'docker_restart', tool: 'docker_restart', step: { id: 'docker_restart', tool: 'docker_restart', status: 'skipped', attempts: 0, reason: 'condition false' } } }));
    expect(node('docker_restart').getAttribute('data-status')).toBe('skipped');
    expect(screen.getByRole('button', { name: 'Run workflow' })).toHaveProperty('disabled', true);
  });

  it('replays events that arrived before the run id did', async () => {
    let client!: ReturnType<typeof setup>['client'];
    const r = setup({ startRun: () => {
      const ref = { runId: 'early', workflow: 'Untitled workflow' };
      queueMicrotask(() => client.emit({ type: 'step:start', data: { ...ref, stepId: 'docker_logs', tool: 'docker_logs', attempt: 1 } }));
      return 'early';
    } });
    client = r.client;
    await r.user.click(await screen.findByRole('button', { name: 'Add docker_logs' }));
    await r.user.click(screen.getByRole('button', { name: 'Run workflow' }));
    await waitFor(() => expect(node('docker_logs').getAttribute('data-status')).toBe('running'));
  });

  it('saves, loads and imports workflow JSON', async () => {
    const stored: WorkflowJson = {
      name: 'Database Health Monitor',
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
        { id: 'notify', tool: 'slack_notify', args: { text: '{{ logs.text }}' } },
      ],
    };
    const { user, client } = setup({
      workflows: [stored],
      validate: (w) => ((w as WorkflowJson).steps?.length ? { ok: true } : { ok: false, issues: [{ path: 'steps', message: 'a workflow needs at least one step' }] }),
    });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Saved workflows' }), 'Database Health Monitor');
    await user.click(screen.getByRole('button', { name: 'Load workflow' }));
    await waitFor(() => expect(screen.getByTestId('builder-notice').textContent).toBe('Loaded "Database Health Monitor" (2 steps).'));
    expect(node('notify')).toBeTruthy();
    expect(currentJson().steps.map(({ position: _p, ...s }) => s)).toEqual(stored.steps);
    await waitFor(() => expect(node('notify').getAttribute('data-preview')).toBe('blocked'));

    await user.clear(screen.getByRole('textbox', { name: 'Workflow name' }));
    await user.type(screen.getByRole('textbox', { name: 'Workflow name' }), 'Copy');
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    await waitFor(() => expect(screen.getByTestId('builder-notice').textContent).toBe('Saved "Copy".'));
    expect((client.callsOf('workflows.save')[0]!.args[0] as WorkflowJson).name).toBe('Copy');

    const paste = screen.getByRole('textbox', { name: 'Paste workflow JSON' });
    fireEvent.change(paste, { target: { value: '{ not json' } });
    await user.click(screen.getByRole('button', { name: 'Import JSON' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^The pasted text is not JSON/);
    fireEvent.change(paste, { target: { value: JSON.stringify({ name: 'x', steps: [] }) } });
    await user.click(screen.getByRole('button', { name: 'Import JSON' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The pasted workflow is not valid:steps: a workflow needs at least one step'));
    fireEvent.change(paste, { target: { value: JSON.stringify({ name: 'Pasted', steps: [{ id: 'h', tool: 'health_check', args: { container: 'api' } }] }) } });
    await user.click(screen.getByRole('button', { name: 'Import JSON' }));
    await screen.findByTestId('node-h');
    expect(currentJson().name).toBe('Pasted');
  });

  it('shows server errors in place instead of hiding them', async () => {
    const { user } = setup({ fail: { 'workflows.save': new Error('400 steps[0].tool: unknown tool') }, preview: () => { throw new Error('preview exploded'); } });
    await user.click(await screen.findByRole('button', { name: 'Add docker_logs' }));
    await user.click(screen.getByRole('button', { name: 'Save workflow' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not save: 400 steps[0].tool: unknown tool');
    await waitFor(() => expect(screen.getByTestId('preview-summary').textContent).toBe('Preview unavailable: preview exploded'));
  });
});
