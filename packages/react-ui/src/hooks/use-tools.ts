/**
 * `useTools`: the tool catalogue.
 * @module
 */
import type { ToolInfo } from '../client/index.js';
import { useAgentOs } from '../context/provider.js';
import { useLoad, type LoadState } from './use-load.js';

/**
 * The tools the server's registry holds (name, description, input and output schemas).
 * @example const { data: tools = [] } = useTools();
 */
export function useTools(): LoadState<ToolInfo[]> {
  const { client } = useAgentOs();
  return useLoad((signal) => client.tools({ signal }), [client]);
}
