/**
 * Build the front end when it is missing or older than its sources, so
 * `npm start` works on a fresh clone and after an edit.
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const DIST_INDEX = path.join(APP_DIR, 'dist', 'index.html');
/** What the built page depends on. */
const SOURCES = [
  path.join(APP_DIR, 'index.html'),
  path.join(APP_DIR, 'vite.config.ts'),
  path.join(APP_DIR, 'public'),
  path.join(APP_DIR, 'src', 'web'),
  path.join(APP_DIR, '..', '..', 'packages', 'react-ui', 'src'),
];

async function newestMtime(p: string): Promise<number> {
  const info = await stat(p).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(p, { withFileTypes: true });
  let newest = info.mtimeMs;
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(path.join(p, e.name)));
  }
  return newest;
}

/**
 * Why the front end needs a build, or null when `dist/` is up to date.
 * @example
 * ```ts
 * const why = await frontEndBuildReason();
 * if (why) await buildFrontEnd();
 * ```
 */
export async function frontEndBuildReason(): Promise<string | null> {
  const built = await stat(DIST_INDEX).catch(() => null);
  if (!built) return 'dist/index.html is missing';
  for (const src of SOURCES) {
    if ((await newestMtime(src)) > built.mtimeMs) return `${path.relative(APP_DIR, src)} changed since the last build`;
  }
  return null;
}

/**
 * Run `vite build` with this example's config.
 * @example await buildFrontEnd();
 */
export async function buildFrontEnd(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(APP_DIR, 'vite.config.ts'), logLevel: 'warn' });
}
