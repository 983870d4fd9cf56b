/**
 * The Docker MCP server with the MCP SDK's real client over Streamable HTTP,
 * on the in-memory host, with a real local Slack receiver.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSlackReceiver, type HttpReceiver } from '@agentos/core/testing';
import type { Sanitizer } from '@agentos/policy';
import { createMemoryHost, type MemoryDockerHost } from '../host/memory-host.js';
import { DOCKER_TOOL_NAMES } from '../tools/trust.js';
import { createDockerMcpServer, type DockerMcpServer, type DockerMcpServerOptions } from './docker-mcp-server.js';

const TOKEN = 'docker-mcp-test-token';
const SECRET = 'DB_PASSWORD=hunter2';
const safe: Sanitizer = { sanitize: async () => ({ verdict: 'safe' }) };

let slack: HttpReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(() => slack.close());

let server: DockerMcpServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

const textOf = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

async function start(options: Partial<DockerMcpServerOptions> = {}) {
  const execs: string[][] = [];
  const host: MemoryDockerHost = createMemoryHost({
    name: 'demo',
    containers: [{ name: 'db', image: 'postgres:16', healthcheck: true, logs: `ready\n${SECRET}\n` }],
    onExec: ({ cmd }) => {
      execs.push(cmd);
      return { stdout: 'ran\n' };
    },
  });
  server = createDockerMcpServer({ docker: { hosts: [host] }, slack: { webhookUrl: slack.url, defaultChannel: '#ops' }, ...options });
  const handle = await server.listen({ transport: 'http', token: TOKEN });
  return { host, execs, url: handle.url! };
}

async function connect(url: string, token = TOKEN) {
  const client = new Client({ name: 'docker-mcp-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

describe('createDockerMcpServer over Streamable HTTP', () => {
  it('binds to 127.0.0.1 and lists the Docker tools and the configured sinks, with MCP annotations', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await connect(url);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([...DOCKER_TOOL_NAMES, 'slack_notify']);
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('docker_list')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.get('docker_restart')?.annotations).toMatchObject({ destructiveHint: true });
    expect(byName.get('slack_notify')?.annotations).toMatchObject({ openWorldHint: true });
    expect(byName.get('docker_exec')?.inputSchema.properties).toHaveProperty('cmd');
  });

  it('requires the bearer token', async () => {
    const { url } = await start();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(res.status).toBe(401);
    await expect(connect(url, 'wrong-token')).rejects.toThrow();
  });

  it('refuses to serve HTTP without a token', async () => {
    server = createDockerMcpServer({ docker: { hosts: [createMemoryHost()] } });
    await expect(server.listen({ transport: 'http', token: '' })).rejects.toMatchObject({ code: 'MCP_CONFIG' });
  });

  it('docker_list works; its labels (third-party text) make the result untrusted for the session', async () => {
    const { url } = await start();
    const client = await connect(url);
    const r = await client.callTool({ name: 'docker_list', arguments: {} });
    expect(r.isError).toBeFalsy();
    expect(r._meta).toEqual({ 'agentos/trust': 'untrusted' });
    expect(r.structuredContent).toMatchObject({ count: 1, containers: [{ name: 'db', host: 'demo', state: 'running', health: 'healthy' }] });
  });

  it('docker_logs then slack_notify in the same session: the second is blocked and nothing reaches Slack', async () => {
    const { url } = await start({ sanitizer: safe });
    const before = slack.received.length;
    const client = await connect(url);
    const logs = await client.callTool({ name: 'docker_logs', arguments: { container: 'db' } });
    expect(logs.isError).toBeFalsy();
    expect(logs._meta).toEqual({ 'agentos/trust': 'untrusted' });
    expect((logs.structuredContent as { text: string }).text).toContain(SECRET);
    const notify = await client.callTool({ name: 'slack_notify', arguments: { text: 'db logs look fine' } });
    expect(notify.isError).toBe(true);
    expect(textOf(notify)).toMatch(/^Blocked by policy slack_notify \(block_when_context_is_untrusted\): .*Cannot send untrusted data externally.*The tool did not run\.$/);
    expect(slack.received.length).toBe(before);
    const [violation] = await server!.runtime.violations.list({ tool: 'slack_notify' });
    expect(violation).toMatchObject({ tool: 'slack_notify', verdict: 'block', sources: [expect.objectContaining({ tool: 'docker_logs' })] });
    expect(violation!.workflow).toMatch(/^MCP session/);

    // Another MCP session has seen nothing untrusted: it may notify.
    const other = await connect(url);
    const sent = await other.callTool({ name: 'slack_notify', arguments: { text: 'status report: all good' } });
    expect(sent.isError).toBeFalsy();
    expect(slack.received.at(-1)?.body).toMatchObject({ channel: '#ops', text: 'status report: all good' });
  });

  it('without a sanitizer, docker_logs output is withheld under the recommended policies (fail secure)', async () => {
    const { url } = await start();
    const client = await connect(url);
    const logs = await client.callTool({ name: 'docker_logs', arguments: { container: 'db' } });
    expect(logs.isError).toBe(true);
    expect(textOf(logs)).toMatch(/^docker_logs ran, but its output was withheld: Output blocked: no sanitizer is configured/);
    expect(textOf(logs)).not.toContain(SECRET);
  });

  it('docker_exec is blocked always: in a fresh session, on a trusted context, and it never runs', async () => {
    const { url, execs } = await start();
    const client = await connect(url);
    const r = await client.callTool({ name: 'docker_exec', arguments: { container: 'db', cmd: ['cat', '/etc/shadow'] } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Blocked by policy docker_exec \(block_always\): .*shell injection risk.*The tool did not run\.$/);
    expect(execs).toEqual([]);
  });

  it('a failing Docker call is a tool error with the typed code', async () => {
    const { url } = await start();
    const client = await connect(url);
    const r = await client.callTool({ name: 'docker_status', arguments: { container: 'ghost' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('docker_status failed (DOCKER_CONTAINER_NOT_FOUND): no such container "ghost" on host "demo"');
  });

  it('policies can be replaced: with docker_exec allowed, exec runs', async () => {
    const { url, execs } = await start({ policies: { docker_exec: 'allow + mark_as_untrusted' } });
    const client = await connect(url);
    const r = await client.callTool({ name: 'docker_exec', arguments: { container: 'db', cmd: ['echo', 'hi'] } });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ exitCode: 0, stdout: 'ran\n' });
    expect(execs).toEqual([['echo', 'hi']]);
  });
});
