#!/usr/bin/env node
/**
 * The `agentos-docker-mcp` bin: the Docker tools and core's sinks behind the
 * recommended policies, as an MCP server over stdio (default) or
 * Streamable HTTP (`--http`). See `agentos-docker-mcp --help`.
 * @module
 */
import { runCli } from './mcp/run-cli.js';

async function main(): Promise<void> {
  const outcome = await runCli(process.argv.slice(2));
  if (outcome.kind === 'exit') {
    process.exitCode = outcome.code;
    return;
  }
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    outcome
      .stop()
      .catch((e: unknown) => {
        process.stderr.write(`agentos-docker-mcp: error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
        code = 1;
      })
      .finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  // On stdio the client owns our stdin: when it closes it, the session is over.
  if (outcome.transport === 'stdio') process.stdin.once('end', () => stop(0));
}

void main();
