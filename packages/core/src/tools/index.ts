/**
 * Built-in sink tools: `slack_notify`, `webhook_post`, `email_send`, `http_health`.
 * All are open-world: the runtime checks them against the policies and
 * redacts secrets in their arguments before they run.
 * @module
 */
import type { AnyTool } from '../tool.js';
import { createEmailSend, type EmailSendConfig } from './email-send.js';
import { createHttpHealth, type HttpHealthConfig } from './http-health.js';
import { createSlackNotify, type SlackNotifyConfig } from './slack-notify.js';
import { createWebhookPost, type WebhookPostConfig } from './webhook-post.js';

export {
  createSlackNotify,
  slackPayload,
  SEVERITY_COLORS,
  SlackChannelSchema,
  SlackSeveritySchema,
  SlackNotifyInputSchema,
  SlackNotifyOutputSchema,
} from './slack-notify.js';
export type { SlackNotifyConfig, SlackNotifyInput, SlackNotifyOutput, SlackNotifyTool, SlackSeverity } from './slack-notify.js';
export { createWebhookPost, WebhookPostInputSchema, WebhookPostOutputSchema, WebhookHeadersSchema } from './webhook-post.js';
export type { WebhookPostConfig, WebhookPostInput, WebhookPostOutput, WebhookPostTool } from './webhook-post.js';
export { createEmailSend, EmailSendInputSchema, EmailSendOutputSchema } from './email-send.js';
export type { EmailSendConfig, EmailSendInput, EmailSendOutput, EmailSendTool } from './email-send.js';
export { createHttpHealth, HttpHealthInputSchema, HttpHealthOutputSchema } from './http-health.js';
export type { HttpHealthConfig, HttpHealthInput, HttpHealthOutput, HttpHealthTool } from './http-health.js';
export { ToolConfigError } from './config.js';
export type { FetchLike } from './http-request.js';

/** Configuration of {@link createSinkTools}: one entry per tool to create. */
export interface SinkToolsConfig {
  slack?: SlackNotifyConfig;
  webhook?: WebhookPostConfig;
  email?: EmailSendConfig;
  http?: HttpHealthConfig;
}

/**
 * Create the configured sink tools, in the order slack, webhook, email, http.
 * Tools whose configuration is missing are left out.
 * @example
 * ```ts
 * const tools = createSinkTools({
 *   slack: { webhookUrl: process.env.SLACK_WEBHOOK_URL!, defaultChannel: '#ops' },
 *   webhook: { allowedHosts: ['hooks.example.com'] },
 *   http: {},
 * });
 * // tools.map((t) => t.name) → ['slack_notify', 'webhook_post', 'http_health']
 * ```
 */
export function createSinkTools(config: SinkToolsConfig): AnyTool[] {
  const tools: AnyTool[] = [];
  if (config.slack) tools.push(createSlackNotify(config.slack));
  if (config.webhook) tools.push(createWebhookPost(config.webhook));
  if (config.email) tools.push(createEmailSend(config.email));
  if (config.http) tools.push(createHttpHealth(config.http));
  return tools;
}
