/**
 * A role's view of the tool registry: only the role's tools exist in it.
 * The runtime a role runs on holds this view, so a tool outside the role's
 * set is unknown to its planner's validation, its catalogue and its guard,
 * whatever the role is told.
 * @module
 */
import { AgentOSError, ToolRegistry, UnknownToolError, type AnyTool, type PinViolation, type ToolInfo, type ToolSource } from '@agentos/core';

/**
 * A read-only view of `base` restricted to `allowed` tool names. It follows
 * the base live: pin violations (changed MCP tool definitions) and removed
 * tools apply to the role at once. Closing it does not close the base.
 * @example
 * ```ts
 * const notifierTools = new RoleToolRegistry(registry, ['slack_notify']);
 * const notifierRuntime = createRuntime({ registry: notifierTools, policies });
 * ```
 */
export class RoleToolRegistry extends ToolRegistry {
  private readonly base: ToolRegistry;
  private readonly allowed: ReadonlySet<string>;

  constructor(base: ToolRegistry, allowed: Iterable<string>) {
    super();
    this.base = base;
    this.allowed = new Set(allowed);
    base.on('changed', () => this.emit('changed'));
    base.on('pin:violation', (name, v) => {
      if (this.allowed.has(name)) this.emit('pin:violation', name, v);
    });
  }

  /** The names this view lets through. */
  get names(): ReadonlyArray<string> {
    return [...this.allowed];
  }

  override register(..._tools: AnyTool[]): this {
    throw new AgentOSError('ROLE_REGISTRY', 'a role registry is a read-only view: register tools in the base registry and name them in the role', {
      hint: 'add the tool to the role\'s "tools" list',
    });
  }

  override add(tool: AnyTool, _source: ToolSource): void {
    void tool;
    this.register();
  }

  override remove(_name: string): boolean {
    return false;
  }

  override has(name: string): boolean {
    return this.allowed.has(name) && this.base.has(name);
  }

  override get(name: string): AnyTool | undefined {
    return this.allowed.has(name) ? this.base.get(name) : undefined;
  }

  /** The tool named `name` if it is in this role's set; otherwise throws `@agentos/core`'s `UnknownToolError` (code `UNKNOWN_TOOL`). */
  override require(name: string): AnyTool {
    const tool = this.get(name);
    if (!tool) throw new UnknownToolError(name, { details: { known: this.list().map((t) => t.name) }, hint: 'this role may only call the tools in its set' });
    return tool;
  }

  override source(name: string): ToolSource | undefined {
    return this.allowed.has(name) ? this.base.source(name) : undefined;
  }

  override pinViolation(name: string): PinViolation | undefined {
    return this.allowed.has(name) ? this.base.pinViolation(name) : undefined;
  }

  override flagPinViolation(_name: string, _violation: PinViolation): void {
    // Pins live in the base registry.
  }

  override clearPinViolation(_name: string): void {
    // Pins live in the base registry.
  }

  override list(): ToolInfo[] {
    return this.base.list().filter((t) => this.allowed.has(t.name));
  }

  /** The base registry owns its MCP connections: closing a role closes nothing. */
  override async close(): Promise<void> {}
}
