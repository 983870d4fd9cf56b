/**
 * The dual-LLM sanitizer: two independent judges must both say SAFE before an
 * output passes. Everything else (a SUSPICIOUS answer, disagreement, an
 * error, a timeout, a malformed answer, cancellation) is SUSPICIOUS.
 * @module
 */
import { AgentOSError } from '@agentos/policy';
import type { JudgeVerdict, SanitizeRequest, SanitizeResult, Sanitizer } from '@agentos/policy';
import { LlmOutputError, LlmRequestError, LlmTimeoutError, type Llm } from '../llm/index.js';
import { buildJudgeMessages, JUDGE_SCHEMA_NAME, JudgeAnswerSchema, sha256Hex, type JudgeCategory } from './judge-prompt.js';
import { VerdictCache, type VerdictCacheOptions } from './verdict-cache.js';

/** The action text of every sanitizer record. */
export const SANITIZER_ACTION = 'Sanitized — dual LLM applied';

/** What `detected` says for each category a judge can flag. */
export const DETECTED_LABELS: Readonly<Record<JudgeCategory, string>> = Object.freeze({
  prompt_injection: 'Potential prompt injection attempt',
  task_change: 'Attempt to change the task',
  secret: 'Possible secret or credential',
  other: 'Suspicious content',
  none: 'Suspicious content',
});

/**
 * One sanitizer verdict, ready for the violation log. Passed to `onVerdict`
 * for every call, safe or not, cached or not.
 */
export interface SanitizerRecord {
  kind: 'sanitized';
  action: typeof SANITIZER_ACTION;
  tool: string;
  step: string;
  verdict: 'safe' | 'suspicious';
  /** Why it was flagged; undefined when safe. */
  detected: string | undefined;
  judges: JudgeVerdict[];
  cached: boolean;
  /** When the verdict was given (epoch ms, from the `now` clock). */
  time: number;
  durationMs: number;
  contentSha256: string;
  contentChars: number;
}

/** Options of {@link createDualLlmSanitizer}. */
export interface DualLlmSanitizerOptions {
  /** Two independent models (ideally different models or providers). */
  judges: readonly [Llm, Llm];
  /** Limit for each judge's answer (per part). Default 15 000 ms. */
  timeoutMs?: number;
  /** Reuse verdicts for identical content. Default `{ ttlMs: 600_000, maxEntries: 1_000 }`; `false` turns it off. */
  cache?: VerdictCacheOptions | false;
  /** Clock for the cache and records. Default `Date.now`. */
  now?: () => number;
  /** Receives every verdict (e.g. to write the violation log). */
  onVerdict?: (record: SanitizerRecord) => void;
  /** Characters per judged part. Default 12 000. */
  maxContentChars?: number;
  /** Most parts judged; longer content is SUSPICIOUS without asking. Default 4. */
  maxParts?: number;
  /** Token limit of each judge answer. Default 256. */
  maxTokens?: number;
  /** Judge replies tried before an answer counts as malformed. Default 1 (no second chances). */
  maxAttempts?: number;
}

/**
 * A `Sanitizer` (the `@agentos/policy` interface the runtime calls) with a cache you can clear.
 * Made by {@link createDualLlmSanitizer}.
 * @example
 * ```ts
 * const sanitizer = createDualLlmSanitizer({ judges: [llmFromEnv('AGENTOS_JUDGE_A'), llmFromEnv('AGENTOS_JUDGE_B')] });
 * const runtime = createRuntime({ registry, policies: recommendedPolicies, sanitizer });
 * sanitizer.clearCache(); // e.g. after replacing a judge model
 * ```
 */
export interface DualLlmSanitizer extends Sanitizer {
  clearCache(): void;
}

type Outcome =
  | { kind: 'safe'; reason: string }
  | { kind: 'suspicious'; category: JudgeCategory; reason: string }
  | { kind: 'timeout' | 'malformed' | 'cancelled'; reason: string }
  | { kind: 'error'; reason: string; summary: string };

/** Characters shared by neighbouring parts, so a phrase cut at a border is seen whole once. */
const PART_OVERLAP = 200;

/**
 * Create the dual-LLM sanitizer used for `sanitize_with_dual_llm` outputs.
 *
 * - Both judges get the content as delimited data (never inside the system
 *   prompt) and answer `{ verdict, category, reason }` via `llm.structured`.
 * - They run in parallel; each is bounded by `timeoutMs` (its signal is
 *   aborted and the wait ends even if the judge ignores the signal).
 * - Both SAFE → `safe`. Anything else → `suspicious` (fail secure).
 * - Content longer than `maxContentChars` is judged in up to `maxParts`
 *   overlapping parts, one after another, stopping at the first part that is
 *   not safe; content that needs more parts is `suspicious`
 *   ("Content too large to judge") without calling the judges. Total time is
 *   bounded by `maxParts × timeoutMs`.
 * - Verdicts reached by both judges answering are cached by the content's
 *   sha256 (TTL, max entries); errors and timeouts are not cached.
 *
 * @example
 * ```ts
 * const sanitizer = createDualLlmSanitizer({
 *   judges: [createLlm({ baseURL, model: 'llama3.1' }), createLlm({ baseURL, model: 'qwen2.5' })],
 *   timeoutMs: 10_000,
 *   onVerdict: (r) => console.log(formatSanitizerLine(r)),
 * });
 * const r = await sanitizer.sanitize({ content: logs, tool: 'docker_logs', step: 'logs' });
 * if (r.verdict !== 'safe') console.log(r.detected); // "Potential prompt injection attempt"
 * ```
 */
export function createDualLlmSanitizer(options: DualLlmSanitizerOptions): DualLlmSanitizer {
  const judges = options.judges;
  if (!Array.isArray(judges) || judges.length !== 2 || judges.some((j) => typeof j?.structured !== 'function')) {
    throw new AgentOSError('SANITIZER_CONFIG', 'createDualLlmSanitizer needs exactly two judges (Llm objects)', {
      path: ['judges'],
      hint: 'pass { judges: [createLlm({ model: "a" }), createLlm({ model: "b" })] }',
    });
  }
  const timeoutMs = positive(options.timeoutMs ?? 15_000, 'timeoutMs');
  const maxContentChars = positive(options.maxContentChars ?? 12_000, 'maxContentChars');
  if (maxContentChars <= PART_OVERLAP * 2) {
    throw new AgentOSError('SANITIZER_CONFIG', `maxContentChars must be more than ${PART_OVERLAP * 2}`, { path: ['maxContentChars'] });
  }
  const maxParts = positive(options.maxParts ?? 4, 'maxParts');
  const maxTokens = positive(options.maxTokens ?? 256, 'maxTokens');
  const maxAttempts = positive(options.maxAttempts ?? 1, 'maxAttempts');
  const now = options.now ?? Date.now;
  const cache = options.cache === false ? undefined : new VerdictCache<SanitizeResult>(options.cache ?? { ttlMs: 600_000, maxEntries: 1_000 }, now);
  const names = judgeNames(judges);

  async function judgeOne(index: 0 | 1, content: string, request: SanitizeRequest, part: string | undefined): Promise<Outcome> {
    const llm = judges[index];
    const controller = new AbortController();
    const parent = request.signal;
    const onParent = () => controller.abort(parent?.reason);
    parent?.addEventListener('abort', onParent, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error(`judge timed out after ${timeoutMs} ms`));
        resolve({ kind: 'timeout', reason: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
    });
    const answered = (async (): Promise<Outcome> => {
      const messages = buildJudgeMessages(index, content, { tool: request.tool, step: request.step, ...(part ? { part } : {}) });
      const { value } = await llm.structured({
        messages,
        schema: JudgeAnswerSchema,
        schemaName: JUDGE_SCHEMA_NAME,
        signal: controller.signal,
        timeoutMs,
        maxTokens,
        maxAttempts,
        temperature: 0,
      });
      const reason = value.reason.slice(0, 300);
      if (value.verdict === 'SAFE' && value.category === 'none') return { kind: 'safe', reason };
      if (value.verdict === 'SAFE') {
        return { kind: 'suspicious', category: value.category, reason: `contradictory answer (SAFE with category ${value.category}): ${reason}` };
      }
      return { kind: 'suspicious', category: value.category, reason };
    })().catch((err: unknown): Outcome => {
      if (parent?.aborted) return { kind: 'cancelled', reason: 'cancelled by the caller' };
      if (controller.signal.aborted || err instanceof LlmTimeoutError) return { kind: 'timeout', reason: `no answer within ${timeoutMs} ms` };
      if (err instanceof LlmOutputError) {
        const issue = err.issues[0];
        return { kind: 'malformed', reason: `malformed answer${issue ? ` (${issue.path}: ${issue.message})` : ''}` };
      }
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof LlmRequestError) return { kind: 'error', reason, summary: err.status !== undefined ? `HTTP ${err.status}` : 'server unreachable' };
      return { kind: 'error', reason, summary: reason.slice(0, 120) };
    });
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    }
  }

  async function judgeAll(request: SanitizeRequest): Promise<{ result: SanitizeResult; cacheable: boolean }> {
    const needed = partCount(request.content.length, maxContentChars);
    if (needed > maxParts) {
      const reason = `content of ${request.content.length} characters needs ${needed} parts; at most ${maxParts} of ${maxContentChars} characters are judged`;
      return {
        result: { verdict: 'suspicious', detected: 'Content too large to judge', judges: names.map((judge) => ({ judge, verdict: 'error' as const, reason: `not asked: ${reason}` })) },
        cacheable: false,
      };
    }
    const parts = splitIntoParts(request.content, maxContentChars);
    const worst: [Outcome | undefined, Outcome | undefined] = [undefined, undefined];
    let last: [Outcome, Outcome] | undefined;
    for (const [i, part] of parts.entries()) {
      const label = parts.length > 1 ? `part ${i + 1} of ${parts.length}` : undefined;
      const pair = await Promise.all([judgeOne(0, part, request, label), judgeOne(1, part, request, label)]);
      last = pair;
      pair.forEach((o, j) => {
        const tagged = label && o.kind !== 'safe' ? { ...o, reason: `${label}: ${o.reason}` } : o;
        if (worst[j] === undefined || (worst[j].kind === 'safe' && o.kind !== 'safe')) worst[j] = tagged;
      });
      if (pair.some((o) => o.kind !== 'safe')) break;
    }
    const outcomes = worst as [Outcome, Outcome];
    const judgeVerdicts: JudgeVerdict[] = outcomes.map((o, j) => ({ judge: names[j]!, verdict: o.kind === 'safe' ? 'safe' : o.kind === 'suspicious' ? 'suspicious' : 'error', reason: o.reason }));
    const allAnswered = outcomes.every((o) => o.kind === 'safe' || o.kind === 'suspicious') && last !== undefined;
    if (outcomes.every((o) => o.kind === 'safe')) return { result: { verdict: 'safe', judges: judgeVerdicts }, cacheable: true };
    return { result: { verdict: 'suspicious', detected: describe(outcomes, names), judges: judgeVerdicts }, cacheable: allAnswered };
  }

  async function sanitize(request: SanitizeRequest): Promise<SanitizeResult> {
    const started = performance.now();
    const content = String(request.content ?? '');
    const key = sha256Hex(content);
    let result: SanitizeResult;
    let cached = false;
    const hit = cache?.get(key);
    if (hit) {
      result = { ...hit, judges: hit.judges?.map((j) => ({ ...j })), cached: true };
      cached = true;
    } else if (request.signal?.aborted) {
      result = { verdict: 'suspicious', detected: 'Sanitization cancelled', judges: names.map((judge) => ({ judge, verdict: 'error' as const, reason: 'cancelled before judging' })) };
    } else {
      const judged = await judgeAll({ ...request, content });
      result = judged.result;
      if (judged.cacheable) cache?.set(key, { ...result, judges: result.judges?.map((j) => ({ ...j })) });
    }
    options.onVerdict?.({
      kind: 'sanitized',
      action: SANITIZER_ACTION,
      tool: request.tool,
      step: request.step,
      verdict: result.verdict,
      detected: result.detected,
      judges: result.judges?.map((j) => ({ ...j })) ?? [],
      cached,
      time: now(),
      durationMs: Math.round(performance.now() - started),
      contentSha256: key,
      contentChars: content.length,
    });
    return result;
  }

  return Object.freeze({ sanitize, clearCache: () => cache?.clear() });
}

/** The `detected` text for a verdict that is not safe. */
function describe(outcomes: readonly [Outcome, Outcome], names: readonly string[]): string {
  const flagged = outcomes.flatMap((o, i) => (o.kind === 'suspicious' ? [{ o, name: names[i]! }] : []));
  const failed = outcomes.flatMap((o, i) => (o.kind !== 'suspicious' && o.kind !== 'safe' ? [{ o, name: names[i]! }] : []));
  const labels = [...new Set(flagged.map((f) => DETECTED_LABELS[(f.o as { category: JudgeCategory }).category]))].join('; ');
  const failures = [...new Set(failed.map((f) => failureLabel(f.o)))].join('; ');
  if (flagged.length === 2) return labels;
  if (flagged.length === 1 && failed.length === 0) {
    const safe = names.find((n) => n !== flagged[0]!.name) ?? 'the other judge';
    return `Judges disagree: ${labels} (flagged by ${flagged[0]!.name}; ${safe} said safe)`;
  }
  if (flagged.length === 1) return `${labels} (flagged by ${flagged[0]!.name}); ${failures}`;
  return failures;
}

function failureLabel(o: Outcome): string {
  switch (o.kind) {
    case 'timeout':
      return 'Judge timed out';
    case 'malformed':
      return 'Malformed judge answer';
    case 'cancelled':
      return 'Sanitization cancelled';
    case 'error':
      return `Judge error: ${o.summary}`;
    default:
      return 'Judge failed';
  }
}

/** How many parts {@link splitIntoParts} makes, without making them. */
function partCount(length: number, size: number): number {
  return length <= size ? 1 : Math.ceil((length - size) / (size - PART_OVERLAP)) + 1;
}

/** Split into overlapping parts of at most `size` characters. */
function splitIntoParts(content: string, size: number): string[] {
  if (content.length <= size) return [content];
  const step = size - PART_OVERLAP;
  const parts: string[] = [];
  for (let start = 0; ; start += step) {
    parts.push(content.slice(start, start + size));
    if (start + size >= content.length) break;
  }
  return parts;
}

function judgeNames(judges: readonly [Llm, Llm]): [string, string] {
  const a = judges[0].name || judges[0].model || 'judge';
  const b = judges[1].name || judges[1].model || 'judge';
  return a === b ? [`${a} #1`, `${b} #2`] : [a, b];
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new AgentOSError('SANITIZER_CONFIG', `${name} must be a positive number, got ${value}`, { path: [name] });
  }
  return Math.floor(value) || 1;
}
