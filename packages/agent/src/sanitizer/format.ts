/**
 * One-line rendering of sanitizer verdicts for logs and terminals.
 * @module
 */
import { SANITIZER_ACTION, type SanitizerRecord } from './dual-llm.js';

/**
 * Render a sanitizer record as one line, the way the violation log shows it.
 * Flagged: `⚠️ Sanitized — dual LLM applied · Detected: Potential prompt injection attempt`.
 * Safe: `✅ Sanitized — dual LLM applied · Verdict: safe`. Cached verdicts end with ` · cached`.
 * @example
 * ```ts
 * const sanitizer = createDualLlmSanitizer({ judges, onVerdict: (r) => console.log(formatSanitizerLine(r)) });
 * ```
 */
export function formatSanitizerLine(record: Pick<SanitizerRecord, 'verdict' | 'detected'> & { cached?: boolean }): string {
  const tail = record.cached ? ' · cached' : '';
  if (record.verdict === 'safe') return `✅ ${SANITIZER_ACTION} · Verdict: safe${tail}`;
  return `⚠️ ${SANITIZER_ACTION} · Detected: ${record.detected ?? 'Suspicious content'}${tail}`;
}
