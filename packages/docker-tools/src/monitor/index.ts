/**
 * The live container monitor and container-event triggers.
 * @module
 */
export * from './types.js';
export { createContainerMonitor, defaultBackoff, type ContainerMonitor, type ContainerMonitorOptions } from './container-monitor.js';
export * from './trigger.js';
