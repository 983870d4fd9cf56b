import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSlackReceiver, type HttpReceiver } from '@agentos/core/testing';
import { startFakeOpenAI, messageText, type FakeOpenAI, type FakeReply } from '../testing/index.js';
import { createTestRig, PLANTED_SECRET, planReply } from '../agent/test-fixtures.js';
import { createSwarm, defaultSwarmRoles, PlanningError, RoleToolRegistry, type SwarmEvent } from '../index.js';

let fake: FakeOpenAI;
let slack: HttpReceiver;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  slack = await startSlackReceiver();
});
afterEach(() => fake.reset());
afterAll(async () => {
  await Promise.all([fake.close(), slack.close()]);
});

const COORDINATOR = /coordinator of an AgentOS swarm/;
const roleSystem = (role: string) => new RegExp(`You are the ${role} role of a swarm`);

function setup() {
  const rig = createTestRig(fake, { slackUrl: slack.url });
  const swarm = createSwarm({ base: { registry: rig.registry, policies: rig.runtime.engine.policies, sanitizer: rig.sanitizer }, llm: rig.llm, roles: defaultSwarmRoles(rig.registry) });
  return { ...rig, swarm };
}

/** Script the coordinator and, per role, the planner replies in order. */
function script(coordinator: unknown, roles: Record<string, FakeReply[]>) {
  fake.when({ system: COORDINATOR }, { json: coordinator }, { times: 1 });
  for (const [role, replies] of Object.entries(roles)) {
    const queue = [...replies];
    fake.when({ system: roleSystem(role) }, () => queue.shift());
  }
}

const requestsOf = (re: RegExp) => fake.chatRequests().filter((r) => re.test(r.system ?? ''));
const allText = (r: { messages: Array<{ content?: unknown }> }) => r.messages.map((m) => messageText(m.content)).join('\n');

const ASSIGNMENTS = {
  assignments: [
    { id: 'investigate', role: 'investigator', task: 'Find the unhealthy containers and read the logs of db' },
    { id: 'fix', role: 'fixer', task: 'Restart the unhealthy containers the investigation found', receives: ['investigate'] },
    { id: 'notify', role: 'notifier', task: 'Tell #ops what was found and fixed', receives: ['investigate', 'fix'] },
  ],
};

const INVESTIGATE = planReply('Investigate', [
  { id: 'list', tool: 'docker_list', args: {} },
  { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
]);
const FIX = planReply('Fix', [
  { id: 'restart_db', tool: 'docker_restart', args: { container: 'db' } },
  { id: 'restart_api', tool: 'docker_restart', args: { container: 'api' } },
]);

describe('createSwarm', () => {
  it('hands sub-tasks to role agents; labels travel with the data, so the notifier cannot send the investigator\'s logs', async () => {
    const { swarm, docker } = setup();
    script(ASSIGNMENTS, {
      investigator: [INVESTIGATE],
      fixer: [FIX],
      notifier: [planReply('Notify', [{ id: 'send', tool: 'slack_notify', args: { text: 'db logs: {{ input.investigate.logs.text }}' } }])],
    });
    const before = slack.received.length;
    const events: SwarmEvent[] = [];
    for await (const e of swarm.run('Fix all unhealthy containers and notify me')) events.push(e);

    expect([await docker.restartCount('db'), await docker.restartCount('api'), await docker.restartCount('web')]).toEqual([1, 1, 0]);
    expect(slack.received.length).toBe(before);
    const answer = events.at(-1)!;
    expect(answer.type).toBe('answer');
    if (answer.type !== 'answer') return;
    const notify = answer.results.find((r) => r.assignment.id === 'notify')!.answer!;
    expect(notify.run!.steps.send!.status).toBe('blocked');
    expect(notify.run!.steps.send!.reason).toMatch(/untrusted data context.*docker_logs/);
    expect(notify.summary).toBe('Nothing was done. I did not send the Slack message: the data came from container logs, which may contain secrets; the results are shown here instead.');
    expect(answer.text).toContain('fixer (fix): Restarted db and api.');

    // The fixer learned which containers to restart from the trusted part of the hand-off.
    const fixer = requestsOf(roleSystem('fixer'))[0]!;
    expect(fixer.lastUser).toMatch(/"name":"api"[^}]*"state":"running","health":"unhealthy"/);
    // No planner (nor the coordinator) ever saw the logs: only handles.
    const notifier = requestsOf(roleSystem('notifier'))[0]!;
    expect(notifier.lastUser).toContain('{{ input.investigate.logs }}');
    for (const r of [...requestsOf(COORDINATOR), ...requestsOf(/planner of AgentOS/)]) {
      expect(allText(r)).not.toContain(PLANTED_SECRET);
      expect(allText(r)).not.toContain('No space left');
    }
    // The block is in the one violation log all roles share.
    const blocked = (await swarm.stores.violations.list()).filter((v) => v.kind === 'blocked');
    expect(blocked.map((v) => [v.workflow, v.tool])).toEqual([['Swarm: notifier', 'slack_notify']]);
  });

  it('lets the notifier send trusted facts it was handed', async () => {
    const { swarm } = setup();
    script(ASSIGNMENTS, {
      investigator: [INVESTIGATE],
      fixer: [FIX],
      notifier: [
        planReply('Notify', [
          { id: 'send', tool: 'slack_notify', args: { text: 'Restarted {{ input.fix.restart_db.container }} ({{ input.fix.restart_db.state }}) and {{ input.fix.restart_api.container }} ({{ input.fix.restart_api.state }})' } },
        ]),
      ],
    });
    const before = slack.received.length;
    const answer = await swarm.ask('Fix all unhealthy containers and notify me');
    expect(slack.received.length).toBe(before + 1);
    expect(slack.received.at(-1)!.body).toMatchObject({ text: 'Restarted db (running) and api (running)' });
    expect(answer.text).toContain('notifier (notify): Sent the Slack message.');
  });

  it('holds role limits: a notifier told to restart a container cannot, whatever its planner says', async () => {
    const { swarm, docker } = setup();
    const restart = planReply('Restart', [{ id: 'restart', tool: 'docker_restart', args: { container: 'db' } }]);
    script({ assignments: [{ id: 'oops', role: 'notifier', task: 'Restart db, then tell #ops' }] }, { notifier: [restart, restart, restart] });
    const answer = await swarm.ask('Restart db');
    const result = answer.results[0]!;
    expect(result.error).toBeInstanceOf(PlanningError);
    expect((result.error as PlanningError).issues[0]!.message).toContain('unknown tool "docker_restart"');
    expect(answer.text).toMatch(/^notifier \(oops\): could not do its task: the planner gave no valid workflow in 3 attempts/);
    expect(await docker.restartCount('db')).toBe(0);
    // Its planner was never even shown the tool.
    const req = requestsOf(roleSystem('notifier'))[0]!;
    expect(req.system).toContain('### slack_notify');
    expect(req.system).not.toContain('### docker_restart');

    // Going around the planner does not help: the role's runtime has no such tool.
    const session = swarm.members.notifier!.runtime.session({ name: 'bypass', mode: 'dataflow' });
    const call = await session.call('docker_restart', { container: 'db' });
    expect(call).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_TOOL' } });
    await session.close();
    expect(await docker.restartCount('db')).toBe(0);
  });

  it('sends invalid assignments back to the coordinator, bounded', async () => {
    const { swarm } = setup();
    fake.when({ system: COORDINATOR }, { json: { assignments: [{ id: 'a', role: 'hacker', task: 'anything' }] } }, { times: 1 });
    fake.when({ system: COORDINATOR }, { json: { assignments: [{ id: 'look', role: 'investigator', task: 'List containers', receives: ['later'] }] } }, { times: 1 });
    fake.when({ system: COORDINATOR }, { json: { assignments: [{ id: 'look', role: 'investigator', task: 'List containers' }] } }, { times: 1 });
    script({ assignments: [] }, { investigator: [planReply('List', [{ id: 'list', tool: 'docker_list', args: {} }])] });
    const answer = await swarm.ask('What is running?');
    expect(answer.text).toBe('investigator (look): Listed the containers.');
    const [, second, third] = requestsOf(COORDINATOR);
    expect(second!.lastUser).toContain('unknown role "hacker"');
    expect(third!.lastUser).toContain('"later" is not an earlier assignment');
  });

  it('refuses roles naming tools the registry does not have, and role registries are read-only views', () => {
    const rig = createTestRig(fake, { slackUrl: slack.url });
    expect(() => createSwarm({ base: { registry: rig.registry, policies: {} }, llm: rig.llm, roles: [{ name: 'x', description: 'x', tools: ['docker_nuke'] }] })).toThrow(
      /role "x" names tool "docker_nuke", which is not in the registry/,
    );
    const view = new RoleToolRegistry(rig.registry, ['docker_list']);
    expect(view.list().map((t) => t.name)).toEqual(['docker_list']);
    expect(view.get('docker_exec')).toBeUndefined();
    expect(() => view.register(rig.registry.get('docker_exec')!)).toThrow(/read-only view/);
  });
});
