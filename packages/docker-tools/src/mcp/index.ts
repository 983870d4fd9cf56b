/**
 * The Docker MCP server (`createDockerMcpServer`) and the
 * `agentos-docker-mcp` command (`runCli`).
 * @module
 */
export * from './docker-mcp-server.js';
export { runCli, CLI_VERSION, type CliIo, type CliOutcome, type CliExit, type CliServing } from './run-cli.js';
export { parseCliArgs, parseDockerHostArg, CliUsageError, USAGE, type CliPlan } from './cli-args.js';
