/**
 * How the agent's answer names what a step did or would have done, from the
 * tool name and its arguments. Pure text templates: no model involved.
 * @module
 */

/** Phrases for one tool. */
export interface ToolPhrase {
  /** Past tense, for a step that succeeded: `Restarted db`. */
  done(target: string | undefined): string;
  /** Infinitive, for one that did not happen: `restart db`. */
  todo(target: string | undefined): string;
  /** Verb used to group several targets: `Restarted` (db and api). Only for actions on containers. */
  groupVerb?: string;
}

const on = (verb: string, noun = 'a container') => ({
  done: (t: string | undefined) => `${verb[0]!.toUpperCase()}${verb.slice(1)} ${t ?? noun}`,
});

/** Built-in phrases, by tool name. */
export const TOOL_PHRASES: Readonly<Record<string, ToolPhrase>> = Object.freeze({
  docker_restart: { ...on('restarted'), todo: (t) => `restart ${t ?? 'a container'}`, groupVerb: 'Restarted' },
  docker_start: { ...on('started'), todo: (t) => `start ${t ?? 'a container'}`, groupVerb: 'Started' },
  docker_stop: { ...on('stopped'), todo: (t) => `stop ${t ?? 'a container'}`, groupVerb: 'Stopped' },
  docker_exec: { done: (t) => `Ran a command in ${t ?? 'a container'}`, todo: (t) => `run a command in ${t ?? 'a container'}` },
  docker_run: { done: () => 'Started a new container', todo: () => 'start a new container' },
  docker_logs: { done: (t) => `Read the logs of ${t ?? 'a container'}`, todo: (t) => `read the logs of ${t ?? 'a container'}`, groupVerb: 'Read the logs of' },
  docker_status: { done: (t) => `Checked the status of ${t ?? 'a container'}`, todo: (t) => `check the status of ${t ?? 'a container'}`, groupVerb: 'Checked the status of' },
  docker_inspect: { done: (t) => `Inspected ${t ?? 'a container'}`, todo: (t) => `inspect ${t ?? 'a container'}`, groupVerb: 'Inspected' },
  docker_list: { done: () => 'Listed the containers', todo: () => 'list the containers' },
  health_check: { done: (t) => `Checked the health of ${t ?? 'a container'}`, todo: (t) => `check the health of ${t ?? 'a container'}`, groupVerb: 'Checked the health of' },
  ai_analyze: { done: () => 'Analysed the data (quarantined AI)', todo: () => 'analyse the data' },
  ai_fix_suggestion: { done: (t) => `Wrote a fix suggestion for ${t ?? 'a container'}`, todo: (t) => `write a fix suggestion for ${t ?? 'a container'}` },
  slack_notify: { done: (t) => `Sent the Slack message${t ? ` to ${t}` : ''}`, todo: () => 'send the Slack message' },
  email_send: { done: (t) => `Sent the email${t ? ` to ${t}` : ''}`, todo: () => 'send the email' },
  webhook_post: { done: () => 'Posted to the webhook', todo: () => 'post to the webhook' },
  http_health: { done: (t) => `Checked ${t ?? 'an HTTP endpoint'}`, todo: (t) => `check ${t ?? 'an HTTP endpoint'}` },
});

/** The phrase of a tool (a generic one for tools without their own). */
export function phraseFor(tool: string, custom?: Readonly<Record<string, ToolPhrase>>): ToolPhrase {
  return custom?.[tool] ?? TOOL_PHRASES[tool] ?? { done: () => `Ran ${tool}`, todo: () => `run ${tool}` };
}

/** What sources of untrusted data are called in answers. */
export const SOURCE_NOUNS: Readonly<Record<string, string>> = Object.freeze({
  docker_logs: 'container logs',
  health_check: 'health-check output',
  docker_exec: 'command output',
  docker_inspect: 'container configuration',
  ai_analyze: 'the AI analysis',
  ai_fix_suggestion: 'an AI fix suggestion',
  http_health: 'an HTTP response',
  extract: 'extracted data',
});

/** The noun of a source tool: `container logs`, or `the output of <tool>`. */
export function sourceNoun(tool: string): string {
  return SOURCE_NOUNS[tool] ?? `the output of ${tool}`;
}

/**
 * The target of a step, from its arguments: a container, a channel, an
 * address. Values that still hold a `{{ reference }}` (unresolved) are not
 * used.
 */
export function targetOf(tool: string, args: unknown): string | undefined {
  if (args === null || typeof args !== 'object') return undefined;
  const a = args as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = a[k];
      if (typeof v === 'string' && v.trim() !== '' && !v.includes('{{')) return v.replace(/^\//, '');
      if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string' && !x.includes('{{'))) return (v as string[]).join(', ');
    }
    return undefined;
  };
  if (tool === 'slack_notify') return pick('channel');
  if (tool === 'email_send') return pick('to');
  if (tool === 'http_health') return pick('url');
  return pick('container', 'name', 'id');
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(items: ReadonlyArray<string>): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}
