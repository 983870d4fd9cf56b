import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __AGENTOS_POLICY_VERSION__: JSON.stringify(version) };

export default defineConfig([
  {
    entry: { index: 'src/index.ts', format: 'src/format.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // The cli build below runs at the same time: leave its files alone.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'node20',
    define,
  },
  {
    // The bin: ESM only; esbuild keeps the `#!/usr/bin/env node` line and tsup makes the file executable.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    define,
  },
]);
