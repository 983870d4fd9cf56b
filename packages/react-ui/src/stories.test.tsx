// @vitest-environment jsdom
/**
 * The product's stories through the widgets, against a real AgentOS server
 * (Node's http on 127.0.0.1, a real runtime and policy engine, a memory
 * Docker host and its monitor, a real local Slack receiver) with the real
 * browser client. Node has no EventSource: live events use fetch streaming.
 */
import './test-support/dom-stubs.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createContainerMonitor, createMemoryHost, type ContainerMonitor, type MemoryDockerHost } from '@agentos/docker-tools';
import { startApiServer, type ApiServer } from '../../core/src/http/fixtures/api-server.js';
import { AgentOSProvider, MonitorDashboard, RunbookBuilder, ViolationLog, createAgentOsClient, type AgentOsClient } from './index.js';

let host: MemoryDockerHost;
let monitor: ContainerMonitor;
let api: ApiServer;
let client: AgentOsClient;

beforeAll(async () => {
  host = createMemoryHost({ name: 'local', containers: [{ name: 'db', healthcheck: true, logs: 'db ready\nDB_PASSWORD=hunter2' }, { name: 'api' }] });
  monitor = createContainerMonitor(host);
  await monitor.start();
  api = await startApiServer({ host, monitor });
  client = createAgentOsClient(api.api, { token: api.token });
});
afterEach(cleanup);
afterAll(async () => {
  await api?.close();
  await monitor?.stop();
  await host?.close();
});

const ui = (children: React.ReactNode) => render(<AgentOSProvider client={client}>{children}</AgentOSProvider>);
const W = { timeout: 5000 };

describe('stories, end to end through the widgets', () => {
  it('runbook: docker_logs → slack_notify is flagged by the preview, blocked when run, and logged', async () => {
    const user = userEvent.setup({ delay: null });
    ui(
      <>
        <RunbookBuilder previewDelayMs={0} />
        <ViolationLog />
      </>,
    );
    await user.click(await screen.findByRole('button', { name: 'Add docker_logs' }, W));
    await user.type(within(screen.getByTestId('step-settings')).getByLabelText(/^container/), 'db');
    await user.click(screen.getByRole('button', { name: 'Add slack_notify' }));
    const settings = screen.getByTestId('step-settings');
    await user.type(within(settings).getByLabelText(/^text/), 'db says:');
    await user.selectOptions(within(settings).getByRole('combobox', { name: 'Insert reference into text' }), 'docker_logs.text');
    await waitFor(() => expect(screen.getByTestId('node-slack_notify').getAttribute('data-preview')).toBe('blocked'), W);
    expect(screen.getByTestId('node-preview-slack_notify').textContent).toBe('Would be blocked: Cannot send untrusted data externally (untrusted data from docker_logs)');

    await user.click(screen.getByRole('button', { name: 'Run workflow' }));
    await waitFor(() => expect(screen.getByTestId('node-slack_notify').getAttribute('data-status')).toBe('blocked'), W);
    expect(screen.getByTestId('node-docker_logs').getAttribute('data-status')).toBe('done');
    expect(screen.getByTestId('node-run-slack_notify').textContent).toBe('Policy violation — Cannot send untrusted data externally');
    expect(screen.getByTestId('run-violation').textContent).toBe('❌ Policy Violation · Tool: slack_notify · Reason: Cannot send untrusted data externally');
    const row = await screen.findByTestId('violation-row', {}, W);
    expect(row.textContent).toMatch(/^⛔ just now · Workflow: "Untitled workflow" · Tool: slack_notify · Reason: Blocked — untrusted data context: Cannot send untrusted data externally · Source: docker_logs$/);
    expect(api.slack.received).toHaveLength(0);
  });

  it('monitor: live rows, and Send Alert shown on screen only', async () => {
    const user = userEvent.setup({ delay: null });
    ui(<MonitorDashboard />);
    const db = await screen.findByTestId('container-row-db', {}, W);
    expect(within(db).getByTestId('container-state').textContent).toBe('running');
    host.setHealth('db', 'unhealthy', 'connection refused');
    await waitFor(() => expect(within(screen.getByTestId('container-row-db')).getByTestId('container-health').textContent).toBe('unhealthy'), W);
    await user.click(screen.getByRole('button', { name: 'Send Alert for db' }));
    const result = await screen.findByTestId('action-result-db', {}, W);
    expect(result.getAttribute('data-status')).toBe('blocked');
    expect(result.textContent).toContain('Alert displayed on screen only: the data comes from docker_logs');
    expect(within(result).getByTestId('action-output').textContent).toContain('Alert for db');
  });
});
