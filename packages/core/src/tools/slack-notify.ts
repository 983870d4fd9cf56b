/**
 * `slack_notify`: post a message to Slack through an incoming webhook.
 * @module
 */
import { z } from 'zod';
import { defineTool, type Tool } from '../tool.js';
import { ToolExecutionError, ToolValidationError } from '../errors.js';
import { checkHttpUrl, checkTimeout, ToolConfigError } from './config.js';
import { displayUrl, requestWithin, USER_AGENT, type FetchLike } from './http-request.js';

const TOOL = 'slack_notify';

/** A Slack channel: `#name`, `@user`, or a channel ID like `C0123ABC`. */
export const SlackChannelSchema = z
  .string()
  .regex(/^[#@]?[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'a Slack channel like "#ops", "@user" or a channel ID')
  .describe('Slack channel, e.g. "#ops"');

/** Message severity; sets the colour bar of the message. */
export const SlackSeveritySchema = z.enum(['info', 'warning', 'critical']);
/** Message severity of {@link createSlackNotify}. */
export type SlackSeverity = z.infer<typeof SlackSeveritySchema>;

/** Colours of the attachment bar per severity (Slack's good / warning / danger). */
export const SEVERITY_COLORS: Readonly<Record<SlackSeverity, string>> = Object.freeze({
  info: '#2eb886',
  warning: '#daa038',
  critical: '#a30200',
});

/** Input of `slack_notify`. */
export const SlackNotifyInputSchema = z.strictObject({
  channel: SlackChannelSchema.optional(),
  text: z.string().min(1).max(40_000).describe('Message text (Slack mrkdwn), 1 to 40000 characters'),
  severity: SlackSeveritySchema.optional().describe('info (default), warning or critical'),
});
/** Input of `slack_notify`. */
export type SlackNotifyInput = z.infer<typeof SlackNotifyInputSchema>;

/** Output of `slack_notify`. */
export const SlackNotifyOutputSchema = z.strictObject({
  delivered: z.literal(true),
  channel: z.string(),
  status: z.number().int(),
});
/** Output of `slack_notify`. */
export type SlackNotifyOutput = z.infer<typeof SlackNotifyOutputSchema>;

/** Configuration of {@link createSlackNotify}. */
export interface SlackNotifyConfig {
  /** The incoming-webhook URL (a secret: it never appears in messages or outputs). */
  webhookUrl: string;
  /** Channel used when a call gives none. Without it, `channel` is required. */
  defaultChannel?: string;
  /** Deadline for the whole request, in ms. Default 10000. */
  timeoutMs?: number;
  /** `fetch` to use (default: the global one). */
  fetch?: FetchLike;
}

/** The `slack_notify` tool type. */
export type SlackNotifyTool = Tool<'slack_notify', typeof SlackNotifyInputSchema, typeof SlackNotifyOutputSchema>;

/**
 * The JSON body posted to the incoming webhook: the text, plus one attachment
 * whose colour bar and field show the severity.
 * @example
 * ```ts
 * slackPayload('#ops', 'disk almost full', 'warning');
 * // { channel: '#ops', text: 'disk almost full', attachments: [{ color: '#daa038', … }] }
 * ```
 */
export function slackPayload(channel: string, text: string, severity: SlackSeverity): Record<string, unknown> {
  return {
    channel,
    text,
    attachments: [
      {
        color: SEVERITY_COLORS[severity],
        fallback: `[${severity}] ${text.slice(0, 200)}`,
        fields: [{ title: 'Severity', value: severity, short: true }],
      },
    ],
  };
}

/**
 * Create the `slack_notify` tool. It is open-world (a sink): the runtime
 * checks it against the policies and redacts secrets in its arguments before
 * it runs. A non-2xx answer from Slack is a {@link ToolExecutionError} with
 * the status and an excerpt of Slack's answer.
 * @example
 * ```ts
 * const slack = createSlackNotify({ webhookUrl: process.env.SLACK_WEBHOOK_URL!, defaultChannel: '#ops' });
 * const step = slack({ channel: '#ops', text: 'web restarted', severity: 'info' });
 * ```
 */
export function createSlackNotify(config: SlackNotifyConfig): SlackNotifyTool {
  const webhook = checkHttpUrl(TOOL, 'webhookUrl', config?.webhookUrl);
  const timeoutMs = checkTimeout(TOOL, 'timeoutMs', config.timeoutMs, 10_000);
  const fetchImpl: FetchLike = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const defaultChannel = config.defaultChannel;
  if (defaultChannel !== undefined && !SlackChannelSchema.safeParse(defaultChannel).success) {
    throw new ToolConfigError(TOOL, `defaultChannel "${defaultChannel}" is not a Slack channel`, { path: ['defaultChannel'], hint: 'e.g. "#ops"' });
  }
  // With a default channel the argument may be left out; without one it is required
  // (and the JSON Schema says so). The static type stays the same.
  const input = (
    defaultChannel ? SlackNotifyInputSchema : SlackNotifyInputSchema.extend({ channel: SlackChannelSchema })
  ) as typeof SlackNotifyInputSchema;
  // The webhook URL holds a token: messages only show the origin.
  const display = displayUrl(webhook, { path: false });

  return defineTool({
    name: TOOL,
    description:
      'Send a message to a Slack channel through an incoming webhook. Arguments: channel (e.g. "#ops"), text, severity (info | warning | critical).',
    input,
    output: SlackNotifyOutputSchema,
    annotations: {
      title: 'Slack notification',
      openWorldHint: true,
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      trust: { default: 'trusted' },
    },
    async run(args, ctx): Promise<SlackNotifyOutput> {
      const channel = args.channel ?? defaultChannel;
      if (!channel) {
        throw new ToolValidationError(TOOL, 'input', [{ path: 'channel', message: 'a channel is required (no defaultChannel is configured)' }]);
      }
      const severity = args.severity ?? 'info';
      const res = await requestWithin({
        tool: TOOL,
        display,
        fetch: fetchImpl,
        url: webhook,
        timeoutMs,
        signal: ctx.signal,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT },
          body: JSON.stringify(slackPayload(channel, args.text, severity)),
        },
      });
      const status = res.response.status;
      if (status < 200 || status > 299) {
        const excerpt = await res.excerpt();
        throw new ToolExecutionError(TOOL, `Slack webhook ${display} answered ${status}${excerpt ? `: ${excerpt}` : ''}`, {
          hint: slackHint(status, excerpt),
          details: { status, body: excerpt, channel },
        });
      }
      await res.discard();
      return { delivered: true, channel, status };
    },
  });
}

function slackHint(status: number, body: string): string {
  if (status >= 300 && status < 400) return 'the webhook URL redirects; configure the final webhook URL';
  if (/invalid_token|no_service|no_team/.test(body) || status === 404) return 'the webhook URL is wrong or was revoked; create a new incoming webhook in Slack';
  if (/channel_not_found|channel_is_archived|action_prohibited/.test(body)) return 'check the channel name and that the webhook may post to it';
  if (/invalid_payload|no_text/.test(body)) return 'Slack rejected the message body';
  if (status === 429) return 'Slack is rate limiting; send fewer messages';
  if (status >= 500) return 'Slack (or the receiver) had an internal error; try again later';
  return 'check the webhook URL and the message';
}
