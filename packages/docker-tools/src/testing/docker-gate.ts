/**
 * Test-only helper (imports vitest): describe a block that needs the real
 * Docker engine. In CI (`process.env.CI`) a missing engine FAILS loudly;
 * locally the block is skipped with a clear message.
 * @module
 */
import { describe, it } from 'vitest';
import { dockerAvailable } from './docker-fixtures.js';

const availability = await dockerAvailable();

/**
 * `describe` for real-engine tests.
 * @example
 * ```ts
 * describeDocker('real engine', () => { it('lists', async () => { … }); });
 * ```
 */
export function describeDocker(name: string, body: () => void): void {
  if (availability.ok) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs a reachable Docker engine', () => {
        throw new Error(`Docker is required in CI but unavailable: ${availability.reason}`);
      });
    });
    return;
  }
  console.warn(`[agentos] skipping "${name}": ${availability.reason}`);
  describe.skip(name, body);
}
