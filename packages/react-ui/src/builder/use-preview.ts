/**
 * The live policy preview of the workflow being built: `POST /workflows/preview`,
 * debounced, newest answer wins.
 * @module
 */
import { useEffect, useRef, useState } from 'react';
import type { WorkflowJson, WorkflowPreview } from '../client/index.js';
import { useAgentOs } from '../context/provider.js';
import { asError } from '../hooks/use-load.js';

/** What {@link useWorkflowPreview} returns. */
export interface PreviewState {
  preview: WorkflowPreview | undefined;
  /** Why the preview could not be made (an invalid workflow, a server error). */
  error: Error | undefined;
  pending: boolean;
}

/**
 * Default debounce of the preview, ms.
 * @example useWorkflowPreview(wf, PREVIEW_DEBOUNCE_MS * 2)
 */
export const PREVIEW_DEBOUNCE_MS = 300;

/**
 * The workflow without canvas positions: moving a node does not ask for a new preview.
 * @example previewKey(a) === previewKey(aMoved) // true
 */
export function previewKey(workflow: WorkflowJson): string {
  return JSON.stringify({ ...workflow, steps: workflow.steps.map(({ position: _p, ...s }) => s) });
}

/**
 * Preview `workflow` whenever it changes (ignoring node positions), `delayMs` after the last change.
 * @example const { preview, error } = useWorkflowPreview(workflow);
 */
export function useWorkflowPreview(workflow: WorkflowJson | undefined, delayMs = PREVIEW_DEBOUNCE_MS): PreviewState {
  const { client } = useAgentOs();
  const key = workflow && workflow.steps.length ? previewKey(workflow) : '';
  const latest = useRef(workflow);
  latest.current = workflow;
  const [state, setState] = useState<PreviewState>({ preview: undefined, error: undefined, pending: false });
  useEffect(() => {
    if (!key) {
      setState({ preview: undefined, error: undefined, pending: false });
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const wf = latest.current!;
      client.workflows.preview(wf, { signal: controller.signal }).then(
        (preview) => {
          if (!controller.signal.aborted) setState({ preview, error: undefined, pending: false });
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setState({ preview: undefined, error: asError(e), pending: false });
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, key, delayMs]);
  return state;
}
