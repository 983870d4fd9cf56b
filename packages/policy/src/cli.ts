#!/usr/bin/env node
/**
 * The `agentos-policy` bin: `agentos-policy test <file…>`, `check`, `explain`.
 * All logic is in {@link runCli} (`@agentos/policy/testing`).
 * @module
 */
import { runCli } from './testing/cli.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`agentos-policy: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
