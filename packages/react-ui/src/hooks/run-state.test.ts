import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../client/index.js';
import { applyRunEvent, applyRunRecord, emptyRunState, isRunFinished } from './run-state.js';

const ref = { runId: 'r', workflow: 'w' };
const record = (status: RunRecord['status'], steps: RunRecord['steps']): RunRecord =>
  ({ id: 'r', workflow: 'w', json: { name: 'w', steps: [] }, status, mode: 'dataflow', trigger: { type: 'manual' }, input: {}, startedAt: 0, steps, violations: 0 }) as unknown as RunRecord;

describe('run state', () => {
  it('folds events, ignoring other runs', () => {
    let s = emptyRunState('r');
    s = applyRunEvent(s, { type: 'step:start', data: { ...ref, stepId: 'a', tool: 't', attempt: 1 } });
    s = applyRunEvent(s, { type: 'step:start', data: { ...ref, runId: 'x', stepId: 'b', tool: 't', attempt: 1 } });
    expect(Object.keys(s.steps)).toEqual(['a']);
    expect(s.steps.a!.status).toBe('running');
    s = applyRunEvent(s, { type: 'step:end', data: { ...ref, stepId: 'a', tool: 't', step: { id: 'a', tool: 't', status: 'succeeded', attempts: 1 } } });
    expect(s.steps.a!.status).toBe('succeeded');
  });

  it('never moves a step or a run backwards when a stale record arrives late', () => {
    let s = emptyRunState('r');
    s = applyRunEvent(s, { type: 'run:end', data: { run: record('succeeded_with_violations', { a: { id: 'a', tool: 't', status: 'blocked', attempts: 0, reason: 'Blocked — always blocked: no' } }) } });
    s = applyRunRecord(s, record('running', { a: { id: 'a', tool: 't', status: 'running', attempts: 1 } }));
    expect(s.steps.a!.status).toBe('blocked');
    expect(s.steps.a!.reason).toBe('Blocked — always blocked: no');
    expect(s.status).toBe('succeeded_with_violations');
    expect(isRunFinished(s.status)).toBe(true);
  });

  it('moves from awaiting approval to running after an approval', () => {
    let s = emptyRunState('r');
    s = applyRunEvent(s, { type: 'step:approval', data: { ...ref, stepId: 'a', tool: 't', approval: { runId: 'r', stepId: 'a' } as never } });
    expect(s.steps.a!.approval).toBeDefined();
    s = applyRunEvent(s, { type: 'step:start', data: { ...ref, stepId: 'a', tool: 't', attempt: 1 } });
    expect(s.steps.a!.status).toBe('running');
    expect(s.steps.a!.approval).toBeUndefined();
  });
});
