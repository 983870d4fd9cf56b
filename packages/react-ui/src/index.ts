/**
 * `@agentos/react-ui` — React widgets for AgentOS: a live monitor dashboard,
 * a runbook builder with a live policy preview, the violation log and an
 * agent chat; hooks to build your own views; and the browser HTTP client.
 *
 * Everything here is browser-safe: `@agentos/core` and `@agentos/policy`
 * are used for types only. Styles are injected by the provider (scoped under
 * `.agentos-root`), so the host needs no CSS import.
 *
 * @example
 * ```tsx
 * import { AgentOSProvider, MonitorDashboard, ViolationLog, createAgentOsClient } from '@agentos/react-ui';
 * const client = createAgentOsClient('/api', { token });
 * export const Ops = () => (
 *   <AgentOSProvider client={client} theme="system">
 *     <MonitorDashboard />
 *     <ViolationLog />
 *   </AgentOSProvider>
 * );
 * ```
 * @packageDocumentation
 */

// The HTTP client and the wire types.
export * from './client/index.js';

// Provider, context and theming.
export {
  AgentOSProvider,
  useAgentOs,
  useAgentOsClient,
  useAgentOsEvents,
  useEventStreamState,
  useAgentOsTheme,
  type AgentOSProviderProps,
  type AgentOsContextValue,
  type AgentOsThemeSetting,
} from './context/provider.js';
export { AgentOSRoot, type AgentOSRootProps } from './context/root.js';
export { EventHub, EVENT_HISTORY_SIZE, type EventStreamState, type AgentOsEventListener } from './context/event-hub.js';

// Hooks for your own views.
export { useContainers, currentUptime, containerKey, type ContainersState, type LiveContainer } from './hooks/use-containers.js';
export { useViolations, matchesQuery, type ViolationsState } from './hooks/use-violations.js';
export { useApprovals, type ApprovalsState } from './hooks/use-approvals.js';
export { useRun, type UseRunResult } from './hooks/use-run.js';
export { applyRunEvent, applyRunRecord, emptyRunState, isRunFinished, type RunState, type StepView } from './hooks/run-state.js';
export { useTools } from './hooks/use-tools.js';
export { useLoad, type LoadState } from './hooks/use-load.js';
export { useNow } from './hooks/use-now.js';

// Widgets.
export { MonitorDashboard, ActionResultView, actionButtonName, ACTION_LABELS, type MonitorDashboardProps, type ContainerSortKey } from './monitor/monitor-dashboard.js';
export { ViolationLog, ViolationRow, type ViolationLogProps } from './violations/violation-log.js';
export { RunbookBuilder, type RunbookBuilderProps } from './builder/runbook-builder.js';
export { AgentChat, type AgentChatProps } from './chat/agent-chat.js';
export { StreamBadge } from './shared/stream-badge.js';

// Builder building blocks.
export { SchemaForm, parseStringList, type SchemaFormProps } from './builder/schema-form.js';
export { fieldKind, outputFields, missingRequired, unwrapNullable, type JsonSchema, type FieldKind, type OutputField } from './builder/json-schema.js';
export {
  workflowToGraph,
  graphToWorkflow,
  makeEdge,
  edgeId,
  conditionLabel,
  newStepId,
  freePosition,
  isUpstream,
  LAYOUT,
  type BuilderGraph,
  type StepNode,
  type StepEdge,
  type StepNodeData,
  type StepEdgeData,
  type WorkflowMeta,
} from './builder/workflow-graph.js';
export { referencedSteps, refStep, renameReferences, renameRef, RESERVED_REF_NAMES, STEP_ID_PATTERN } from './builder/references.js';
export { useWorkflowPreview, previewKey, PREVIEW_DEBOUNCE_MS, type PreviewState } from './builder/use-preview.js';
export { nodeRunStatus, nodePreviewState, previewText, runText, RUN_STATUS_LABELS, type NodeRunStatus, type NodePreviewState } from './builder/step-status.js';
export { CONDITION_OPERATORS } from './builder/edge-settings.js';
export { TOOL_DRAG_TYPE } from './builder/palette.js';

// Formatting.
export { formatViolationLine, violationFields, relativeTime, policyReason, stripSources, blockedStepMessage, violationIcon, type ViolationFields } from './format/violation-line.js';
export { formatUptime } from './format/duration.js';

// Styles.
export { agentOsCss, agentOsWidgetCss } from './styles/agentos-css.js';
export { injectAgentOsStyles, useAgentOsStyles, AGENTOS_STYLE_ID, type InjectStylesOptions } from './styles/use-agentos-styles.js';
