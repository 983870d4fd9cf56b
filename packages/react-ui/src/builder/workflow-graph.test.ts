import { describe, expect, it } from 'vitest';
import type { WorkflowJson } from '@agentos/core';
import { loadWorkflow } from '@agentos/core';
import { freePosition, graphToWorkflow, isUpstream, makeEdge, newStepId, workflowToGraph, type StepNode } from './workflow-graph.js';
import { referencedSteps, renameReferences, renameRef } from './references.js';

const node = (id: string, tool: string, args: Record<string, unknown> = {}, x = 0): StepNode => ({ id, type: 'step', position: { x, y: 0 }, data: { tool, args } });

describe('graph → workflow JSON', () => {
  it('turns edges into after, unless the target references the source', () => {
    const json = graphToWorkflow({
      meta: { name: 'Database Health Monitor' },
      nodes: [node('notify', 'slack_notify', { text: 'Logs: {{ logs.text }}' }), node('logs', 'docker_logs', { container: 'db' }), node('audit', 'log_event')],
      edges: [makeEdge('logs', 'notify'), makeEdge('logs', 'audit')],
    });
    expect(json.steps.map((s) => s.id)).toEqual(['logs', 'notify', 'audit']);
    expect(json.steps[1]).toEqual({ id: 'notify', tool: 'slack_notify', args: { text: 'Logs: {{ logs.text }}' }, position: { x: 0, y: 0 } });
    expect(json.steps[2]!.after).toEqual(['logs']);
    expect(() => loadWorkflow(json)).not.toThrow();
  });

  it('turns edge conditions into when', () => {
    const json = graphToWorkflow({
      meta: { name: 'w' },
      nodes: [node('health', 'health_check'), node('restart', 'docker_restart', { container: 'db' })],
      edges: [makeEdge('health', 'restart', [{ ref: 'health.status', operator: 'equal', value: 'unhealthy' }])],
    });
    expect(json.steps[1]).toMatchObject({ id: 'restart', when: { ref: 'health.status', operator: 'equal', value: 'unhealthy' } });
    expect(json.steps[1]!.after).toBeUndefined();
  });
});

describe('workflow JSON → graph', () => {
  const wf: WorkflowJson = {
    name: 'w',
    trigger: { type: 'manual' },
    steps: [
      { id: 'health', tool: 'health_check', args: { container: 'db' } },
      { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, after: ['health'] },
      { id: 'notify', tool: 'slack_notify', args: { text: '{{ logs.text }}' }, when: [{ ref: 'health.status', operator: 'equal', value: 'unhealthy' }, { ref: 'input.force', operator: 'equal', value: true }], retry: { attempts: 2 } },
    ],
  };
  it('derives edges from after, references and conditions, and lays out unplaced steps', () => {
    const g = workflowToGraph(wf);
    expect(g.meta).toEqual({ name: 'w', trigger: { type: 'manual' } });
    expect(g.edges.map((e) => [e.source, e.target, e.data?.when?.length ?? 0])).toEqual([
      ['health', 'logs', 0],
      ['logs', 'notify', 0],
      ['health', 'notify', 1],
    ]);
    expect(g.nodes.map((n) => n.position.x)).toEqual([40, 300, 560]);
    expect(g.nodes[2]!.data.ownWhen).toEqual([{ ref: 'input.force', operator: 'equal', value: true }]);
  });
  it('round-trips', () => {
    const back = graphToWorkflow(workflowToGraph(wf));
    expect(back.steps.map(({ position, ...s }) => s)).toEqual(wf.steps);
  });
});

describe('helpers', () => {
  it('names, places and checks steps', () => {
    expect(newStepId('docker_logs', new Set(['docker_logs', 'docker_logs_2']))).toBe('docker_logs_3');
    expect(newStepId('github.create_issue', new Set())).toBe('github_create_issue');
    expect(freePosition([node('a', 't', {}, 40)].map((n) => ({ ...n, position: { x: 40, y: 40 } })))).toEqual({ x: 300, y: 40 });
    const edges = [makeEdge('a', 'b'), makeEdge('b', 'c')];
    expect(isUpstream(edges, 'a', 'c')).toBe(true);
    expect(isUpstream(edges, 'c', 'a')).toBe(false);
  });
  it('reads and renames references', () => {
    expect([...referencedSteps({ a: ['{{ x.y }} and {{input.z}}', { b: '{{ w }}' }] })]).toEqual(['x', 'w']);
    expect(renameReferences({ t: 'a {{ x.y }} {{ xx.y }}' }, 'x', 'z')).toEqual({ t: 'a {{ z.y }} {{ xx.y }}' });
    expect(renameRef('x.status', 'x', 'z')).toBe('z.status');
  });
});
