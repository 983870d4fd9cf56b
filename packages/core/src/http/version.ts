/**
 * The version `/info` reports.
 * @module
 */

/** Version of the AgentOS packages this handler belongs to. */
export const AGENTOS_VERSION = '0.1.0';
