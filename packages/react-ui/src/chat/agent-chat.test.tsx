// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { AgentChatEvent } from '../client/index.js';
import { AgentChat } from './agent-chat.js';
import { renderWithClient } from '../test-support/render.js';

afterEach(cleanup);

const plan: AgentChatEvent = {
  type: 'plan', round: 1, attempts: 1, needsResults: false,
  workflow: {
    name: 'Fix containers',
    steps: [
      { id: 'restart_api', tool: 'docker_restart', args: { container: 'api' } },
      { id: 'logs', tool: 'docker_logs', args: { container: 'api' } },
      { id: 'notify', tool: 'slack_notify', args: { text: '{{ logs.text }}' } },
      { id: 'restart_db', tool: 'docker_restart', args: { container: 'db' } },
    ],
  },
};
const story: AgentChatEvent[] = [
  plan,
  { type: 'step', round: 1, runId: 'r1', stepId: 'restart_api', tool: 'docker_restart', status: 'running' },
  { type: 'step', round: 1, runId: 'r1', stepId: 'restart_api', tool: 'docker_restart', status: 'succeeded' },
  { type: 'step', round: 1, runId: 'r1', stepId: 'logs', tool: 'docker_logs', status: 'succeeded', outcome: 'untrusted' },
  { type: 'blocked', round: 1, runId: 'r1', stepId: 'notify', tool: 'slack_notify', reason: 'Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))' },
  { type: 'approval', round: 1, runId: 'r1', stepId: 'restart_db', tool: 'docker_restart', approval: { runId: 'r1', stepId: 'restart_db', workflow: 'Fix containers', tool: 'docker_restart', args: { container: 'db' }, arguments: [], decision: {}, requestedAt: 1 } },
  { type: 'answer', text: 'Containers fixed. Results shown on screen (data contains sensitive content).', summary: '', runs: [], run: undefined, facts: {} },
];

describe('<AgentChat>', () => {
  it('shows the plan, each step, blocks, approvals and the answer', async () => {
    const user = userEvent.setup();
    const { client } = renderWithClient(<AgentChat />, { chat: () => story });
    await user.type(screen.getByLabelText('Message to the agent'), 'Fix containers and notify me{Enter}');
    expect(client.callsOf('chat')[0]!.args).toEqual(['Fix containers and notify me']);
    expect((await screen.findByTestId('agent-answer')).textContent).toBe('Containers fixed. Results shown on screen (data contains sensitive content).');
    const p = screen.getByTestId('chat-plan');
    expect(within(p).getByText(/Fix containers/)).toBeTruthy();
    expect(screen.getByTestId('chat-step-restart_api').getAttribute('data-status')).toBe('succeeded');
    expect(screen.getByTestId('chat-step-logs').getAttribute('data-status')).toBe('succeeded');
    const notify = screen.getByTestId('chat-step-notify');
    expect(notify.getAttribute('data-status')).toBe('blocked');
    expect(notify.textContent).toContain('Blocked by policy — Cannot send untrusted data externally');
    const db = screen.getByTestId('chat-step-restart_db');
    expect(db.getAttribute('data-status')).toBe('awaiting_approval');
    expect(db.textContent).toContain('"container": "db"');
    await user.click(within(db).getByRole('button', { name: 'Approve restart_db' }));
    await waitFor(() => expect(client.callsOf('approvals.approve')[0]!.args).toEqual(['r1', 'restart_db', 'web-ui']));
    expect(within(db).getByRole('status').textContent).toBe('Approved; the step runs.');
    expect(screen.getByRole('textbox', { name: 'Message to the agent' })).toHaveProperty('value', '');
  });

  it('rejects a step, with the chosen user', async () => {
    const user = userEvent.setup();
    const { client } = renderWithClient(<AgentChat />, { chat: () => [plan, story[5]!] }, { user: 'alice' });
    await user.type(screen.getByLabelText('Message to the agent'), 'restart db{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Reject restart_db' }));
    await waitFor(() => expect(client.callsOf('approvals.reject')[0]!.args.slice(0, 3)).toEqual(['r1', 'restart_db', 'alice']));
  });

  it('shows agent errors and failed requests', async () => {
    const user = userEvent.setup();
    renderWithClient(<AgentChat suggestions={['Check db']} />, { chat: () => [{ type: 'error', code: 'LLM_UNAVAILABLE', message: 'the model did not answer' }] });
    await user.click(screen.getByRole('button', { name: 'Check db' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The agent stopped: the model did not answer (LLM_UNAVAILABLE)');
    cleanup();
    renderWithClient(<AgentChat />, {
      chat: () => ({
        async *[Symbol.asyncIterator]() {
          yield plan;
          throw new Error('501 the agent is not configured on this server');
        },
      }),
    });
    await user.type(screen.getByLabelText('Message to the agent'), 'hello{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('The request failed: 501 the agent is not configured on this server');
    expect(screen.getByTestId('chat-turn').getAttribute('data-state')).toBe('failed');
  });

  it('says when the server has no agent, and does not offer to send', async () => {
    renderWithClient(<AgentChat />, { info: async () => ({ version: '0', docker: null, agent: false, auth: true }) });
    expect((await screen.findByTestId('agent-unavailable')).textContent).toMatch(/No LLM is configured/);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Message to the agent'), 'fix db');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
