/**
 * What step nodes read besides their own data: the catalogue, the policy
 * preview and the live run (kept out of node data so a new preview or run
 * event does not rebuild the node list).
 * @module
 */
import { createContext, useContext } from 'react';
import type { StepPreview, ToolInfo } from '../client/index.js';
import type { RunState } from '../hooks/run-state.js';

/** The builder's shared state for nodes. */
export interface BuilderContextValue {
  tools: ReadonlyMap<string, ToolInfo>;
  /** Tools not loaded yet: nodes do not call a tool unknown meanwhile. */
  toolsLoaded: boolean;
  preview: ReadonlyMap<string, StepPreview>;
  run: RunState | undefined;
  /** Approve or reject a step of the current run. */
  decide: (stepId: string, approve: boolean) => void;
}

/** Shares the builder's state with its nodes. */
export const BuilderContext = createContext<BuilderContextValue>({ tools: new Map(), toolsLoaded: false, preview: new Map(), run: undefined, decide: () => {} });

/**
 * The builder's shared state, in a node.
 * @example const { preview } = useBuilder();
 */
export const useBuilder = (): BuilderContextValue => useContext(BuilderContext);
