/**
 * The agent's answer, built from facts (step statuses in run records), never
 * from a model's account of what it did: what was done, what was not and why,
 * and the results that could not be sent, shown to the user instead.
 * @module
 */
import { findReferences, labelAt, readPath, redactText } from '@agentos/policy';
import type { RunRecord, StepRecordState } from '@agentos/core';
import { joinAnd, phraseFor, sourceNoun, targetOf, type ToolPhrase } from './phrases.js';

/** Something that happened. */
export interface DoneFact {
  runId: string;
  stepId: string;
  tool: string;
  target?: string;
}

/** Something that did not happen, and why. */
export interface NotDoneFact {
  runId: string;
  stepId: string;
  tool: string;
  status: StepRecordState['status'];
  sentence: string;
}

/** A value shown to the user instead of being sent. */
export interface ShownResult {
  /** What it is: the reference the blocked step used (`{{ logs.text }}`), or a step id. */
  ref: string;
  stepId: string;
  tool: string;
  trust: 'trusted' | 'untrusted';
  text: string;
}

/** The answer: text for the user, and the facts it was built from. */
export interface ComposedAnswer {
  /** The full answer: the summary, then the results shown instead of sent. */
  text: string;
  /** Only the sentences about what was and was not done. */
  summary: string;
  done: DoneFact[];
  notDone: NotDoneFact[];
  results: ShownResult[];
}

/** Options of {@link composeAnswer}. */
export interface ComposeAnswerOptions {
  /** Is this tool a sink (sends data out)? Decides "the results are shown here instead". */
  isSink?: (tool: string) => boolean;
  /** Phrases for your own tools. */
  phrases?: Readonly<Record<string, ToolPhrase>>;
  /** Most characters of one shown result. Default 1 200. */
  maxResultChars?: number;
  /** A sentence to add when nothing was run (e.g. why the request could not be planned). */
  nothingRun?: string;
  /**
   * Masks secrets in shown results. Default: the built-in redaction rules
   * (`redactText`). `false` shows results as they are.
   */
  redact?: ((text: string) => string) | false;
}

const DEFAULT_SINKS = new Set(['slack_notify', 'email_send', 'webhook_post']);

const lowerFirst = (s: string) => (s ? `${s[0]!.toLowerCase()}${s.slice(1)}` : s);
const trimDot = (s: string) => s.trim().replace(/[.\s]+$/, '');
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`);

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** Why a skip happened, in words. */
function skipWhy(reason: string | undefined): string {
  if (!reason) return 'it was skipped';
  if (/condition is false/.test(reason)) return 'its condition was not met';
  const dep = /^depends on "([^"]+)", which was (\w+)/.exec(reason);
  if (dep) return `it depended on step "${dep[1]}", which was ${dep[2]!.replace('_', ' ')}`;
  return lowerFirst(trimDot(reason));
}

/**
 * Compose the answer for the runs of one request.
 * @example
 * ```ts
 * composeAnswer([run]).text;
 * // 'Restarted db and api. I did not send the Slack message: the data came from container logs,
 * //  which may contain secrets; the results are shown here instead.\n\nResults …'
 * ```
 */
export function composeAnswer(runs: ReadonlyArray<RunRecord>, options: ComposeAnswerOptions = {}): ComposedAnswer {
  const isSink = options.isSink ?? ((t: string) => DEFAULT_SINKS.has(t));
  const max = options.maxResultChars ?? 1_200;
  const redact = options.redact === false ? (t: string) => t : (options.redact ?? ((t: string) => redactText(t).value));
  const done: DoneFact[] = [];
  const notDone: NotDoneFact[] = [];
  const results: ShownResult[] = [];
  const shown = new Set<string>();

  const show = (run: RunRecord, stepId: string, ref: string, segments: ReturnType<typeof findReferences>[number]['segments'] | []) => {
    const key = `${run.id}:${ref}`;
    const step = run.steps[stepId];
    if (shown.has(key) || !step || step.status !== 'succeeded') return;
    const read = readPath(step.output, segments);
    if (!read.found) return;
    shown.add(key);
    const trust = step.label ? labelAt(step.label, segments).trust : 'untrusted';
    results.push({ ref, stepId, tool: step.tool, trust, text: clip(redact(textOf(read.value)), max) });
  };

  for (const run of runs) {
    const order = run.json?.steps?.map((s) => s.id) ?? Object.keys(run.steps);
    for (const id of order) {
      const rec = run.steps[id];
      if (!rec) continue;
      const planned = run.json?.steps?.find((s) => s.id === id);
      const phrase = phraseFor(rec.tool, options.phrases);
      const target = targetOf(rec.tool, rec.status === 'succeeded' ? rec.args : undefined) ?? targetOf(rec.tool, planned?.args);
      const todo = phrase.todo(target);
      const push = (sentence: string) => notDone.push({ runId: run.id, stepId: id, tool: rec.tool, status: rec.status, sentence });
      switch (rec.status) {
        case 'succeeded':
          done.push({ runId: run.id, stepId: id, tool: rec.tool, ...(target ? { target } : {}) });
          break;
        case 'blocked': {
          const d = rec.decision;
          if (rec.outputOutcome === 'blocked') {
            push(`${phrase.done(target)}, but its output was withheld: ${lowerFirst(trimDot((rec.reason ?? 'output blocked').replace(/^Output blocked:\s*/, '')))}.`);
          } else if (d?.verdict === 'block' && d.policy.action === 'block_when_context_is_untrusted') {
            const nouns = [...new Set(d.sources.map((s) => sourceNoun(s.tool)))];
            const from = nouns.length ? joinAnd(nouns) : 'an untrusted source';
            const sink = isSink(rec.tool);
            push(`I did not ${todo}: the data came from ${from}, which may contain secrets${sink ? '; the results are shown here instead' : ''}.`);
            if (sink) {
              const refs = planned ? safeRefs(planned.args) : [];
              for (const r of refs) if (r.step !== 'input' && r.step !== 'trigger') show(run, r.step, r.raw, r.segments);
              if (refs.length === 0) for (const s of d.sources) show(run, s.step, s.step, []);
            }
          } else if (d?.verdict === 'block' && d.policy.action === 'block_always') {
            push(`I did not ${todo}: always blocked by policy — ${lowerFirst(trimDot(d.policy.reason))}.`);
          } else {
            push(`I did not ${todo}: ${lowerFirst(trimDot(rec.reason ?? 'it was blocked'))}.`);
          }
          break;
        }
        case 'skipped':
          push(`I did not ${todo}: ${skipWhy(rec.reason)}.`);
          break;
        case 'failed':
          push(`I tried to ${todo}, but it failed: ${trimDot(rec.error?.message ?? rec.reason ?? 'unknown error')}.`);
          break;
        case 'cancelled':
          push(`I did not ${todo}: the run was cancelled.`);
          break;
        case 'awaiting_approval':
          push(`Waiting for a person to approve: ${todo} (${trimDot(rec.decision?.reason ?? 'approval required')}).`);
          break;
        default:
          push(`I did not ${todo}: it did not finish.`);
      }
    }
  }

  const sentences = [...doneSentences(done, options.phrases), ...notDone.map((n) => n.sentence)];
  const unique = [...new Set(sentences)];
  if (unique.length === 0) unique.push(options.nothingRun ?? 'Nothing was run.');
  else if (done.length === 0 && notDone.length > 0) unique.unshift('Nothing was done.');
  const summary = unique.join(' ');
  const shownText = results.length
    ? `\n\nResults (shown here, not sent):\n${results.map((r) => `• ${r.ref} — ${sourceNoun(r.tool)}, ${r.trust}:\n${indent(r.text)}`).join('\n')}`
    : '';
  return { text: `${summary}${shownText}`, summary, done, notDone, results };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function safeRefs(args: unknown) {
  try {
    return findReferences(args ?? {});
  } catch {
    return [];
  }
}

/** Sentences for what was done: same-tool container actions grouped ("Restarted db and api."). */
function doneSentences(done: ReadonlyArray<DoneFact>, phrases: ComposeAnswerOptions['phrases']): string[] {
  const groups = new Map<string, DoneFact[]>();
  for (const d of done) {
    const list = groups.get(d.tool);
    if (list) list.push(d);
    else groups.set(d.tool, [d]);
  }
  const out: string[] = [];
  for (const [tool, list] of groups) {
    const phrase = phraseFor(tool, phrases);
    const targets = [...new Set(list.map((d) => d.target))];
    if (phrase.groupVerb && targets.length > 1 && targets.every((t) => t !== undefined)) {
      out.push(`${phrase.groupVerb} ${joinAnd(targets as string[])}.`);
    } else {
      for (const t of targets) out.push(`${phrase.done(t)}.`);
    }
  }
  return out;
}
