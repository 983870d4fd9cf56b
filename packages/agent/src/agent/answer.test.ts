import { describe, expect, it } from 'vitest';
import { createRuntime, ToolRegistry, defineTool } from '@agentos/core';
import { recommendedPolicies } from '@agentos/policy';
import { z } from 'zod';
import { composeAnswer } from './answer.js';
import { createDemoDocker } from './test-fixtures.js';

describe('composeAnswer', () => {
  it('never claims an action that did not happen: a failed restart is reported as failed', async () => {
    const docker = createDemoDocker();
    const registry = new ToolRegistry().register(...docker.tools);
    const runtime = createRuntime({ registry, policies: recommendedPolicies });
    const run = await runtime.run({
      name: 'Restart',
      steps: [
        { id: 'restart_db', tool: 'docker_restart', args: { container: 'db' } },
        { id: 'restart_ghost', tool: 'docker_restart', args: { container: 'ghost' } },
        { id: 'exec', tool: 'docker_exec', args: { container: 'db', cmd: ['env'] } },
      ],
    }).result;
    const answer = composeAnswer([run]);
    expect(answer.summary).toBe(
      'Restarted db. I tried to restart ghost, but it failed: no such container "ghost" on host "local" (check the name with docker_list; names are case-sensitive). ' +
        'I did not run a command in db: always blocked by policy — shell execution in containers is never allowed (shell injection risk).',
    );
    expect(answer.done.map((d) => d.stepId)).toEqual(['restart_db']);
    expect(answer.notDone.map((d) => [d.stepId, d.status])).toEqual([
      ['restart_ghost', 'failed'],
      ['exec', 'blocked'],
    ]);
  });

  it('says when nothing was run, and names tools it has no phrase for', async () => {
    expect(composeAnswer([]).text).toBe('Nothing was run.');
    expect(composeAnswer([], { nothingRun: 'Nothing needed to be done.' }).text).toBe('Nothing needed to be done.');
    const ping = defineTool({ name: 'ping_db', description: 'Ping', input: z.object({}), output: z.object({ ok: z.boolean() }), annotations: { trust: { default: 'trusted' } }, run: () => ({ ok: true }) });
    const runtime = createRuntime({ registry: new ToolRegistry().register(ping), policies: { ping_db: 'allow' } });
    const run = await runtime.run({ name: 'p', steps: [{ id: 'p', tool: 'ping_db', args: {} }] }).result;
    expect(composeAnswer([run], { phrases: {} }).summary).toBe('Ran ping_db.');
    expect(composeAnswer([run], { phrases: { ping_db: { done: () => 'Pinged the database', todo: () => 'ping the database' } } }).summary).toBe('Pinged the database.');
  });
});
