/**
 * `email_send`: send a plain-text email over SMTP (nodemailer).
 * @module
 */
import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { z } from 'zod';
import { defineTool, type Tool } from '../tool.js';
import { CancelledError, isAgentOSError, SinkRefusedError, TimeoutError, ToolExecutionError } from '../errors.js';
import { compileDomainAllowList, type DomainAllowList } from './allow-list.js';
import { checkTimeout, ToolConfigError } from './config.js';

const TOOL = 'email_send';

const Address = z.email().max(254);
const Recipients = z.union([Address, z.array(Address).min(1).max(50)]);

/** Input of `email_send`. */
export const EmailSendInputSchema = z.strictObject({
  to: Recipients.describe('recipient address, or a list of addresses'),
  subject: z.string().min(1).max(998).regex(/^[^\r\n]*$/, 'a single line').describe('subject line'),
  text: z.string().max(1_000_000).describe('plain-text body'),
  cc: Recipients.optional().describe('copy recipients'),
});
/** Input of `email_send`. */
export type EmailSendInput = z.infer<typeof EmailSendInputSchema>;

/** Output of `email_send`. */
export const EmailSendOutputSchema = z.strictObject({
  /** True when the server accepted the message for at least one recipient. */
  delivered: z.boolean(),
  messageId: z.string(),
  accepted: z.array(z.string()),
  rejected: z.array(z.string()),
});
/** Output of `email_send`. */
export type EmailSendOutput = z.infer<typeof EmailSendOutputSchema>;

/** Configuration of {@link createEmailSend}. */
export interface EmailSendConfig {
  /** nodemailer SMTP transport options: `host`, `port`, `secure`, `auth`, `ignoreTLS`, `requireTLS`, `tls`… */
  smtp: SMTPTransport.Options;
  /** Sender: `ops@example.com` or `AgentOS <ops@example.com>`. */
  from: string;
  /** When set, recipients (to and cc) must be in these domains (`example.com`, `*.example.com`); others are refused before sending. */
  allowedDomains?: string[];
  /** Deadline for connecting and sending, in ms. Default 30000. */
  timeoutMs?: number;
}

/** The `email_send` tool type. */
export type EmailSendTool = Tool<'email_send', typeof EmailSendInputSchema, typeof EmailSendOutputSchema>;

const FROM = /^(?:[^<>\r\n]*<)?([^<>\s@]+@[^<>\s@]+)>?$/;

/**
 * Create the `email_send` tool: one SMTP connection per message. Recipients
 * outside `allowedDomains` are refused ({@link SinkRefusedError}) before any
 * connection is made. Cancelling through the step's AbortSignal, or passing
 * `timeoutMs`, closes the connection. When the server rejects some recipients
 * the result lists them in `rejected`; when it rejects all, the call fails.
 * @example
 * ```ts
 * const email = createEmailSend({
 *   smtp: { host: 'smtp.example.com', port: 587, auth: { user: 'ops', pass: process.env.SMTP_PASS! } },
 *   from: 'AgentOS <ops@example.com>',
 *   allowedDomains: ['example.com'],
 * });
 * const step = email({ to: 'oncall@example.com', subject: 'web restarted', text: 'web was restarted at 10:02' });
 * ```
 */
export function createEmailSend(config: EmailSendConfig): EmailSendTool {
  const smtp = config?.smtp;
  if (!smtp || typeof smtp !== 'object') {
    throw new ToolConfigError(TOOL, 'smtp options are required', { path: ['smtp'], hint: "e.g. smtp: { host: 'smtp.example.com', port: 587 }" });
  }
  if (!smtp.host && !smtp.service && !(smtp as { url?: string }).url) {
    throw new ToolConfigError(TOOL, 'smtp.host is required', { path: ['smtp', 'host'], hint: "e.g. smtp: { host: 'smtp.example.com', port: 587 }" });
  }
  if ((smtp as { pool?: unknown }).pool) {
    throw new ToolConfigError(TOOL, 'smtp.pool is not supported', { path: ['smtp', 'pool'], hint: 'email_send opens one connection per message; remove pool' });
  }
  if (typeof config.from !== 'string' || !FROM.test(config.from.trim())) {
    throw new ToolConfigError(TOOL, `from "${String(config.from)}" is not an email address`, { path: ['from'], hint: 'e.g. "ops@example.com" or "AgentOS <ops@example.com>"' });
  }
  const from = config.from.trim();
  const allowList: DomainAllowList | undefined =
    config.allowedDomains === undefined ? undefined : compileDomainAllowList(TOOL, 'allowedDomains', config.allowedDomains);
  const timeoutMs = checkTimeout(TOOL, 'timeoutMs', config.timeoutMs, 30_000);
  const port = Number(smtp.port) || (smtp.secure ? 465 : 587);
  const server = `${smtp.host ?? smtp.service ?? 'SMTP server'}:${port}`;
  // Without a proxy or a custom socket we open the TCP connection ourselves, so
  // that cancellation can close it (nodemailer has no AbortSignal support).
  const ownSocket = typeof smtp.getSocket !== 'function' && !(smtp as { proxy?: unknown }).proxy;

  return defineTool({
    name: TOOL,
    description: `Send a plain-text email (to, subject, text, optional cc).${
      allowList ? ` Recipients must be in: ${allowList.entries.join(', ') || '(no domain configured)'}.` : ''
    }`,
    input: EmailSendInputSchema,
    output: EmailSendOutputSchema,
    annotations: {
      title: 'Send email',
      openWorldHint: true,
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      trust: { default: 'trusted' },
    },
    async run(args, ctx): Promise<EmailSendOutput> {
      const to = list(args.to);
      const cc = list(args.cc);
      if (allowList) refuseOutside(allowList, to, cc);
      const what = `${TOOL}: send to ${server}`;
      if (ctx.signal.aborted) throw new CancelledError(what, { cause: ctx.signal.reason });

      const sockets = new Set<net.Socket>();
      // nodemailer's own phase timeouts stay just above our deadline, so that a
      // slow server is reported as a TimeoutError by the deadline below.
      const phase = timeoutMs + 1000;
      const options: SMTPTransport.Options = {
        ...smtp,
        connectionTimeout: Math.min(smtp.connectionTimeout ?? phase, phase),
        greetingTimeout: Math.min(smtp.greetingTimeout ?? phase, phase),
        socketTimeout: Math.min(smtp.socketTimeout ?? phase, phase),
      };
      if (ownSocket) options.getSocket = (opts, callback) => openSocket(opts, sockets, callback);
      const transport = nodemailer.createTransport(options);

      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      const stopped = new Promise<never>((_, reject) => {
        const stop = (err: Error) => {
          for (const s of sockets) s.destroy();
          reject(err);
        };
        onAbort = () => stop(new CancelledError(what, { cause: ctx.signal.reason }));
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(
          () => stop(new TimeoutError(what, timeoutMs, { hint: 'the SMTP server did not finish in time; check that it is reachable, or raise timeoutMs' })),
          timeoutMs,
        );
      });
      const sending = transport.sendMail({ from, to, cc: cc.length ? cc : undefined, subject: args.subject, text: args.text });
      sending.catch(() => undefined); // settled later by the race below
      stopped.catch(() => undefined);
      try {
        const info = await Promise.race([sending, stopped]);
        const accepted = info.accepted.map(addressOf);
        const rejected = info.rejected.map(addressOf);
        return { delivered: accepted.length > 0, messageId: info.messageId, accepted, rejected };
      } catch (err) {
        if (isAgentOSError(err)) throw err;
        throw smtpError(err, server);
      } finally {
        clearTimeout(timer);
        if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
        transport.close();
      }
    },
  });
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(Array.isArray(value) ? value : [value])];
}

function refuseOutside(allowList: DomainAllowList, to: string[], cc: string[]): void {
  const outside = [...to, ...cc].filter((a) => !allowList.allows(a));
  if (outside.length === 0) return;
  const allowed = allowList.entries.length ? allowList.entries.join(', ') : 'no domain is allowed';
  throw new SinkRefusedError(TOOL, `recipient${outside.length > 1 ? 's' : ''} outside allowedDomains (${allowed}): ${outside.join(', ')}`, {
    path: [to.some((a) => outside.includes(a)) ? 'to' : 'cc'],
    hint: 'nothing was sent; if these recipients are intended, add their domains to allowedDomains',
    details: { refused: outside, allowedDomains: [...allowList.entries] },
  });
}

function openSocket(
  opts: SMTPTransport.Options,
  sockets: Set<net.Socket>,
  callback: (err: Error | null, socketOptions: unknown) => void,
): void {
  const port = Number(opts.port) || (opts.secure ? 465 : 587);
  const socket = net.connect({ host: opts.host ?? 'localhost', port, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
  sockets.add(socket);
  let done = false;
  const onError = (err: Error) => {
    if (done) return;
    done = true;
    callback(err, false);
  };
  socket.once('error', onError);
  socket.once('connect', () => {
    if (done) return;
    done = true;
    socket.off('error', onError);
    callback(null, { connection: socket });
  });
}

function addressOf(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejected?: unknown[];
  message?: string;
}

function smtpError(err: unknown, server: string): ToolExecutionError {
  const e = (err ?? {}) as SmtpFailure;
  const code = e.code ?? '';
  const table: Record<string, [string, string]> = {
    EAUTH: ['authentication failed', 'check smtp.auth (user and password)'],
    ECONNREFUSED: ['connection refused', 'check that the SMTP server is running and smtp.host/smtp.port are right'],
    ECONNECTION: ['could not connect', 'check smtp.host and smtp.port'],
    ESOCKET: ['connection failed', 'check smtp.host, smtp.port and smtp.secure'],
    EDNS: ['host name not found', 'check smtp.host'],
    ENOTFOUND: ['host name not found', 'check smtp.host'],
    ETIMEDOUT: ['the server did not answer in time', 'check that the SMTP server is reachable'],
    ETLS: ['TLS negotiation failed', 'check smtp.secure, smtp.ignoreTLS/requireTLS and the certificate'],
    EENVELOPE: ['the server rejected the sender or all recipients', 'check the from address and the recipients'],
    EMESSAGE: ['the server rejected the message', 'check the message size and content rules of the server'],
  };
  const [what, hint] = table[code] ?? ['sending failed', 'check the SMTP configuration and the server logs'];
  const detail = e.response ? ` (server said: ${e.response.slice(0, 300)})` : e.message ? ` (${e.message})` : '';
  return new ToolExecutionError(TOOL, `SMTP ${server}: ${what}${detail}`, {
    hint,
    cause: err,
    details: {
      server,
      ...(code ? { code } : {}),
      ...(e.responseCode ? { responseCode: e.responseCode } : {}),
      ...(e.command ? { command: e.command } : {}),
      ...(Array.isArray(e.rejected) ? { rejected: e.rejected.map((a) => addressOf(a as string)) } : {}),
    },
  });
}
