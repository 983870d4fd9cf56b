// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { MonitorDashboard } from './monitor-dashboard.js';
import { renderWithClient } from '../test-support/render.js';
import { container } from '../test-support/fake-client.js';

afterEach(cleanup);

const three = [container('db', { uptimeSeconds: 7200, restartCount: 1 }), container('api', { health: 'unhealthy', restartCount: 4, uptimeSeconds: 60 }), container('cache', { state: 'exited', health: 'none', uptimeSeconds: null })];
const rowNames = () => screen.getAllByTestId(/^container-row-/).map((r) => r.getAttribute('data-testid')!.slice('container-row-'.length));
const cell = (name: string, what: string) => within(screen.getByTestId(`container-row-${name}`)).getByTestId(`container-${what}`).textContent;

describe('<MonitorDashboard>', () => {
  it('renders a row per container with state, health, uptime and restarts', async () => {
    renderWithClient(<MonitorDashboard />, { containers: three });
    await waitFor(() => expect(rowNames()).toEqual(['api', 'cache', 'db']));
    expect(cell('db', 'state')).toBe('running');
    expect(cell('api', 'health')).toBe('unhealthy');
    expect(cell('db', 'uptime')).toBe('2h 0m');
    expect(cell('cache', 'uptime')).toBe('—');
    expect(cell('api', 'restarts')).toBe('4');
    expect(screen.getByRole('button', { name: 'Restart db' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'AI Fix Suggestion for db' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send Alert for db' })).toBeTruthy();
  });

  it('updates a row from a container:update event without fetching again', async () => {
    const { client } = renderWithClient(<MonitorDashboard />, { containers: three });
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(client.subscribers()).toBe(1);
    act(() =>
      client.emit({ type: 'container:update', data: { container: container('db', { health: 'unhealthy', restartCount: 2 }), change: 'health', from: 'healthy', to: 'unhealthy', time: Date.now() } }),
    );
    expect(cell('db', 'health')).toBe('unhealthy');
    expect(cell('db', 'restarts')).toBe('2');
    expect(screen.getByTestId('container-row-db').getAttribute('data-health')).toBe('unhealthy');
    // A new container appears; a destroyed one goes.
    act(() => client.emit({ type: 'container:update', data: { container: container('worker'), change: 'start', time: Date.now() } }));
    act(() => client.emit({ type: 'container:update', data: { container: container('cache', { state: 'removed' }), change: 'destroy', time: Date.now() } }));
    expect(rowNames()).toEqual(['api', 'db', 'worker']);
    expect(client.callsOf('containers')).toHaveLength(1);
    // A snapshot replaces the list.
    act(() => client.emit({ type: 'containers:snapshot', data: { containers: [container('solo')] } }));
    expect(rowNames()).toEqual(['solo']);
    act(() => client.emit({ type: 'monitor:status', data: { connected: false, reason: 'docker socket closed' } }));
    expect(screen.getByText(/Live updates from Docker are paused: docker socket closed/)).toBeTruthy();
  });

  it('filters and sorts', async () => {
    const user = userEvent.setup();
    renderWithClient(<MonitorDashboard />, { containers: three });
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await user.type(screen.getByRole('searchbox', { name: 'Filter containers' }), 'cach');
    expect(rowNames()).toEqual(['cache']);
    await user.clear(screen.getByRole('searchbox', { name: 'Filter containers' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Health' }), 'unhealthy');
    expect(rowNames()).toEqual(['api']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Health' }), '');
    await user.click(screen.getByRole('button', { name: /^Restarts/ }));
    expect(rowNames()).toEqual(['cache', 'db', 'api']);
    await user.click(screen.getByRole('button', { name: /^Restarts/ }));
    expect(rowNames()).toEqual(['api', 'db', 'cache']);
    expect(screen.getByRole('columnheader', { name: /Restarts/ }).getAttribute('aria-sort')).toBe('descending');
    await user.click(screen.getByRole('button', { name: /^Uptime/ }));
    expect(rowNames()).toEqual(['cache', 'api', 'db']);
  });

  it('shows a blocked alert in place, with the text shown on screen instead', async () => {
    const user = userEvent.setup();
    const { client } = renderWithClient(<MonitorDashboard />, {
      containers: three,
      action: (name, action) => ({
        action,
        container: name,
        status: 'blocked',
        message: 'Alert displayed on screen only: the data comes from docker_logs',
        decision: { verdict: 'block', reason: 'Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))' } as never,
        output: { text: 'api is unhealthy. Last log lines: …' },
      }),
    });
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await user.click(screen.getByRole('button', { name: 'Send Alert for api' }));
    const result = await screen.findByTestId('action-result-api');
    expect(result.getAttribute('role')).toBe('status');
    expect(result.getAttribute('data-status')).toBe('blocked');
    expect(result.textContent).toContain('Alert displayed on screen only: the data comes from docker_logs');
    expect(within(result).getByTestId('action-output').textContent).toBe('api is unhealthy. Last log lines: …');
    expect(result.textContent).toContain('Cannot send untrusted data externally');
    expect(client.callsOf('containerAction')[0]!.args).toEqual(['api', 'alert']);
    await user.click(screen.getByRole('button', { name: 'Dismiss result for api' }));
    expect(screen.queryByTestId('action-result-api')).toBeNull();
  });

  it('shows a failed request as an alert, and approval controls for a paused action', async () => {
    const user = userEvent.setup();
    const { client } = renderWithClient(<MonitorDashboard />, {
      containers: three,
      action: (name, action) => {
        if (action === 'restart') throw new Error('403 forbidden');
        return { action, container: name, status: 'awaiting_approval', message: `Fix for ${name} waits for approval`, output: { runId: 'r9', stepId: 'fix' } };
      },
    });
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await user.click(screen.getByRole('button', { name: 'Restart db' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Restart failed: 403 forbidden');
    await user.click(screen.getByRole('button', { name: 'AI Fix Suggestion for api' }));
    const r = await screen.findByTestId('action-result-api');
    await user.click(within(r).getByRole('button', { name: 'Approve' }));
    expect(client.callsOf('approvals.approve')[0]!.args).toEqual(['r9', 'fix', 'web-ui']);
    expect(r.textContent).toContain('Approved.');
  });
});
