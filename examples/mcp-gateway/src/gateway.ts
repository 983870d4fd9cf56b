/**
 * An MCP gateway: connects an upstream MCP server into an AgentOS registry
 * and serves it again, every call behind AgentOS policies, with taint tracked
 * per client session (read an untrusted note → sharing is blocked).
 *
 *   npm start -w @agentos/example-mcp-gateway                       # stdio, for Claude Desktop
 *   npm start -w @agentos/example-mcp-gateway -- --http --port 8808  # Streamable HTTP, token from AGENTOS_MCP_TOKEN
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRuntime, serveMcp, ToolRegistry, type McpServerHandle } from '@agentos/core';
import { parsePolicies } from '@agentos/policy';

/** Where the upstream server is and how to serve the gateway. */
export interface GatewayOptions {
  upstream: { name: string; command: string; args: string[] };
  policiesFile: string;
  transport: { transport: 'stdio' } | { transport: 'http'; port: number; token: string };
}

/** Start the gateway; returns the MCP server handle and a close function. */
export async function startGateway(options: GatewayOptions): Promise<{ mcp: McpServerHandle; close(): Promise<void> }> {
  const registry = new ToolRegistry();
  await registry.connectMcp(options.upstream);
  const policies = parsePolicies(readFileSync(options.policiesFile, 'utf8'), options.policiesFile);
  const runtime = createRuntime({ registry, policies });
  runtime.on('violation', (v) => process.stderr.write(`[gateway] ⛔ ${v.tool}: ${v.reason}\n`));
  const mcp = await serveMcp(runtime, options.transport, { name: 'agentos-gateway', workflowName: 'MCP gateway' });
  return {
    mcp,
    close: async () => {
      await mcp.close();
      await runtime.close();
    },
  };
}

export const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The upstream server this example ships with (any stdio MCP server works). */
export const exampleUpstream = () => ({ name: 'notes', command: process.execPath, args: ['--import', 'tsx', here('./upstream-server.ts')] });

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const http = process.argv.includes('--http');
  const port = Number(process.argv[process.argv.indexOf('--port') + 1] ?? 8808) || 8808;
  const token = process.env.AGENTOS_MCP_TOKEN;
  if (http && !token) {
    console.error('Set AGENTOS_MCP_TOKEN to the bearer token clients must send (the gateway never serves HTTP without one).');
    process.exit(2);
  }
  const gw = await startGateway({
    upstream: exampleUpstream(),
    policiesFile: here('../policies.yaml'),
    transport: http ? { transport: 'http', port, token: token! } : { transport: 'stdio' },
  });
  if (http) console.error(`[gateway] serving on ${gw.mcp.url}`);
  process.on('SIGINT', () => void gw.close().then(() => process.exit(0)));
}
