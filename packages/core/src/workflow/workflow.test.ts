/** Workflow JSON: round trip through the builder, and load errors with paths. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, loadWorkflow, ToolRegistry, workflow, WorkflowValidationError } from '../index.js';

const health_check = defineTool({
  name: 'health_check',
  description: 'Container health',
  input: z.object({ container: z.string() }),
  output: z.object({ container: z.string(), status: z.enum(['healthy', 'unhealthy', 'starting', 'none']), probes: z.array(z.object({ output: z.string() })) }),
  run: async ({ container }) => ({ container, status: 'healthy' as const, probes: [] }),
});
const docker_restart = defineTool({
  name: 'docker_restart',
  description: 'Restart a container',
  input: z.object({ container: z.string(), timeoutSeconds: z.number().optional() }),
  output: z.object({ container: z.string(), restarted: z.boolean() }),
  run: async ({ container }) => ({ container, restarted: true }),
});
const slack_notify = defineTool({
  name: 'slack_notify',
  description: 'Post to Slack',
  input: z.object({ channel: z.string(), text: z.string() }),
  run: async () => ({ delivered: true }),
});
const registry = new ToolRegistry().register(health_check, docker_restart, slack_notify);

const monitor = workflow('Database Health Monitor', { trigger: { type: 'event', event: 'unhealthy', container: 'db' } })
  .step('health', health_check({ container: 'db' }))
  .step('restart', (s) => docker_restart({ container: s.health.container }), { when: (s) => s.health.status.equals('unhealthy'), retry: { attempts: 2 } })
  .step('alert', (s) => slack_notify({ channel: '#ops', text: `db was ${s.health.status}; first probe: ${s.health.probes[0]!.output}` }), { after: ['restart'] });

describe('workflow JSON', () => {
  it('compiles the builder to JSON with {{ }} references', () => {
    const json = monitor.toJSON();
    expect(json).toEqual({
      name: 'Database Health Monitor',
      version: 1,
      trigger: { type: 'event', event: 'unhealthy', container: 'db' },
      steps: [
        { id: 'health', tool: 'health_check', args: { container: 'db' } },
        { id: 'restart', tool: 'docker_restart', args: { container: '{{ health.container }}' }, when: { ref: 'health.status', operator: 'equal', value: 'unhealthy' }, retry: { attempts: 2 } },
        { id: 'alert', tool: 'slack_notify', args: { channel: '#ops', text: 'db was {{ health.status }}; first probe: {{ health.probes[0].output }}' }, after: ['restart'] },
      ],
    });
  });

  it('round-trips: JSON text loads back into the same runnable workflow', () => {
    const text = JSON.stringify(monitor.toJSON());
    const loaded = loadWorkflow(JSON.parse(text), registry);
    expect(loaded.json).toEqual(monitor.toJSON());
    expect(loaded.order).toEqual(['health', 'restart', 'alert']);
    expect([...loaded.step('alert')!.dependsOn].sort()).toEqual(['health', 'restart']);
    expect(loadWorkflow(loaded.json).json).toEqual(loaded.json);
  });

  const load = (json: unknown) => {
    try {
      loadWorkflow(json, registry);
    } catch (e) {
      expect(e).toBeInstanceOf(WorkflowValidationError);
      return e as WorkflowValidationError;
    }
    throw new Error('expected a load error');
  };

  it('names the path of a bad shape', () => {
    const e = load({ name: 'x', steps: [{ id: 'a', tool: 'health_check', args: {}, retry: { attempts: 0 } }] });
    expect(e.issues[0]!.path).toBe('steps[0].retry.attempts');
    expect(e.message).toContain('steps[0].retry.attempts');
  });

  it('rejects unknown keys, empty workflows and bad step ids', () => {
    expect(load({ name: 'x', steps: [{ id: 'a', tool: 't', colour: 'red' }] }).issues[0]!.message).toMatch(/unknown key "colour"/);
    expect(load({ name: 'x', steps: [] }).issues[0]!.path).toBe('steps');
    expect(load({ name: 'x', steps: [{ id: '1a', tool: 'health_check' }] }).issues[0]!.path).toBe('steps[0].id');
  });

  it('rejects unknown step references, in args, when and after', () => {
    const e = load({
      name: 'x',
      steps: [
        { id: 'a', tool: 'slack_notify', args: { channel: '#x', text: 'see {{ logs.text }}' } },
        { id: 'b', tool: 'slack_notify', args: { channel: '#x', text: 'x' }, when: { ref: 'nope.status', operator: 'equal', value: 'x' } },
        { id: 'c', tool: 'slack_notify', args: { channel: '#x', text: 'x' }, after: ['ghost'] },
      ],
    });
    expect(e.issues.map((i) => i.path)).toEqual(['steps[0].args.text', 'steps[1].when.ref', 'steps[2].after[0]']);
    expect(e.issues[0]!.message).toMatch(/unknown step "logs"/);
  });

  it('rejects unknown tools when a registry is given', () => {
    const e = load({ name: 'x', steps: [{ id: 'a', tool: 'docker_explode' }] });
    expect(e.issues[0]).toEqual({ path: 'steps[0].tool', message: expect.stringMatching(/unknown tool "docker_explode"/) });
  });

  it('rejects cycles and duplicate ids', () => {
    const cycle = load({
      name: 'x',
      steps: [
        { id: 'a', tool: 'slack_notify', args: { channel: '#x', text: '{{ b }}' } },
        { id: 'b', tool: 'slack_notify', args: { channel: '#x', text: '{{ a }}' } },
      ],
    });
    expect(cycle.message).toMatch(/cycle: a → b → a/);
    expect(load({ name: 'x', steps: [{ id: 'a', tool: 'slack_notify' }, { id: 'a', tool: 'slack_notify' }] }).issues[0]!.message).toMatch(/duplicate step id/);
  });

  it('lets steps read the run input and trigger', () => {
    const wf = loadWorkflow({ name: 'x', steps: [{ id: 'a', tool: 'docker_restart', args: { container: '{{ trigger.container.name }}' } }] }, registry);
    expect(wf.step('a')!.dependsOn).toEqual([]);
  });
});
