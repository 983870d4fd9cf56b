/**
 * Human-readable reports of scenario runs: ✓/✗ per scenario and, for every
 * step that differs from its `expect`, expected vs actual with the step's
 * reason and sources.
 * @module
 */
import type { ExpectationMismatch, SimulatedStep } from '../simulate.js';
import type { ScenarioFileResult, ScenarioResult } from './run.js';

/** ANSI styling, or none. */
export interface Style {
  green(s: string): string;
  red(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/** Colours on (`true`) or off (`false`). */
export function makeStyle(color: boolean): Style {
  if (!color) {
    const id = (s: string) => s;
    return { green: id, red: id, dim: id, bold: id };
  }
  return { green: ansi(32, 39), red: ansi(31, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
}

/** Options of {@link formatFileResult}. */
export interface ReportOptions {
  color?: boolean;
  /** Print only failing scenarios (used in assertion errors). */
  onlyFailures?: boolean;
}

const show = (v: unknown): string => {
  if (v === null) return 'none (the tool did not run)';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  return String(v);
};

/** The diff of one mismatching step. */
export function formatStepDiff(step: SimulatedStep, mismatches: ReadonlyArray<ExpectationMismatch>, style: Style = makeStyle(false), indent = '    '): string {
  const lines = [`${indent}step ${style.bold(step.id)} ${style.dim(`(${step.tool})`)}`];
  for (const m of mismatches) {
    const label = m.field === 'reason' ? 'reason (contains)' : m.field;
    lines.push(`${indent}  ${label}`);
    lines.push(`${indent}    ${style.green(`- expected: ${show(m.expected)}`)}`);
    lines.push(`${indent}    ${style.red(`+ actual:   ${show(m.actual)}`)}`);
  }
  lines.push(`${indent}  ${style.dim('verdict:')} ${step.verdict}  ${style.dim('output:')} ${step.output ?? 'none'}`);
  if (!mismatches.some((m) => m.field === 'reason')) lines.push(`${indent}  ${style.dim('reason: ')} ${step.reason}`);
  lines.push(`${indent}  ${style.dim('sources:')} ${show(step.sources)}`);
  return lines.join('\n');
}

/** One scenario: `✓ name` or `✗ name` followed by its step diffs. */
export function formatScenarioResult(result: ScenarioResult, style: Style = makeStyle(false)): string {
  if (result.passed) return `  ${style.green('✓')} ${result.name}`;
  const lines = [`  ${style.red('✗')} ${result.name}`];
  const byStep = new Map<string, ExpectationMismatch[]>();
  for (const m of result.mismatches) byStep.set(m.step, [...(byStep.get(m.step) ?? []), m]);
  for (const [id, ms] of byStep) {
    const step = result.steps.find((s) => s.id === id);
    if (step) lines.push(formatStepDiff(step, ms, style));
  }
  return lines.join('\n');
}

/**
 * A whole file: its path, then every scenario.
 * @example
 * ```ts
 * console.log(formatFileResult(runScenarioFile('a.scenario.yaml'), { color: false }));
 * ```
 */
export function formatFileResult(result: ScenarioFileResult, options: ReportOptions = {}): string {
  const style = makeStyle(options.color ?? false);
  const shown = options.onlyFailures ? result.scenarios.filter((s) => !s.passed) : result.scenarios;
  return [style.bold(result.path), ...shown.map((s) => formatScenarioResult(s, style))].join('\n');
}

/** The summary line CI parsers read: exactly `N passed, N failed`. */
export function formatSummary(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}
