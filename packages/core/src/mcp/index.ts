/**
 * MCP: connect remote MCP servers into a ToolRegistry (with definition
 * pinning) and serve a runtime's tools as an MCP server.
 * @module
 */
export {
  connectMcp,
  approveDefinitionChange,
  type McpConnectOptions,
  type McpConnectCommonOptions,
  type McpStdioConnectOptions,
  type McpHttpConnectOptions,
  type McpConnection,
  type SkippedMcpTool,
  type ApproveDefinitionOptions,
} from './connect.js';
export { createMemoryPinStore, createFilePinStore, PinRecordSchema, hashDefinition, canonicalJson, changedFields, PINNED_FIELDS, type PinStore, type PinRecord, type PinnedField, type PinnableDefinition } from './pins.js';
export { serveMcp, mcpToolList, toMcpResult, type McpRuntime, type ServeMcpStdio, type ServeMcpHttp, type ServeMcpOptions, type McpServerHandle } from './serve.js';
