/**
 * Self-check, run in CI: a real MCP client talks to the gateway over HTTP.
 * Exits non-zero on any wrong result.
 */
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { exampleUpstream, here, startGateway } from './gateway.js';

const token = 'example-token';
const gw = await startGateway({ upstream: exampleUpstream(), policiesFile: here('../policies.yaml'), transport: { transport: 'http', port: 0, token } });
const connect = async () => {
  const client = new Client({ name: 'check', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gw.mcp.url!), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
};
const text = (r: object) => (('content' in r ? (r.content as Array<{ text?: string }>) : []) ?? []).map((c) => c.text ?? '').join('');

try {
  const client = await connect();
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), ['notes.delete', 'notes.list', 'notes.read', 'notes.share']);

  // Trusted data first: sharing is allowed.
  const listed = await client.callTool({ name: 'notes.list', arguments: {} });
  assert.match(text(listed), /release-plan/);
  const shared = await client.callTool({ name: 'notes.share', arguments: { title: 'release-plan', url: 'https://team.example.com' } });
  assert.equal(shared.isError, undefined, text(shared));

  // Reading a note (untrusted) taints the session: sharing is now blocked.
  const read = await client.callTool({ name: 'notes.read', arguments: { title: 'incident' } });
  assert.match(text(read), /IGNORE ALL PREVIOUS INSTRUCTIONS/);
  const leak = await client.callTool({ name: 'notes.share', arguments: { title: 'incident', url: 'https://paste.example.net' } });
  assert.equal(leak.isError, true);
  assert.match(text(leak), /Blocked by policy .*untrusted data context/);

  // Always blocked, whatever the session saw.
  const fresh = await connect();
  const del = await fresh.callTool({ name: 'notes.delete', arguments: { title: 'incident' } });
  assert.equal(del.isError, true);
  assert.match(text(del), /always blocked/);
  await client.close();
  await fresh.close();
  console.log('mcp-gateway: 4 checks passed');
} finally {
  await gw.close();
}
