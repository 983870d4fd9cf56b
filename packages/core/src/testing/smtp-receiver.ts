/**
 * A real SMTP server on 127.0.0.1 for tests and examples (the `smtp-server`
 * package, loaded on first use). It records every message it accepts.
 * @module
 */
import type { AddressInfo } from 'node:net';
import type { SMTPServer, SMTPServerOptions } from 'smtp-server';
import { parseMail } from './mime.js';

/** One message as the SMTP receiver recorded it. */
export interface ReceivedEmail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO): to and cc together. */
  to: string[];
  /** Decoded Subject header. */
  subject: string;
  /** Decoded plain-text body (LF line ends). */
  text: string;
  /** Headers by lower-case name (decoded). */
  headers: Record<string, string>;
  /** The message as received. */
  raw: string;
  /** Authenticated user, when the client logged in. */
  user?: string;
  at: Date;
}

/** Options of {@link startSmtpReceiver}. */
export interface SmtpReceiverOptions {
  /** Require exactly these credentials (AUTH PLAIN/LOGIN). Without it, auth is optional and any login is accepted. */
  auth?: { user: string; pass: string };
  /** Recipients to reject at RCPT TO with 550. */
  rejectRecipients?: string[];
}

/** A running SMTP receiver. */
export interface SmtpReceiver {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Ready-to-use nodemailer options for this receiver (plain SMTP, no TLS). */
  readonly smtp: { host: string; port: number; secure: false; ignoreTLS: true; auth?: { user: string; pass: string } };
  /** Accepted messages in arrival order. */
  readonly received: ReceivedEmail[];
  /** Errors of client connections (resets and the like), for debugging. */
  readonly errors: Error[];
  /** Reject the next message at DATA with this SMTP code (e.g. 554) and text. Queued; one per call. */
  failNext(code: number, message?: string): void;
  /** Never answer the DATA of the next message. Queued with {@link failNext}. */
  hangNext(): void;
  /** Stop the server; hanging sessions are ended. */
  close(): Promise<void>;
}

type Plan = { kind: 'fail'; code: number; message: string } | { kind: 'hang' };

/**
 * Start an SMTP server on 127.0.0.1 (random port), without TLS.
 * @example
 * ```ts
 * const smtp = await startSmtpReceiver();
 * const email = createEmailSend({ smtp: smtp.smtp, from: 'ops@example.com' });
 * // … run …
 * expect(smtp.received[0]).toMatchObject({ to: ['oncall@example.com'], subject: 'web restarted' });
 * await smtp.close();
 * ```
 */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const { SMTPServer: Server } = await import('smtp-server');
  const received: ReceivedEmail[] = [];
  const errors: Error[] = [];
  const plans: Plan[] = [];
  const hanging: Array<(err?: Error | null) => void> = [];
  const rejects = new Set((options.rejectRecipients ?? []).map((a) => a.toLowerCase()));

  const serverOptions: SMTPServerOptions = {
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 250,
    disableReverseLookup: true,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      const want = options.auth;
      if (want && (auth.username !== want.user || auth.password !== want.pass)) {
        callback(new Error('Invalid username or password'));
        return;
      }
      callback(null, { user: auth.username ?? '' });
    },
    onRcptTo(address, _session, callback) {
      if (rejects.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        const plan = plans.shift();
        if (plan?.kind === 'hang') {
          hanging.push(callback);
          return;
        }
        if (plan?.kind === 'fail') {
          callback(Object.assign(new Error(plan.message), { responseCode: plan.code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMail(raw);
        const mailFrom = session.envelope.mailFrom;
        received.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((a) => a.address),
          subject: parsed.headers.subject ?? '',
          text: parsed.text,
          headers: parsed.headers,
          raw,
          ...(session.user ? { user: String(session.user) } : {}),
          at: new Date(),
        });
        callback(null, 'Message accepted');
      });
    },
  };
  const server: SMTPServer = new Server(serverOptions);
  server.on('error', (err: Error) => errors.push(err));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...(options.auth ? { auth: { ...options.auth } } : {}) },
    received,
    errors,
    failNext(code, message = 'Message rejected') {
      if (!Number.isInteger(code) || code < 400 || code > 599) throw new RangeError(`failNext: SMTP code must be 400..599, got ${code}`);
      plans.push({ kind: 'fail', code, message });
    },
    hangNext() {
      plans.push({ kind: 'hang' });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const cb of hanging.splice(0)) cb(Object.assign(new Error('Server shutting down'), { responseCode: 421 }));
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
