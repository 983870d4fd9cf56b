import { defineConfig } from 'vitest/config';

// This example runs like a user's own project: against the built @agentos/policy package.
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
