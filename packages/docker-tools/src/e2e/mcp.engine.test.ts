/**
 * The Docker MCP server on the real engine, with the MCP SDK's client:
 * docker_list sees a real container; docker_logs then slack_notify in one
 * session is blocked; docker_exec is blocked always.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSlackReceiver, type HttpReceiver } from '@agentos/core/testing';
import { createDockerMcpServer, type DockerMcpServer } from '../mcp/docker-mcp-server.js';
import { describeDocker } from '../testing/docker-gate.js';
import { fixtureSocketPath, newRunId, removeTestContainers, startTestContainer, TEST_LABEL, waitFor } from '../testing/docker-fixtures.js';

const runId = newRunId('agentos-e2e-mcp');
const TOKEN = 'e2e-mcp-token';

describeDocker('Docker MCP server on the real engine', () => {
  let slack: HttpReceiver;
  let server: DockerMcpServer;
  let client: Client;
  let app: { id: string; name: string };

  beforeAll(async () => {
    slack = await startSlackReceiver();
    app = await startTestContainer({ runId, name: `${runId}-app`, cmd: ['sh', '-c', 'echo "API_KEY=sk-live-abc123"; exec sleep 3600'] });
    server = createDockerMcpServer({
      docker: { hosts: [{ name: 'local', socketPath: fixtureSocketPath() }] },
      slack: { webhookUrl: slack.url, defaultChannel: '#ops' },
      sanitizer: { sanitize: async () => ({ verdict: 'safe' }) },
    });
    const handle = await server.listen({ transport: 'http', token: TOKEN });
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(handle.url!), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
    await slack?.close();
    await removeTestContainers(runId);
  });

  it('lists the real container, blocks slack_notify after docker_logs, and blocks docker_exec', async () => {
    const list = await client.callTool({ name: 'docker_list', arguments: { labels: { [TEST_LABEL]: runId } } });
    expect(list.structuredContent).toMatchObject({ count: 1, containers: [{ id: app.id, name: app.name, host: 'local', state: 'running' }] });

    await waitFor('app to log', async () => (await server.docker.defaultHost.logs(app.name)).text.includes('API_KEY') || undefined);
    const logs = await client.callTool({ name: 'docker_logs', arguments: { container: app.name } });
    expect(logs._meta).toEqual({ 'agentos/trust': 'untrusted' });
    expect((logs.structuredContent as { stdout: string }).stdout).toBe('API_KEY=sk-live-abc123\n');
    const before = slack.received.length;
    const notify = await client.callTool({ name: 'slack_notify', arguments: { text: 'summary of the logs' } });
    expect(notify.isError).toBe(true);
    expect(((notify as CallToolResult).content[0] as { text: string }).text).toContain('Blocked by policy slack_notify');
    expect(slack.received.length).toBe(before);

    const exec = await client.callTool({ name: 'docker_exec', arguments: { container: app.name, cmd: ['id'] } });
    expect(exec.isError).toBe(true);
    expect(((exec as CallToolResult).content[0] as { text: string }).text).toMatch(/^Blocked by policy docker_exec \(block_always\)/);
  });
});
