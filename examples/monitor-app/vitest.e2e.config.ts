/**
 * The monitor app's end-to-end tests: the real server on the real Docker
 * engine, driven in headless Chromium. Run with `npm run test:example`
 * (it builds the front end first). `@agentos/*` resolve to the package
 * sources, as in the root config.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index.ts') => fileURLToPath(new URL(`../../packages/${pkg}/src/${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@agentos\/policy$/, replacement: src('policy') },
      { find: /^@agentos\/core\/testing$/, replacement: src('core', 'testing/index.ts') },
      { find: /^@agentos\/core$/, replacement: src('core') },
      { find: /^@agentos\/docker-tools\/testing$/, replacement: src('docker-tools', 'testing/index.ts') },
      { find: /^@agentos\/docker-tools$/, replacement: src('docker-tools') },
    ],
  },
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
