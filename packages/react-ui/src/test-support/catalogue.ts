/**
 * A small tool catalogue for component tests, with schemas made the way the
 * server makes them (`z.toJSONSchema`), and the real policy preview.
 * @module
 */
import { z } from 'zod';
import { loadWorkflow, previewWorkflow, type ToolInfo, type WorkflowJson, type WorkflowPreview } from '@agentos/core';
import { createPolicyEngine, recommendedPolicies } from '@agentos/policy';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
};

const tool = (name: string, description: string, input: z.ZodType, output: z.ZodType | undefined, annotations: ToolInfo['annotations'] = {}): ToolInfo => ({
  name,
  description,
  inputSchema: schema(input),
  ...(output ? { outputSchema: schema(output, 'output') } : {}),
  annotations,
  source: { kind: 'local' },
});

/** docker_logs, health_check, slack_notify, docker_restart. */
export const TEST_TOOLS: ToolInfo[] = [
  tool(
    'docker_logs',
    'Read the logs of a container',
    z.strictObject({ container: z.string().min(1).describe('Container name'), tail: z.number().int().min(1).max(5000).optional() }),
    z.object({ text: z.string(), lines: z.number().int() }),
    { readOnlyHint: true },
  ),
  tool('health_check', 'Check the health of a container', z.strictObject({ container: z.string().min(1) }), z.object({ status: z.enum(['healthy', 'unhealthy', 'starting', 'none']), failingStreak: z.number() }), { readOnlyHint: true }),
  tool(
    'slack_notify',
    'Post a message to Slack',
    z.strictObject({ channel: z.string().optional(), text: z.string().min(1).max(40_000).describe('Message text'), severity: z.enum(['info', 'warning', 'critical']).optional() }),
    z.object({ delivered: z.literal(true) }),
    { openWorldHint: true },
  ),
  tool('docker_restart', 'Restart a container', z.strictObject({ container: z.string().min(1) }), z.object({ restarted: z.boolean() }), { destructiveHint: true }),
];

const engine = createPolicyEngine(recommendedPolicies);

/**
 * The server's preview under the recommended policies (the real engine, in process).
 * @example realPreview({ name: 'w', steps: [...] })
 */
export function realPreview(workflow: WorkflowJson): WorkflowPreview {
  return previewWorkflow(loadWorkflow(workflow), engine);
}
