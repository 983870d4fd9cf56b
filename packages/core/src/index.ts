/**
 * `@agentos/core` — tools, workflows and a guarded runtime.
 * @packageDocumentation
 */
export * from './errors.js';
export { defineTool, isTool, toJsonSchema } from './tool.js';
export type { Tool, AnyTool, ToolCall, ToolContext, ToolAnnotations, ToolDefinition, ToolArgs, Ref, Json } from './tool.js';
