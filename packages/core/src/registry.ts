/**
 * The tool registry: in-process tools and tools of remote MCP servers.
 * Remote tools are namespaced by server (`github.create_issue`) and pinned by
 * the hash of their definition; a changed definition blocks calls until a
 * person approves the change.
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { AgentOSError, UnknownToolError } from './errors.js';
import { isTool, type AnyTool, type ToolAnnotations } from './tool.js';
import type { McpConnectOptions, McpConnection } from './mcp/connect.js';

/** Where a tool comes from. */
export type ToolSource = { kind: 'local' } | { kind: 'mcp'; server: string; remoteName: string };

/** A tool in the registry's catalogue, as UIs and planners see it. */
export interface ToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations: ToolAnnotations;
  source: ToolSource;
  /** Set when calls are blocked until a definition change is approved. */
  pinViolation?: PinViolation;
}

/** A remote tool whose definition no longer matches its pin. */
export interface PinViolation {
  pinnedHash: string;
  currentHash: string;
  /** What changed: `description`, `inputSchema`, … */
  changed: string[];
  detectedAt: number;
}

interface Entry {
  tool: AnyTool;
  source: ToolSource;
  pinViolation?: PinViolation;
}

/** Registry events. */
export interface RegistryEvents {
  /** The catalogue changed (tools added or removed). */
  changed: () => void;
  /** A remote tool's definition changed; calls to it are blocked until approved. */
  'pin:violation': (name: string, violation: PinViolation) => void;
}

/**
 * Holds the tools a runtime may call.
 * @example
 * ```ts
 * const registry = new ToolRegistry().register(slackNotify, ...docker.tools);
 * await registry.connectMcp({ name: 'github', command: 'npx', args: ['github-mcp'] });
 * ```
 */
export class ToolRegistry extends EventEmitter<RegistryEvents> {
  private readonly entries = new Map<string, Entry>();
  /** @internal Connections made by connectMcp, closed by close(). */
  readonly closers: Array<() => Promise<void>> = [];

  /** Add in-process tools. A name can be registered once. */
  register(...tools: AnyTool[]): this {
    for (const tool of tools) {
      if (!isTool(tool)) throw new AgentOSError('TOOL_DEFINITION', `register() takes tools made by defineTool; got ${typeof tool}`);
      this.add(tool, { kind: 'local' });
    }
    return this;
  }

  /** @internal Add a tool with its source (used for MCP tools). */
  add(tool: AnyTool, source: ToolSource): void {
    if (this.entries.has(tool.name)) {
      throw new AgentOSError('TOOL_DUPLICATE', `a tool named "${tool.name}" is already registered`, { hint: 'tool names must be unique; MCP tools are namespaced by server' });
    }
    this.entries.set(tool.name, { tool, source });
    this.emit('changed');
  }

  /** Remove a tool (e.g. an MCP server went away). */
  remove(name: string): boolean {
    const had = this.entries.delete(name);
    if (had) this.emit('changed');
    return had;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The tool, or `undefined`. */
  get(name: string): AnyTool | undefined {
    return this.entries.get(name)?.tool;
  }

  /** The tool, or a typed {@link UnknownToolError}. */
  require(name: string): AnyTool {
    const e = this.entries.get(name);
    if (!e) throw new UnknownToolError(name, { details: { known: [...this.entries.keys()] } });
    return e.tool;
  }

  source(name: string): ToolSource | undefined {
    return this.entries.get(name)?.source;
  }

  /** @internal Record that a remote tool's definition changed. */
  flagPinViolation(name: string, violation: PinViolation): void {
    const e = this.entries.get(name);
    if (!e) return;
    e.pinViolation = violation;
    this.emit('pin:violation', name, violation);
  }

  /** The pin violation blocking a tool, if any. */
  pinViolation(name: string): PinViolation | undefined {
    return this.entries.get(name)?.pinViolation;
  }

  /** @internal Clear a violation (after approval, by the MCP connection that re-pins). */
  clearPinViolation(name: string): void {
    const e = this.entries.get(name);
    if (e) delete e.pinViolation;
  }

  /** The catalogue: names, descriptions, JSON Schemas, annotations, sources. */
  list(): ToolInfo[] {
    return [...this.entries.values()].map(({ tool, source, pinViolation }) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputJsonSchema,
      ...(tool.outputJsonSchema ? { outputSchema: tool.outputJsonSchema } : {}),
      annotations: { ...tool.annotations },
      source,
      ...(pinViolation ? { pinViolation } : {}),
    }));
  }

  /**
   * Connect an MCP server (stdio `command` or Streamable HTTP `url`) and add
   * its tools, namespaced `name.tool` and pinned by definition hash. See
   * `connectMcp` in `mcp/connect.ts` for the options.
   * @example
   * ```ts
   * const files = await registry.connectMcp({ name: 'files', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] });
   * files.tools; // ['files.read_file', …]
   * ```
   */
  async connectMcp(options: McpConnectOptions): Promise<McpConnection> {
    // Loaded on first use: the MCP SDK is only needed by registries that connect servers.
    const { connectMcp } = await import('./mcp/connect.js');
    return connectMcp(this, options);
  }

  /** Close every MCP connection. */
  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    await Promise.allSettled(closers.map((c) => c()));
  }
}
