/**
 * Test helpers of `@agentos/core`: real local receivers for the sink tools.
 * `startSmtpReceiver` needs the `smtp-server` package (a dev dependency).
 * @module
 */
export * from './receivers.js';
export { parseMail, decodeWords } from './mime.js';
export type { ParsedMail } from './mime.js';
