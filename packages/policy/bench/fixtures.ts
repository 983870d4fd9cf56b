/**
 * Benchmark fixtures: one 20-rule policy set over 11 tools, written three
 * ways (AgentOS policies, Cedar, a hand-written check), the requests they are
 * compared on, larger sets for the scaling run, and workflows for the taint
 * run.
 */
import type { PolicySetInput, ScenarioStep } from '../src/index.js';

export type Verdict = 'allow' | 'block' | 'require_approval';

/** One request, in a form every implementation can take. */
export interface BenchRequest {
  tool: string;
  /** Only strings, booleans and integers: Cedar has no floats. */
  args: Record<string, string | boolean | number>;
  untrusted: boolean;
}

export const TOOLS = [
  'docker_exec',
  'docker_run',
  'docker_logs',
  'health_check',
  'slack_notify',
  'email_send',
  'webhook_post',
  'docker_status',
  'docker_list',
  'docker_restart',
  'docker_stop',
] as const;

/** The 20 rules, as AgentOS policies. */
export const agentosRules: PolicySetInput = {
  invocation: [
    { id: 'exec', tool: 'docker_exec', action: 'block_always', reason: 'shell injection risk' },
    { id: 'run', tool: 'docker_run', action: 'block_always', reason: 'no new containers' },
    { id: 'slack', tool: 'slack_notify', action: 'block_when_context_is_untrusted', reason: 'no untrusted data out' },
    { id: 'slack.public', tool: 'slack_notify', action: 'block_always', conditions: [{ key: 'channel', operator: 'equal', value: '#public' }], reason: 'never post to #public' },
    { id: 'slack.customer', tool: 'slack_notify', action: 'require_approval', conditions: [{ key: 'channel', operator: 'startsWith', value: '#customer' }], reason: 'customer channels need a person' },
    { id: 'email', tool: 'email_send', action: 'block_when_context_is_untrusted', reason: 'no untrusted data out' },
    { id: 'email.external', tool: 'email_send', action: 'block_always', conditions: [{ key: 'to', operator: 'endsWith', value: '@external.example' }], reason: 'no mail outside' },
    { id: 'webhook', tool: 'webhook_post', action: 'block_when_context_is_untrusted', reason: 'no untrusted data out' },
    { id: 'webhook.internal', tool: 'webhook_post', action: 'allow', conditions: [{ key: 'url', operator: 'startsWith', value: 'https://hooks.internal/' }], reason: 'internal hooks are fine' },
    { id: 'webhook.paste', tool: 'webhook_post', action: 'block_always', conditions: [{ key: 'url', operator: 'contains', value: 'pastebin' }], reason: 'no paste sites' },
    { id: 'status', tool: 'docker_status', action: 'allow', reason: 'read-only' },
    { id: 'list', tool: 'docker_list', action: 'allow', reason: 'read-only' },
    { id: 'list.all', tool: 'docker_list', action: 'block_always', conditions: [{ key: 'all', operator: 'equal', value: true }], reason: 'no listing of stopped containers' },
    { id: 'restart', tool: 'docker_restart', action: 'allow', reason: 'restarts are safe' },
    { id: 'restart.prod', tool: 'docker_restart', action: 'require_approval', conditions: [{ key: 'container', operator: 'startsWith', value: 'prod-' }], reason: 'production restarts need a person' },
    { id: 'stop', tool: 'docker_stop', action: 'require_approval', reason: 'stopping needs a person' },
    { id: 'stop.test', tool: 'docker_stop', action: 'allow', conditions: [{ key: 'container', operator: 'startsWith', value: 'test-' }], reason: 'test containers may stop' },
    { id: 'logs', tool: 'docker_logs', action: 'allow', reason: 'reading logs is fine' },
    { id: 'logs.vault', tool: 'docker_logs', action: 'block_always', conditions: [{ key: 'container', operator: 'equal', value: 'vault' }], reason: 'never read vault logs' },
    { id: 'health', tool: 'health_check', action: 'allow', reason: 'read-only' },
  ],
};

/**
 * The same rules in Cedar. Cedar has two decisions (allow/deny), so
 * `require_approval` is a permit annotated `@approval`: an allow whose
 * determining policies include one of them means "approval". The AgentOS rule
 * "a matching specific policy overrides the tool's default" is written out:
 * a default that a specific policy may override gets an `unless`.
 */
const t = (tool: string) => `principal, action == Action::"invoke", resource == Tool::"${tool}"`;
const has = (key: string) => `context.args has ${key}`;
export const cedarRules: Record<string, string> = {
  exec: `forbid (${t('docker_exec')});`,
  run: `forbid (${t('docker_run')});`,
  slack: `permit (${t('slack_notify')}) when { !context.untrusted };`,
  'slack.public': `forbid (${t('slack_notify')}) when { ${has('channel')} && context.args.channel == "#public" };`,
  'slack.customer': `@approval("true") permit (${t('slack_notify')}) when { ${has('channel')} && context.args.channel like "#customer*" };`,
  email: `permit (${t('email_send')}) when { !context.untrusted };`,
  'email.external': `forbid (${t('email_send')}) when { ${has('to')} && context.args.to like "*@external.example" };`,
  webhook: `permit (${t('webhook_post')}) when { !context.untrusted };`,
  'webhook.internal': `permit (${t('webhook_post')}) when { ${has('url')} && context.args.url like "https://hooks.internal/*" };`,
  'webhook.paste': `forbid (${t('webhook_post')}) when { ${has('url')} && context.args.url like "*pastebin*" };`,
  status: `permit (${t('docker_status')});`,
  list: `permit (${t('docker_list')});`,
  'list.all': `forbid (${t('docker_list')}) when { ${has('all')} && context.args.all == true };`,
  restart: `permit (${t('docker_restart')});`,
  'restart.prod': `@approval("true") permit (${t('docker_restart')}) when { ${has('container')} && context.args.container like "prod-*" };`,
  stop: `@approval("true") permit (${t('docker_stop')}) unless { ${has('container')} && context.args.container like "test-*" };`,
  'stop.test': `permit (${t('docker_stop')}) when { ${has('container')} && context.args.container like "test-*" };`,
  logs: `permit (${t('docker_logs')});`,
  'logs.vault': `forbid (${t('docker_logs')}) when { ${has('container')} && context.args.container == "vault" };`,
  health: `permit (${t('health_check')});`,
};
export const CEDAR_APPROVAL_IDS = new Set(['slack.customer', 'restart.prod', 'stop']);

function str(args: BenchRequest['args'], key: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' ? v : undefined;
}

/** The floor: the same 20 rules as hand-written `if`s. */
export function handWritten(r: BenchRequest): Verdict {
  const a = r.args;
  switch (r.tool) {
    case 'docker_exec':
    case 'docker_run':
      return 'block';
    case 'slack_notify': {
      const ch = str(a, 'channel');
      if (ch === '#public') return 'block';
      if (ch !== undefined && ch.startsWith('#customer')) return 'require_approval';
      return r.untrusted ? 'block' : 'allow';
    }
    case 'email_send': {
      const to = str(a, 'to');
      if (to !== undefined && to.endsWith('@external.example')) return 'block';
      return r.untrusted ? 'block' : 'allow';
    }
    case 'webhook_post': {
      const url = str(a, 'url');
      if (url !== undefined && url.includes('pastebin')) return 'block';
      if (url !== undefined && url.startsWith('https://hooks.internal/')) return 'allow';
      return r.untrusted ? 'block' : 'allow';
    }
    case 'docker_status':
    case 'health_check':
      return 'allow';
    case 'docker_list':
      return a.all === true ? 'block' : 'allow';
    case 'docker_restart': {
      const c = str(a, 'container');
      return c !== undefined && c.startsWith('prod-') ? 'require_approval' : 'allow';
    }
    case 'docker_stop': {
      const c = str(a, 'container');
      return c !== undefined && c.startsWith('test-') ? 'allow' : 'require_approval';
    }
    case 'docker_logs':
      return str(a, 'container') === 'vault' ? 'block' : 'allow';
    default:
      return r.untrusted ? 'block' : 'allow';
  }
}

/** Requests over every tool and every rule's match and non-match, each trusted and untrusted (46 in all). */
export function benchRequests(): BenchRequest[] {
  const argSets: Record<string, Array<BenchRequest['args']>> = {
    docker_exec: [{ container: 'db', command: 'ls' }],
    docker_run: [{ image: 'busybox' }],
    docker_logs: [{ container: 'db', tail: 100 }, { container: 'vault' }],
    health_check: [{ container: 'db' }],
    slack_notify: [{ channel: '#ops', text: 'hi' }, { channel: '#public', text: 'hi' }, { channel: '#customer-acme', text: 'hi' }, { text: 'no channel' }],
    email_send: [{ to: 'ops@corp.example', subject: 'x' }, { to: 'someone@external.example', subject: 'x' }],
    webhook_post: [{ url: 'https://hooks.internal/deploy' }, { url: 'https://pastebin.com/api' }, { url: 'https://hooks.internal/pastebin' }, { url: 'https://example.com' }],
    docker_status: [{ container: 'db' }],
    docker_list: [{ all: false }, { all: true }],
    docker_restart: [{ container: 'web' }, { container: 'prod-db' }],
    docker_stop: [{ container: 'test-1' }, { container: 'prod-1' }, {}],
  };
  const out: BenchRequest[] = [];
  for (const tool of TOOLS) for (const args of argSets[tool]!) for (const untrusted of [false, true]) out.push({ tool, args, untrusted });
  return out;
}

/**
 * `n` policies: the 20 rules plus extra ones for other tools (`ext_…`), one
 * in twenty of them a glob, most with conditions — so only an index by tool
 * keeps the 11 tools' decisions as fast as with 20.
 */
export function scaledRules(n: number): PolicySetInput {
  const extra = Math.max(0, n - agentosRules.invocation!.length);
  const actions = ['allow', 'block_always', 'block_when_context_is_untrusted', 'require_approval'] as const;
  const invocation = [...agentosRules.invocation!];
  for (let i = 0; i < extra; i++) {
    const tool = i % 20 === 19 ? `ext_ns${i}_*` : `ext_tool_${Math.floor(i / 3)}`;
    invocation.push({
      id: `ext.${i}`,
      tool,
      action: actions[i % actions.length]!,
      ...(i % 3 === 0 ? {} : { conditions: [{ key: 'target', operator: i % 2 ? 'startsWith' : 'equal', value: `t${i}` }] }),
      reason: `extra rule ${i}`,
    });
  }
  return { invocation };
}

/** Policies for the taint run: a monitoring sweep. */
export const sweepPolicies: PolicySetInput = {
  invocation: [
    { tool: 'docker_status', action: 'allow', reason: 'read-only' },
    { tool: 'docker_logs', action: 'allow', reason: 'reading logs is fine' },
    { tool: 'ai_analyze', action: 'allow', reason: 'analysis may read untrusted data' },
    { tool: 'docker_restart', action: 'allow', reason: 'restarts are safe' },
    { tool: 'slack_notify', action: 'block_when_context_is_untrusted', reason: 'no untrusted data out' },
  ],
  trustedData: [
    { tool: 'docker_status', action: 'mark_as_untrusted', reason: 'container-written fields' },
    { tool: 'docker_status', action: 'allow', fields: ['container', 'status'], reason: 'daemon-computed' },
    { tool: 'docker_logs', action: 'mark_as_untrusted', reason: 'logs carry secrets' },
    { tool: 'ai_analyze', action: 'sanitize_with_dual_llm', reason: 'prompt injection' },
    { tool: 'docker_restart', action: 'allow', reason: 'our own call' },
  ],
};

/**
 * A sweep over containers, five steps per container: status → (if unhealthy)
 * logs → analyze (sanitized SAFE) → restart → notify. Every step reads the
 * steps before it in its branch; `steps` is rounded down to a multiple of 5.
 */
export function sweepSteps(steps: number): ScenarioStep[] {
  const out: ScenarioStep[] = [];
  for (let i = 0; i < Math.floor(steps / 5); i++) {
    const s = `c${i}`;
    out.push(
      { id: `${s}_status`, tool: 'docker_status', args: { container: `app-${i}` }, output: { container: `app-${i}`, status: 'unhealthy', labels: { team: 'ops' } } },
      {
        id: `${s}_logs`,
        tool: 'docker_logs',
        args: { container: `{{ ${s}_status.container }}`, tail: 50 },
        when: { ref: `${s}_status.status`, operator: 'equal', value: 'unhealthy' },
        output: `error: connection refused (attempt ${i})`,
      },
      { id: `${s}_analyze`, tool: 'ai_analyze', args: { text: `{{ ${s}_logs }}` }, output: { summary: `app-${i} cannot reach its database`, action: 'restart' }, sanitizer: 'safe' },
      {
        id: `${s}_restart`,
        tool: 'docker_restart',
        args: { container: `{{ ${s}_status.container }}` },
        when: { ref: `${s}_analyze.action`, operator: 'equal', value: 'restart' },
        output: { restarted: true },
      },
      { id: `${s}_notify`, tool: 'slack_notify', args: { channel: '#ops', text: `{{ ${s}_analyze.summary }}` }, after: [`${s}_restart`] },
    );
  }
  return out;
}

/** A worst case: one long pipeline where every step reads the one before and adds its own untrusted source. */
export const chainPolicies: PolicySetInput = {
  invocation: [{ tool: 'transform', action: 'allow', reason: 'pure transform' }],
  trustedData: [{ tool: 'transform', action: 'mark_as_untrusted', reason: 'reads untrusted text' }],
};
export function chainSteps(steps: number): ScenarioStep[] {
  const out: ScenarioStep[] = [{ id: 's0', tool: 'transform', args: { text: 'start' }, output: { text: 'x' } }];
  for (let i = 1; i < steps; i++) out.push({ id: `s${i}`, tool: 'transform', args: { text: `{{ s${i - 1}.text }}` }, output: { text: 'x' } });
  return out;
}
