/**
 * Vite build of the monitor app's front end. `@agentos/react-ui` resolves to
 * the package's TypeScript source, so the app builds on a fresh clone without
 * building the package first. The built `index.html` carries a nonce
 * placeholder that the server replaces per request (see src/page-config.ts).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@agentos\/react-ui$/, replacement: here('../../packages/react-ui/src/index.ts') },
      { find: /^@agentos\/policy\/format$/, replacement: here('../../packages/policy/src/format.ts') },
    ],
    dedupe: ['react', 'react-dom'],
  },
  // Must match NONCE_PLACEHOLDER in src/page-config.ts.
  html: { cspNonce: 'AGENTOS_CSP_NONCE' },
  build: { outDir: here('dist'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  // `npx vite` for front-end work: the API comes from `npm start` (the page then asks for the token).
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8790' } },
});
