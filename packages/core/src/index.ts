/**
 * `@agentos/core` — tools, workflows and a guarded runtime: every tool call
 * passes the AgentOS policy engine; there is no other path to a tool.
 * @packageDocumentation
 */
export * from './errors.js';
export { defineTool, isTool, isRef, toJsonSchema } from './tool.js';
export type { Tool, AnyTool, ToolCall, ToolContext, ToolAnnotations, ToolDefinition, ToolArgs, Ref, RefTarget, Json } from './tool.js';
export { ToolRegistry, type ToolInfo, type ToolSource, type PinViolation, type RegistryEvents } from './registry.js';
export * from './workflow/schema.js';
export { loadWorkflow, type Workflow, type LoadedStep, type WorkflowLike, type ToolLookup } from './workflow/load.js';
export { workflow, WorkflowBuilder, formatRefTarget } from './workflow/builder.js';
export type { RefProxy, Refs, WhenSpec, StepOptions, WorkflowOptions, TriggerPayload, ConditionMethods, FieldProxies, StepCall, Primitive } from './workflow/builder.js';
export * from './stores/index.js';
export * from './runtime/index.js';
export * from './tools/index.js';
export * from './mcp/index.js';
export * from './http/index.js';
