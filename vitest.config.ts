import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index.ts') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}`, import.meta.url));

// Tests run against the TypeScript sources, so `npm test` needs no build.
export default defineConfig({
  // React widgets use the automatic JSX runtime.
  esbuild: { jsx: 'automatic' },
  resolve: {
    alias: [
      { find: /^@agentos\/policy\/format$/, replacement: src('policy', 'format.ts') },
      { find: /^@agentos\/policy\/testing$/, replacement: src('policy', 'testing/index.ts') },
      { find: /^@agentos\/policy$/, replacement: src('policy') },
      { find: /^@agentos\/core\/testing$/, replacement: src('core', 'testing/index.ts') },
      { find: /^@agentos\/core$/, replacement: src('core') },
      { find: /^@agentos\/docker-tools\/testing$/, replacement: src('docker-tools', 'testing/index.ts') },
      { find: /^@agentos\/docker-tools$/, replacement: src('docker-tools') },
      { find: /^@agentos\/agent\/testing$/, replacement: src('agent', 'testing/index.ts') },
      { find: /^@agentos\/agent$/, replacement: src('agent') },
      { find: /^@agentos\/react-ui$/, replacement: src('react-ui') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'examples/*/src/**/*.test.{ts,tsx}', 'examples/*/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
