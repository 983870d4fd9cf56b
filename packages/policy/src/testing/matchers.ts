/**
 * Custom matchers for vitest (or jest) over simulated steps:
 * `expect(run.step('notify')).toBeBlocked('untrusted')`.
 *
 * The matchers are plain functions of the `{ isNot }` matcher shape, so this
 * module never imports vitest: install them with
 * {@link installPolicyMatchers}.
 * @module
 */
import type { SimulatedStep } from '../simulate.js';
// Type-only: erased from the JavaScript, so vitest stays an optional peer.
// It lets the `declare module 'vitest'` augmentation below resolve.
import type {} from 'vitest';

/** The part of a test framework's matcher context the matchers use. */
export interface MatcherContext {
  isNot: boolean;
}

/** What a matcher returns (the shape vitest and jest expect). */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

/** The matchers, as TypeScript sees them on `expect(step)`. */
export interface PolicyMatchers<R = void> {
  /** The call was blocked (`verdict: 'block'`); with `reason`, the reason contains it (case-insensitive). */
  toBeBlocked(reason?: string): R;
  /** The call was allowed to run. */
  toBeAllowed(): R;
  /** The call needs a person's approval. */
  toRequireApproval(): R;
  /** The step did not run (its condition was false or a dependency did not finish). */
  toBeSkipped(): R;
  /** The tool ran and its output is untrusted. */
  toHaveUntrustedOutput(): R;
  /** The tool ran and its output is trusted. */
  toHaveTrustedOutput(): R;
  /** The tool ran but its output was withheld (`block_always`, or the sanitizer did not say SAFE). */
  toHaveBlockedOutput(): R;
  /** The context was untrusted because of exactly these steps (any order). */
  toHaveSources(steps: string[]): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Assertion<T = any> extends PolicyMatchers<void> {}
}

function asStep(received: unknown, matcher: string): SimulatedStep {
  const r = received as Partial<SimulatedStep> | null;
  if (r === null || typeof r !== 'object' || typeof r.id !== 'string' || typeof r.verdict !== 'string' || !Array.isArray(r.sources)) {
    throw new TypeError(`${matcher}() expects a simulated step, such as simulate(policies, scenario).step('notify'); got ${describeValue(received)}`);
  }
  return r as SimulatedStep;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  try {
    const text = JSON.stringify(v);
    return text && text.length > 80 ? `${text.slice(0, 77)}…` : String(text);
  } catch {
    return typeof v;
  }
}

const VERDICT_WORDS: Record<SimulatedStep['verdict'], string> = {
  allow: 'allowed',
  block: 'blocked',
  require_approval: 'waiting for approval',
  skipped: 'skipped',
};

/** The step as people read it, for failure messages. */
export function describeStep(step: SimulatedStep): string {
  return [
    `  verdict: ${step.verdict}`,
    `  output:  ${step.output ?? 'none (the tool did not run)'}`,
    `  reason:  ${step.reason}`,
    `  sources: ${step.sources.length ? step.sources.join(', ') : '(none)'}`,
  ].join('\n');
}

function result(ctx: MatcherContext, step: SimulatedStep, pass: boolean, want: string, actual: unknown, expected: unknown): MatcherResult {
  const who = `step "${step.id}" (${step.tool})`;
  return {
    pass,
    actual,
    expected,
    message: () =>
      ctx.isNot
        ? `expected ${who} not to ${want}, but it did:\n${describeStep(step)}`
        : `expected ${who} to ${want}, but it was ${VERDICT_WORDS[step.verdict]}${step.verdict !== 'block' && step.verdict !== 'skipped' ? ` with ${step.output ?? 'no'} output` : ''}:\n${describeStep(step)}`,
  };
}

function verdictMatcher(verdict: SimulatedStep['verdict'], want: string, name: string) {
  return function (this: MatcherContext, received: unknown): MatcherResult {
    const step = asStep(received, name);
    return result(this, step, step.verdict === verdict, want, step.verdict, verdict);
  };
}

function outputMatcher(output: 'trusted' | 'untrusted' | 'blocked', want: string, name: string) {
  return function (this: MatcherContext, received: unknown): MatcherResult {
    const step = asStep(received, name);
    return result(this, step, step.output === output, want, step.output, output);
  };
}

/**
 * The matcher functions, for `expect.extend(policyMatchers)`.
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { policyMatchers } from '@agentos/policy/testing';
 * expect.extend(policyMatchers);
 * ```
 */
export const policyMatchers = {
  toBeBlocked(this: MatcherContext, received: unknown, reason?: string): MatcherResult {
    const step = asStep(received, 'toBeBlocked');
    const blocked = step.verdict === 'block';
    const reasonOk = reason === undefined || step.reason.toLowerCase().includes(reason.toLowerCase());
    const want = reason === undefined ? 'be blocked' : `be blocked with a reason containing "${reason}"`;
    return result(this, step, blocked && reasonOk, want, step.verdict, 'block');
  },
  toBeAllowed: verdictMatcher('allow', 'be allowed', 'toBeAllowed'),
  toRequireApproval: verdictMatcher('require_approval', 'require approval', 'toRequireApproval'),
  toBeSkipped: verdictMatcher('skipped', 'be skipped', 'toBeSkipped'),
  toHaveUntrustedOutput: outputMatcher('untrusted', 'have untrusted output', 'toHaveUntrustedOutput'),
  toHaveTrustedOutput: outputMatcher('trusted', 'have trusted output', 'toHaveTrustedOutput'),
  toHaveBlockedOutput: outputMatcher('blocked', 'have its output blocked', 'toHaveBlockedOutput'),
  toHaveSources(this: MatcherContext, received: unknown, steps: string[]): MatcherResult {
    const step = asStep(received, 'toHaveSources');
    if (!Array.isArray(steps)) throw new TypeError(`toHaveSources() expects an array of step ids; got ${describeValue(steps)}`);
    const want = [...new Set(steps)].sort();
    const pass = want.join('\u0000') === step.sources.join('\u0000');
    return result(this, step, pass, `have sources [${want.join(', ')}]`, step.sources, want);
  },
};

/**
 * Install the matchers on a test framework's `expect` (vitest or jest).
 * @example
 * ```ts
 * import { expect, test } from 'vitest';
 * import { installPolicyMatchers, simulate } from '@agentos/policy/testing';
 * installPolicyMatchers(expect);
 * test('logs never reach slack', () => {
 *   const run = simulate(policies, { steps });
 *   expect(run.step('notify')).toBeBlocked('untrusted');
 * });
 * ```
 */
export function installPolicyMatchers(expect: { extend(matchers: Record<string, (...args: never[]) => unknown>): void }): void {
  expect.extend(policyMatchers as unknown as Record<string, (...args: never[]) => unknown>);
}
