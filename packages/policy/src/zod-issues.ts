/**
 * Turn zod issues into `path: message` lines users can act on.
 * @internal
 */
import type { z } from 'zod';
import { formatPath, type ErrorPath } from './errors.js';

/** One problem in an input, with its path. */
export interface InputIssue {
  path: string;
  message: string;
}

/** Zod issues → `{ path, message }` with `expected one of …` for enums. */
export function describeZodIssues(error: z.ZodError, prefix: ErrorPath = []): InputIssue[] {
  const out: InputIssue[] = [];
  const walk = (issues: ReadonlyArray<z.core.$ZodIssue>, base: ErrorPath) => {
    for (const issue of issues) {
      const path = [...base, ...(issue.path as Array<string | number>)];
      if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        // Report the branch that got furthest (most path segments).
        const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
        walk(best, path);
        continue;
      }
      let message = issue.message;
      if (issue.code === 'invalid_value') {
        message = `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
      } else if (issue.code === 'unrecognized_keys') {
        message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      } else if (issue.code === 'invalid_type' && message.startsWith('Invalid input')) {
        message = `expected ${issue.expected}`;
      }
      out.push({ path: formatPath(path), message });
    }
  };
  walk(error.issues, prefix);
  return out;
}

function depth(issues: ReadonlyArray<z.core.$ZodIssue>): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/** `a: x; b: y` for an error message. */
export function issuesToText(issues: ReadonlyArray<InputIssue>): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}
