#!/usr/bin/env node
// The `agentos-docker-mcp` command. A committed shim (so npm links it at install time, before
// any build); the server itself is the built dist/cli.js.
import('../dist/cli.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('agentos-docker-mcp: the package is not built (run `npm run build` in the AgentOS repository).');
    process.exit(2);
  }
  throw e;
});
