/**
 * Proxy tools for tools of remote MCP servers. They have the same shape as
 * tools made by `defineTool`, but their JSON Schema is the server's own and
 * their input check only requires an object: the server validates the rest.
 * @internal
 * @module
 */
import { z } from 'zod';
import { AgentOSError } from '../errors.js';
import { registerRunner, type AnyTool, type ToolAnnotations, type ToolContext } from '../tool.js';

/** What a remote tool's proxy is made from. */
export interface RemoteToolSpec {
  /** The namespaced name (`server.remote_name`). */
  name: string;
  description: string;
  /** The server's JSON Schema for the arguments (handed on unchanged to MCP clients and LLMs). */
  inputJsonSchema: Record<string, unknown>;
  /** JSON Schema of the proxy's output (`{ content, structuredContent?, text }`). */
  outputJsonSchema?: Record<string, unknown>;
  annotations: ToolAnnotations;
  run: (input: Record<string, unknown>, ctx: ToolContext) => Promise<unknown>;
}

/** MCP arguments are always an object; the server checks the rest against its own schema. */
const REMOTE_INPUT = z.record(z.string(), z.unknown());

/**
 * Make a proxy tool object, callable by the runtime like any tool.
 * @example
 * ```ts
 * const tool = defineRemoteTool({ name: 'echo.say', description: 'Say it', inputJsonSchema: { type: 'object' }, annotations: {}, run: async (args) => args });
 * ```
 */
export function defineRemoteTool(spec: RemoteToolSpec): AnyTool {
  if (!spec.description.trim()) {
    throw new AgentOSError('TOOL_DEFINITION', `tool "${spec.name}" needs a description`, { path: ['description'] });
  }
  const call = (args: unknown) => ({ kind: 'tool-call' as const, tool: spec.name, args });
  const tool = Object.assign(call, {
    kind: 'tool' as const,
    description: spec.description,
    input: REMOTE_INPUT,
    output: undefined,
    annotations: Object.freeze({ ...spec.annotations }),
    inputJsonSchema: spec.inputJsonSchema,
    outputJsonSchema: spec.outputJsonSchema,
  });
  Object.defineProperty(tool, 'name', { value: spec.name });
  registerRunner(tool, async (input, ctx) => spec.run(input as Record<string, unknown>, ctx));
  return Object.freeze(tool) as unknown as AnyTool;
}
