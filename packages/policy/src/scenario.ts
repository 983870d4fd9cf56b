/**
 * Scenarios: a workflow's steps with the outputs they would produce, run
 * through the engine without running any tool. Pure: file reading lives in
 * the CLI and in `@agentos/policy/testing`.
 * @module
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { ScenarioLoadError } from './errors.js';
import { definePolicies, type PolicySet, type PolicySetLike } from './policy-set.js';
import { TaintModeSchema, WhenSchema } from './taint.js';
import { describeZodIssues, issuesToText } from './zod-issues.js';

/** Step ids: letters, digits, `_` and `-`, starting with a letter or `_`. */
export const StepIdSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a step id holds letters, digits, _ and -, and starts with a letter or _');

/** The verdicts a scenario step can expect: `allow`, `block`, `require_approval` or `skipped`. */
export const ExpectedVerdictSchema = z.enum(['allow', 'block', 'require_approval', 'skipped']);

/** What a step is expected to do: a verdict, or an object with any of its parts. */
export const ExpectSchema = z.union([
  ExpectedVerdictSchema,
  z.strictObject({
    verdict: ExpectedVerdictSchema.optional(),
    output: z.enum(['trusted', 'untrusted', 'blocked']).optional(),
    /** Case-insensitive substring of the decision's reason. */
    reason: z.string().optional(),
    /** Step ids whose untrusted data made the context untrusted, in any order. */
    sources: z.array(z.string()).optional(),
  }),
]);
/** A step's expectation, e.g. `'allow'` or `{ verdict: 'block', sources: ['logs'], reason: 'untrusted' }`. */
export type Expect = z.infer<typeof ExpectSchema>;

/** One step of a scenario: a tool call, the output the tool would return, and what is expected. */
export const ScenarioStepSchema = z.strictObject({
  id: StepIdSchema,
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).optional(),
  /** What the tool would return. */
  output: z.unknown().optional(),
  when: z.union([WhenSchema, z.array(WhenSchema).min(1)]).optional(),
  after: z.array(StepIdSchema).optional(),
  /** The sanitizer's verdict, for steps whose output must be sanitized. */
  sanitizer: z.enum(['safe', 'suspicious', 'error', 'timeout', 'unavailable']).optional(),
  expect: ExpectSchema.optional(),
});
/**
 * One step of a scenario (see {@link ScenarioStepSchema}).
 * @example
 * ```ts
 * const logs: ScenarioStep = { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'DB_PASSWORD=hunter2', sanitizer: 'safe', expect: 'allow' };
 * ```
 */
export type ScenarioStep = z.infer<typeof ScenarioStepSchema>;

const PoliciesFieldSchema = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);

/** One named scenario: its steps, and optionally its own policies and taint mode. */
export const ScenarioSchema = z.strictObject({
  name: z.string().min(1),
  /** A path relative to the file, or an inline policy set (either form). */
  policies: PoliciesFieldSchema.optional(),
  mode: TaintModeSchema.optional(),
  steps: z.array(ScenarioStepSchema).min(1, 'a scenario needs at least one step'),
});
/**
 * One named scenario (see {@link ScenarioSchema}).
 * @example
 * ```ts
 * const scenario: Scenario = {
 *   name: 'logs to slack is blocked',
 *   steps: [
 *     { id: 'logs', tool: 'docker_logs', output: 'DB_PASSWORD=hunter2', sanitizer: 'safe' },
 *     { id: 'notify', tool: 'slack_notify', args: { text: '{{ logs }}' }, expect: { verdict: 'block', sources: ['logs'] } },
 *   ],
 * };
 * ```
 */
export type Scenario = z.infer<typeof ScenarioSchema>;

/** A scenario file (`*.scenario.yaml`): policies (a path or an inline set), a taint mode and the scenarios. */
export const ScenarioFileSchema = z.strictObject({
  policies: PoliciesFieldSchema.optional(),
  mode: TaintModeSchema.optional(),
  scenarios: z.array(ScenarioSchema).min(1, 'a scenario file needs at least one scenario'),
});
/** A parsed scenario file (see {@link ScenarioFileSchema}); read one with {@link parseScenarioFile}. */
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

/** A scenario ready to simulate: its policies resolved. */
export interface LoadedScenario extends Scenario {
  policySet: PolicySet;
  mode: 'dataflow' | 'context';
}

/** How to turn a `policies: ./file.yaml` reference into a policy set. */
export type PolicyResolver = (reference: string) => PolicySet;

/**
 * Parse a scenario file's text. `resolvePolicies` loads `policies: <path>`
 * references (the CLI reads them relative to the scenario file).
 * @example
 * ```ts
 * const scenarios = parseScenarioFile(text, { source: 'logs.scenario.yaml', resolvePolicies: (p) => parsePolicies(readFileSync(p, 'utf8')) });
 * ```
 */
export function parseScenarioFile(text: string, options: { source?: string; resolvePolicies?: PolicyResolver } = {}): LoadedScenario[] {
  const source = options.source ?? 'scenario';
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const pos = e instanceof YAMLParseError ? e.linePos?.[0] : undefined;
    throw new ScenarioLoadError(`${source}${pos ? `:${pos.line}:${pos.col}` : ''}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  return loadScenarios(data, { ...options, source });
}

/** Validate an already-parsed scenario file object. */
export function loadScenarios(data: unknown, options: { source?: string; resolvePolicies?: PolicyResolver } = {}): LoadedScenario[] {
  const source = options.source ?? 'scenario';
  const parsed = ScenarioFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error);
    throw new ScenarioLoadError(`${source}: ${issuesToText(issues)}`, { details: { issues } });
  }
  const file = parsed.data;
  const cache = new Map<string, PolicySet>();
  // `where` is the path of the `policies` field that is used: `policies` (the file's) or `scenarios[2].policies`.
  const resolve = (value: string | Record<string, unknown> | undefined, where: string): PolicySet => {
    if (value === undefined) throw new ScenarioLoadError(`${source}: ${where}: no policies: set "policies" on the file or the scenario`);
    if (typeof value !== 'string') {
      try {
        return definePolicies(value as PolicySetLike);
      } catch (e) {
        throw new ScenarioLoadError(`${source}: ${where}: ${(e as Error).message}`, { cause: e });
      }
    }
    const hit = cache.get(value);
    if (hit) return hit;
    if (!options.resolvePolicies) throw new ScenarioLoadError(`${source}: ${where}: cannot load "${value}" here; pass resolvePolicies or inline the policies`);
    let set: PolicySet;
    try {
      set = options.resolvePolicies(value);
    } catch (e) {
      throw new ScenarioLoadError(`${source}: ${where}: ${(e as Error).message}`, { cause: e });
    }
    cache.set(value, set);
    return set;
  };
  return file.scenarios.map((s, i) => {
    const where = `scenarios[${i}]`;
    const ids = new Set<string>();
    s.steps.forEach((step, j) => {
      if (ids.has(step.id)) throw new ScenarioLoadError(`${source}: ${where}.steps[${j}].id: duplicate step id "${step.id}"`);
      (step.after ?? []).forEach((dep, k) => {
        if (!ids.has(dep)) {
          throw new ScenarioLoadError(`${source}: ${where}.steps[${j}].after[${k}]: "${dep}" is not an earlier step of this scenario`);
        }
      });
      ids.add(step.id);
    });
    return {
      ...s,
      policySet: resolve(s.policies ?? file.policies, s.policies !== undefined ? `${where}.policies` : file.policies !== undefined ? 'policies' : where),
      mode: s.mode ?? file.mode ?? 'dataflow',
    };
  });
}
