/**
 * `agentos-docker-mcp`: the command in-process (runCli), and once as a real
 * child process over stdio with the MCP SDK's client.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, parseDockerHostArg, USAGE } from './cli-args.js';
import { runCli, type CliOutcome } from './run-cli.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agentos-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env, stdout: { write: (s: string) => out.push(s) } as never, stderr: { write: (s: string) => err.push(s) } },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

let running: CliOutcome | undefined;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  if (running?.kind === 'serving') await running.stop();
  running = undefined;
});

const textOf = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

describe('parseCliArgs', () => {
  it('parses --docker name=address into host configurations', () => {
    expect(parseDockerHostArg('local=unix:///var/run/docker.sock')).toEqual({ name: 'local', socketPath: '/var/run/docker.sock' });
    expect(parseDockerHostArg('prod=tcp://10.0.0.5:2375')).toEqual({ name: 'prod', host: '10.0.0.5', port: 2375 });
    expect(parseDockerHostArg('edge=ssh://ops@edge-1')).toEqual({ name: 'edge', sshUrl: 'ssh://ops@edge-1' });
    expect(parseDockerHostArg('env=env')).toEqual({ name: 'env', fromEnv: true });
    expect(parseDockerHostArg('demo=memory')).toEqual({ name: 'demo', kind: 'memory' });
    expect(() => parseDockerHostArg('prod')).toThrow(/expected name=address/);
    expect(() => parseDockerHostArg('prod=ftp://x')).toThrow(/unsupported address/);
  });

  it('reads the token and sinks from the environment, and rejects contradictions', () => {
    const plan = parseCliArgs(['--http', '--port', '0'], { AGENTOS_MCP_TOKEN: 'tok', SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/hook', SLACK_CHANNEL: '#ops', AGENTOS_WEBHOOK_ALLOWED_HOSTS: 'a.example, b.example' });
    expect(plan).toMatchObject({ transport: 'http', port: 0, bind: '127.0.0.1', token: 'tok', slack: { webhookUrl: 'http://127.0.0.1:9/hook', defaultChannel: '#ops' }, webhook: { allowedHosts: ['a.example', 'b.example'] } });
    expect(() => parseCliArgs(['--port', '80'], {})).toThrow(/only apply with --http/);
    expect(() => parseCliArgs(['--memory', '--docker', 'a=env'], {})).toThrow(/exclude each other/);
    expect(() => parseCliArgs(['--smtp-url', 'smtp://mail'], {})).toThrow(/needs both --smtp-url/);
    expect(() => parseCliArgs(['--bogus'], {})).toThrow(/Unknown option '--bogus'/);
  });
});

describe('runCli in-process', () => {
  it('--help prints the usage and exits 0', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toEqual({ kind: 'exit', code: 0 });
    expect(t.out()).toBe(USAGE);
    expect(USAGE).toContain('--policies <file.yaml>');
  });

  it('--http without a token exits 2 and says how to give one', async () => {
    const t = io();
    expect(await runCli(['--http', '--memory'], t.io)).toEqual({ kind: 'exit', code: 2 });
    expect(t.err()).toContain('--http needs a bearer token: pass --token <secret> or set AGENTOS_MCP_TOKEN');
    expect(t.out()).toBe('');
  });

  it('a broken policy file exits 2 naming the file and line', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'docker_exec: block_always\ndocker_logs: shout_loudly\n');
    const t = io();
    expect(await runCli(['--memory', '--policies', file], t.io)).toEqual({ kind: 'exit', code: 2 });
    expect(t.err()).toContain(file);
    expect(t.err()).toContain('unknown action "shout_loudly"');
  });

  it('--http --memory serves on 127.0.0.1 with the token from AGENTOS_MCP_TOKEN, and says the host is in memory', async () => {
    const t = io({ AGENTOS_MCP_TOKEN: 'cli-token' });
    running = await runCli(['--http', '--port', '0', '--memory'], t.io);
    expect(running.kind).toBe('serving');
    if (running.kind !== 'serving') return;
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(t.err()).toContain('host "demo": in-memory Docker host (no daemon)');
    expect(t.err()).toContain('policies: recommended');
    const client = new Client({ name: 'cli-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url!), { requestInit: { headers: { authorization: 'Bearer cli-token' } } }));
    clients.push(client);
    const list = await client.callTool({ name: 'docker_list', arguments: {} });
    expect((list.structuredContent as { containers: Array<{ name: string }> }).containers.map((c) => c.name).sort()).toEqual(['cache', 'db', 'web']);
  });

  it('--policies replaces the recommended policies', async () => {
    const file = join(dir, 'exec-ok.yaml');
    writeFileSync(file, 'docker_exec: allow + mark_as_untrusted\ndocker_status: allow\n');
    const t = io({ AGENTOS_MCP_TOKEN: 'cli-token' });
    running = await runCli(['--http', '--port', '0', '--memory', '--policies', file], t.io);
    if (running.kind !== 'serving') throw new Error(t.err());
    expect(t.err()).toContain(`policies: ${file}`);
    const client = new Client({ name: 'cli-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url!), { requestInit: { headers: { authorization: 'Bearer cli-token' } } }));
    clients.push(client);
    const r = await client.callTool({ name: 'docker_exec', arguments: { container: 'db', cmd: ['true'] } });
    // Not blocked: it ran (the demo host has no scripted exec, so the command is "not found").
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ exitCode: 127 });
  });

  it('serves stdio on the given streams', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const t = io();
    running = await runCli(['--memory'], { ...t.io, stdin, stdout });
    expect(running).toMatchObject({ kind: 'serving', transport: 'stdio' });
    const lines: string[] = [];
    stdout.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })}\n`);
    await expect.poll(() => lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: 1, result: { serverInfo: { name: 'agentos-docker' } } });
    expect(t.err()).toContain('serving on stdio');
  });
});

describe('agentos-docker-mcp as a child process over stdio', () => {
  it('lists tools, reads status, and blocks docker_exec', async () => {
    const client = new Client({ name: 'spawn-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', cliPath, '--memory'],
      cwd: repoRoot,
      env: { ...(process.env as Record<string, string>), TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json') },
      stderr: 'pipe',
    });
    const stderr: string[] = [];
    transport.stderr?.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
    await client.connect(transport);
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('health_check');
    const status = await client.callTool({ name: 'docker_status', arguments: { container: 'db' } });
    expect(status.structuredContent).toMatchObject({ name: 'db', host: 'demo', state: 'running' });
    const exec = await client.callTool({ name: 'docker_exec', arguments: { container: 'db', cmd: ['id'] } });
    expect(exec.isError).toBe(true);
    expect(textOf(exec)).toMatch(/^Blocked by policy docker_exec \(block_always\)/);
    expect(stderr.join('')).toContain('serving on stdio');
  }, 20_000);
});
