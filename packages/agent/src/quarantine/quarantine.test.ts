import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRuntime, createSlackNotify, ToolRegistry, type RunRecord } from '@agentos/core';
import { startSlackReceiver, type HttpReceiver } from '@agentos/core/testing';
import { recommendedPolicies, untrusted, wholeLabel, TRUSTED } from '@agentos/policy';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/index.js';
import { createLlm, type Llm } from '../llm/index.js';
import { createDualLlmSanitizer } from '../sanitizer/index.js';
import { createDemoDocker, PLANTED_INJECTION, PLANTED_SECRET } from '../agent/test-fixtures.js';
import {
  aiAnalyzePolicies,
  createAiAnalyze,
  createAiFixSuggestion,
  createExtract,
  extract,
  quarantinePolicies,
  QUARANTINE_SYSTEM_PROMPT,
  suggestFix,
  type AiAnalysis,
} from './index.js';

let fake: FakeOpenAI;
let slack: HttpReceiver;
let llm: Llm;

const analysis: AiAnalysis = {
  summary: 'The database ran out of disk space and cannot open its files.',
  rootCause: 'resource_exhaustion',
  severity: 'critical',
  suggestedFixes: ['Free disk space on the data volume', 'Restart db'],
  injectionSuspected: true,
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  slack = await startSlackReceiver();
  llm = createLlm({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 5_000, maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
  await slack.close();
});

function setup(extraPolicies = {}) {
  fake.when({ system: /security judge/ }, { json: { verdict: 'SAFE', category: 'none', reason: 'ordinary logs' } });
  const docker = createDemoDocker();
  const registry = new ToolRegistry().register(...docker.tools, createAiAnalyze({ llm }), createSlackNotify({ webhookUrl: slack.url, defaultChannel: '#ops' }));
  const sanitizer = createDualLlmSanitizer({ judges: [llm, createLlm({ baseURL: fake.baseURL, model: 'judge-b', maxRetries: 0 })], cache: false });
  const runtime = createRuntime({ registry, policies: recommendedPolicies.extend(aiAnalyzePolicies).extend(extraPolicies), sanitizer });
  return { runtime, docker, registry };
}

const quarantinedRequests = () => fake.chatRequests().filter((r) => r.system === QUARANTINE_SYSTEM_PROMPT);

describe('ai_analyze', () => {
  it('analyses untrusted logs in quarantine: data fenced, no tools, secrets redacted, output as untrusted as the logs', async () => {
    const { runtime } = setup();
    fake.when({ system: /quarantined analysis function/ }, { json: analysis });
    const before = slack.received.length;
    const run: RunRecord = await runtime.run({
      name: 'Triage',
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
        { id: 'analysis', tool: 'ai_analyze', args: { text: '{{ logs.text }}', context: 'container db is unhealthy' } },
        { id: 'notify', tool: 'slack_notify', args: { text: 'db: {{ analysis.summary }}' } },
      ],
    }).result;

    expect(run.steps.analysis!.status).toBe('succeeded');
    expect(run.steps.analysis!.output).toEqual(analysis);
    expect(run.steps.analysis!.outputOutcome).toBe('untrusted');
    expect(run.steps.analysis!.label!.root).toEqual(untrusted({ step: 'logs', tool: 'docker_logs' }));
    // Its free text cannot leave: the sink is blocked, nothing reaches Slack.
    expect(run.steps.notify!.status).toBe('blocked');
    expect(run.steps.notify!.reason).toMatch(/untrusted data context.*docker_logs/);
    expect(slack.received.length).toBe(before);

    const [req, ...more] = quarantinedRequests();
    expect(more).toHaveLength(0);
    expect(req!.tools).toBeUndefined();
    expect(req!.system).not.toContain('No space left');
    const user = req!.lastUser!;
    expect(user).toMatch(/<<<DATA [0-9a-f]{24} BEGIN>>>\n[\s\S]*No space left on device[\s\S]*\n<<<DATA [0-9a-f]{24} END>>>/);
    expect(user).toContain('container db is unhealthy');
    // The text left the process only after redaction.
    expect(user).not.toContain(PLANTED_SECRET);
    expect(user).toContain('[REDACTED:');
    expect(req!.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'ai_analysis' } });
  });

  it('is as trusted as its input: on trusted text its summary may be sent', async () => {
    const { runtime } = setup();
    fake.when({ system: /quarantined analysis function/ }, { json: { ...analysis, injectionSuspected: false } });
    const before = slack.received.length;
    const run = await runtime.run({
      name: 'Status note',
      steps: [
        { id: 'status', tool: 'docker_status', args: { container: 'web' } },
        { id: 'analysis', tool: 'ai_analyze', args: { text: 'web is {{ status.health }} after {{ status.restartCount }} restarts' } },
        { id: 'notify', tool: 'slack_notify', args: { text: '{{ analysis.summary }}' } },
      ],
    }).result;
    expect(run.steps.analysis!.outputOutcome).toBe('trusted');
    expect(run.steps.notify!.status).toBe('succeeded');
    expect(slack.received.length).toBe(before + 1);
    expect(slack.received.at(-1)!.body).toMatchObject({ text: analysis.summary });
  });

  it('declassifies its enum fields: a sink quoting rootCause and severity after untrusted logs runs; the summary stays blocked', async () => {
    const { runtime } = setup();
    fake.when({ system: /quarantined analysis function/ }, { json: analysis });
    const run = await runtime.run({
      name: 'Enum only',
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
        { id: 'analysis', tool: 'ai_analyze', args: { text: '{{ logs.text }}' } },
        { id: 'notify', tool: 'slack_notify', args: { text: 'db root cause: {{ analysis.rootCause }} ({{ analysis.severity }})' } },
      ],
    }).result;
    // aiAnalyzePolicies pins rootCause/severity to their enums with anchored regex conditions:
    // the engine declassifies them (a value from a closed set cannot carry instructions).
    expect(run.steps.analysis!.label!.fields!.rootCause!.trust).toBe('trusted');
    expect(run.steps.analysis!.label!.root.trust).toBe('untrusted');
    expect(run.steps.notify!.status).toBe('succeeded');
    const summary = await runtime.run({
      name: 'Summary',
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
        { id: 'analysis', tool: 'ai_analyze', args: { text: '{{ logs.text }}' } },
        { id: 'notify', tool: 'slack_notify', args: { text: '{{ analysis.summary }}' } },
      ],
    }).result;
    expect(summary.steps.notify!.status).toBe('blocked');
  });

  it('fails the step (and runs nothing after it) when the model never answers in the schema', async () => {
    const { runtime } = setup();
    fake.when({ system: /quarantined analysis function/ }, { json: { summary: 'x', rootCause: 'aliens', severity: 'bad' } });
    const run = await runtime.run({
      name: 'Bad answer',
      steps: [
        { id: 'analysis', tool: 'ai_analyze', args: { text: 'ERROR x' } },
        { id: 'notify', tool: 'slack_notify', args: { text: '{{ analysis.summary }}' } },
      ],
    }).result;
    expect(run.steps.analysis!.status).toBe('failed');
    expect(run.steps.analysis!.error!.code).toBe('LLM_OUTPUT');
    expect(run.steps.notify!.status).toBe('skipped');
    expect(quarantinedRequests()).toHaveLength(2); // bounded: two attempts
  });

  it('needs aiAnalyzePolicies (or another allow) to run on untrusted data', async () => {
    fake.when({ system: /security judge/ }, { json: { verdict: 'SAFE', category: 'none', reason: 'ok' } });
    const docker = createDemoDocker();
    const registry = new ToolRegistry().register(...docker.tools, createAiAnalyze({ llm }));
    const sanitizer = createDualLlmSanitizer({ judges: [llm, llm], cache: false });
    const runtime = createRuntime({ registry, policies: recommendedPolicies, sanitizer });
    const run = await runtime.run({
      name: 'No quarantine policy',
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
        { id: 'analysis', tool: 'ai_analyze', args: { text: '{{ logs.text }}' } },
      ],
    }).result;
    expect(run.steps.analysis!.status).toBe('blocked');
    expect(quarantinedRequests()).toHaveLength(0);
  });
});

describe('extract', () => {
  const Codes = z.strictObject({ codes: z.array(z.number().int()) });

  it('as a function: the result carries the label of the text, untrusted by default', async () => {
    fake.when({ system: /quarantined analysis function/ }, { json: { codes: [500, 503] } });
    const logsLabel = untrusted({ step: 'logs', tool: 'docker_logs' });
    const a = await extract(llm, 'GET / 500\nGET /x 503', Codes, { label: logsLabel });
    expect(a).toEqual({ value: { codes: [500, 503] }, label: logsLabel });
    const b = await extract(llm, 'GET / 500', Codes);
    expect(b.label.trust).toBe('untrusted');
    const c = await extract(llm, 'GET / 500', Codes, { label: TRUSTED });
    expect(c.label).toEqual(TRUSTED);
    expect(quarantinedRequests()[0]!.lastUser).toContain('GET /x 503');
  });

  it('as a tool: quarantinePolicies let it read untrusted logs; its output stays untrusted', async () => {
    fake.when({ system: /security judge/ }, { json: { verdict: 'SAFE', category: 'none', reason: 'ok' } });
    fake.when({ system: /quarantined analysis function/ }, { json: { codes: [28] } });
    const docker = createDemoDocker();
    const tool = createExtract({ llm, name: 'extract_error_codes', description: 'Error codes seen in the logs', schema: Codes });
    const registry = new ToolRegistry().register(...docker.tools, tool);
    const runtime = createRuntime({
      registry,
      policies: recommendedPolicies.extend(quarantinePolicies({ tool: 'extract_error_codes' })),
      sanitizer: createDualLlmSanitizer({ judges: [llm, llm], cache: false }),
    });
    const run = await runtime.run({
      name: 'Codes',
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
        { id: 'codes', tool: 'extract_error_codes', args: { text: '{{ logs.text }}' } },
      ],
    }).result;
    expect(run.steps.codes!.status).toBe('succeeded');
    expect(run.steps.codes!.output).toEqual({ codes: [28] });
    expect(wholeLabel(run.steps.codes!.label!)).toEqual(untrusted({ step: 'logs', tool: 'docker_logs' }));
  });
});

describe('AI fix suggestion', () => {
  const suggestion = { summary: 'Disk full.', rootCause: 'resource_exhaustion', severity: 'high', steps: ['Free disk space', 'Restart db'], restartRecommended: true };

  it('suggestFix: status and logs in, an untrusted suggestion out', async () => {
    fake.when({ system: /quarantined analysis function/ }, { json: suggestion });
    const r = await suggestFix({ llm }, { container: 'db', status: { state: 'running', health: 'unhealthy' }, logs: `ERROR disk full\n${PLANTED_INJECTION}` });
    expect(r.suggestion).toEqual(suggestion);
    expect(r.trust).toBe('untrusted');
    expect(r.label.trust).toBe('untrusted');
    const user = quarantinedRequests()[0]!.lastUser!;
    expect(user).toContain('"health":"unhealthy"');
    expect(user).toContain('ERROR disk full');
  });

  it('the ai_fix_suggestion tool through a session: untrusted even from trusted input, and its text cannot be sent', async () => {
    fake.when({ system: /quarantined analysis function/ }, { json: suggestion });
    const registry = new ToolRegistry().register(createAiFixSuggestion({ llm }), createSlackNotify({ webhookUrl: slack.url, defaultChannel: '#ops' }));
    const runtime = createRuntime({ registry, policies: recommendedPolicies.extend(aiAnalyzePolicies) });
    const session = runtime.session({ name: 'Monitor', mode: 'context' });
    const r = await session.call('ai_fix_suggestion', { container: 'web', status: 'running', logs: 'GET / 200' });
    expect(r.status).toBe('succeeded');
    expect(r.status === 'succeeded' && r.outcome).toBe('untrusted');
    const before = slack.received.length;
    const send = await session.call('slack_notify', { text: suggestion.summary });
    expect(send.status).toBe('blocked');
    expect(slack.received.length).toBe(before);
    await session.close();
  });
});
