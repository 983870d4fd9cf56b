export * from './runtime.js';
export * from './events.js';
export * from './session.js';
export { previewWorkflow, type StepPreview, type WorkflowPreview } from './preview.js';
export type { JsonRedactor } from './guard.js';
