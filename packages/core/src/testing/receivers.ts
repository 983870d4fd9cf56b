/**
 * Real local receivers for sink-tool tests and examples: HTTP (Slack, webhooks)
 * and SMTP, all on 127.0.0.1 with a random port.
 * @module
 */
export { startSlackReceiver, startWebhookReceiver } from './http-receivers.js';
export type { HttpReceiver, ReceivedRequest } from './http-receivers.js';
export { startSmtpReceiver } from './smtp-receiver.js';
export type { ReceivedEmail, SmtpReceiver, SmtpReceiverOptions } from './smtp-receiver.js';
