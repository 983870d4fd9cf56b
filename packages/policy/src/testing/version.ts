/**
 * The package version, for `agentos-policy --version`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Replaced with the version from package.json by tsup (see tsup.config.ts).
declare const __AGENTOS_POLICY_VERSION__: string | undefined;

/**
 * The version of `@agentos/policy`.
 * @example packageVersion() // '0.1.0'
 */
export function packageVersion(): string {
  if (typeof __AGENTOS_POLICY_VERSION__ === 'string') return __AGENTOS_POLICY_VERSION__;
  // Running from the TypeScript sources: read the package's own package.json.
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 5; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@agentos/policy' && pkg.version) return pkg.version;
      } catch {
        // no package.json here: keep walking up
      }
      dir = dirname(dir);
    }
  } catch {
    // import.meta.url unavailable
  }
  return 'unknown';
}
