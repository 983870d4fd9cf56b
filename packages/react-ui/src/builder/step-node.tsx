/**
 * A step on the canvas: its title and tool, what the policy preview says
 * (a blocked step gets a red border and the reason, before anything runs),
 * and, during a run, its status with approve/reject when it waits.
 * @module
 */
import { memo, type ReactNode } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useBuilder } from './builder-context.js';
import { missingRequired, type JsonSchema } from './json-schema.js';
import { nodePreviewState, nodeRunStatus, previewText, runText } from './step-status.js';
import type { StepNode } from './workflow-graph.js';

function StepNodeViewImpl({ id, data, selected }: NodeProps<StepNode>): ReactNode {
  const { tools, toolsLoaded, preview, run, decide } = useBuilder();
  const tool = tools.get(data.tool);
  const p = preview.get(id);
  const step = run?.steps[id];
  const status = run ? nodeRunStatus(step) : undefined;
  const missing = tool ? missingRequired(tool.inputSchema as JsonSchema, data.args) : [];
  const sourceTools = p ? p.sources.map((s) => preview.get(s)?.tool ?? s) : [];
  const previewState = p ? nodePreviewState(p) : undefined;
  return (
    <div
      className="agentos-node"
      data-testid={`node-${id}`}
      data-tool={data.tool}
      data-selected={selected || undefined}
      {...(status ? { 'data-status': status } : {})}
      {...(previewState ? { 'data-preview': previewState } : {})}
    >
      <Handle type="target" position={Position.Left} aria-label={`Inputs of ${id}`} />
      <div className="agentos-node__head">
        <span className="agentos-node__title">{data.title || id}</span>
        {status ? <span className={`agentos-badge agentos-badge--${status === 'done' ? 'ok' : status === 'blocked' || status === 'failed' ? 'bad' : status === 'awaiting_approval' ? 'warn' : 'info'}`}>{status.replace('_', ' ')}</span> : null}
      </div>
      <div className="agentos-node__tool">{data.tool}</div>
      {toolsLoaded && !tool ? <p className="agentos-node__reason agentos-node__reason--warn">Unknown tool: not in the catalogue</p> : null}
      {tool?.pinViolation ? <p className="agentos-node__reason agentos-node__reason--blocked">Tool definition changed: calls are blocked until approved</p> : null}
      {missing.length ? <p className="agentos-node__reason agentos-muted">Missing: {missing.join(', ')}</p> : null}
      <p
        role="status"
        aria-live="polite"
        className={`agentos-node__reason${previewState === 'blocked' ? ' agentos-node__reason--blocked' : previewState === 'approval' ? ' agentos-node__reason--warn' : ''}`}
        data-testid={`node-preview-${id}`}
      >
        {p && !status ? previewText(p, sourceTools) : null}
      </p>
      {status ? (
        <p role="status" aria-live="polite" className={`agentos-node__reason${status === 'blocked' || status === 'failed' ? ' agentos-node__reason--blocked' : ''}`} data-testid={`node-run-${id}`}>
          {runText(step)}
        </p>
      ) : null}
      {status === 'awaiting_approval' ? (
        <div className="agentos-node__actions nodrag">
          <button type="button" className="agentos-btn agentos-btn--primary agentos-btn--small" aria-label={`Approve ${id}`} onClick={() => decide(id, true)}>
            Approve
          </button>
          <button type="button" className="agentos-btn agentos-btn--danger agentos-btn--small" aria-label={`Reject ${id}`} onClick={() => decide(id, false)}>
            Reject
          </button>
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} aria-label={`Output of ${id}`} />
    </div>
  );
}

/**
 * The custom node type `step` of the builder's canvas.
 * @example <ReactFlow nodeTypes={{ step: StepNodeView }} … />
 */
export const StepNodeView = memo(StepNodeViewImpl);
