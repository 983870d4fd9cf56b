import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, SinkRefusedError, TimeoutError, ToolExecutionError, ToolValidationError } from '../errors.js';
import { startSmtpReceiver, type SmtpReceiver } from '../testing/receivers.js';
import { runToolUnguarded } from '../testing/run-tool.js';
import { ToolConfigError } from './config.js';
import { createEmailSend, type EmailSendOutput } from './email-send.js';

let smtp: SmtpReceiver;
beforeAll(async () => {
  smtp = await startSmtpReceiver({ rejectRecipients: ['nobody@example.com'] });
});
afterAll(async () => {
  await smtp?.close();
});
afterEach(() => {
  smtp.received.length = 0;
});

const send = (tool: ReturnType<typeof createEmailSend>, args: unknown, signal?: AbortSignal) =>
  runToolUnguarded(tool, args, signal ? { signal } : {}) as Promise<EmailSendOutput>;

describe('email_send against a real local SMTP server', () => {
  it('delivers from, to, subject and text', async () => {
    const tool = createEmailSend({ smtp: smtp.smtp, from: 'AgentOS <ops@example.com>' });
    const out = await send(tool, { to: 'oncall@example.com', subject: 'web restarted', text: 'web was restarted at 10:02.\nAll good.' });
    expect(out.delivered).toBe(true);
    expect(out.accepted).toEqual(['oncall@example.com']);
    expect(out.rejected).toEqual([]);
    expect(out.messageId).toMatch(/^<.+@.+>$/);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('ops@example.com');
    expect(mail.to).toEqual(['oncall@example.com']);
    expect(mail.subject).toBe('web restarted');
    expect(mail.text.trimEnd()).toBe('web was restarted at 10:02.\nAll good.');
    expect(mail.headers.from).toContain('AgentOS');
    expect(mail.headers['message-id']).toBe(out.messageId);
  });

  it('sends to several recipients and cc, with non-ASCII subject and body', async () => {
    const tool = createEmailSend({ smtp: smtp.smtp, from: 'ops@example.com' });
    const subject = 'Störung behoben ✅ — café';
    const text = `Grüße 👋\n${'lange Zeile '.repeat(20)}`;
    const out = await send(tool, { to: ['a@example.com', 'b@example.com'], cc: 'c@example.com', subject, text });
    expect(out.accepted).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(mail.headers.cc).toBe('c@example.com');
    expect(mail.subject).toBe(subject);
    expect(mail.text.trimEnd()).toBe(text.trimEnd());
  });

  it('lists recipients the server rejected, and fails when all are rejected', async () => {
    const tool = createEmailSend({ smtp: smtp.smtp, from: 'ops@example.com' });
    const out = await send(tool, { to: ['a@example.com', 'nobody@example.com'], subject: 's', text: 't' });
    expect(out).toMatchObject({ delivered: true, accepted: ['a@example.com'], rejected: ['nobody@example.com'] });
    expect(smtp.received[0]!.to).toEqual(['a@example.com']);

    const err = (await send(tool, { to: 'nobody@example.com', subject: 's', text: 't' }).catch((e: unknown) => e)) as ToolExecutionError;
    expect(err).toBeInstanceOf(ToolExecutionError);
    expect(err.message).toMatch(/rejected the sender or all recipients/);
    expect(smtp.received).toHaveLength(1);
  });

  it('refuses recipients outside allowedDomains before connecting', async () => {
    const tool = createEmailSend({ smtp: smtp.smtp, from: 'ops@example.com', allowedDomains: ['example.com'] });
    const err = (await send(tool, { to: 'ok@example.com', cc: ['leak@evil.io'], subject: 's', text: 'secret' }).catch((e: unknown) => e)) as SinkRefusedError;
    expect(err).toBeInstanceOf(SinkRefusedError);
    expect(err.message).toContain('leak@evil.io');
    expect(err.path).toEqual(['cc']);
    expect(smtp.received).toHaveLength(0);
    await expect(send(tool, { to: 'ok@example.com', subject: 's', text: 't' })).resolves.toMatchObject({ delivered: true });
  });

  it('turns an SMTP rejection (554) into ToolExecutionError with the response code', async () => {
    const tool = createEmailSend({ smtp: smtp.smtp, from: 'ops@example.com' });
    smtp.failNext(554, 'Spam detected');
    const err = (await send(tool, { to: 'a@example.com', subject: 's', text: 't' }).catch((e: unknown) => e)) as ToolExecutionError;
    expect(err).toBeInstanceOf(ToolExecutionError);
    expect(err.message).toContain('Spam detected');
    expect(err.details).toMatchObject({ responseCode: 554 });
    expect(smtp.received).toHaveLength(0);
  });

  it('times out against a server that never finishes', async () => {
    const tool = createEmailSend({ smtp: smtp.smtp, from: 'ops@example.com', timeoutMs: 300 });
    smtp.hangNext();
    const started = Date.now();
    const err = await send(tool, { to: 'a@example.com', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when ctx.signal aborts', async () => {
    const tool = createEmailSend({ smtp: smtp.smtp, from: 'ops@example.com' });
    smtp.hangNext();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    await expect(send(tool, { to: 'a@example.com', subject: 's', text: 't' }, ac.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a refused connection', async () => {
    const gone = await startSmtpReceiver();
    await gone.close();
    const tool = createEmailSend({ smtp: gone.smtp, from: 'ops@example.com', timeoutMs: 2000 });
    const err = (await send(tool, { to: 'a@example.com', subject: 's', text: 't' }).catch((e: unknown) => e)) as ToolExecutionError;
    expect(err).toBeInstanceOf(ToolExecutionError);
    expect(err.message).toMatch(/connection refused/);
  });
});

describe('email_send with SMTP authentication', () => {
  let authed: SmtpReceiver;
  beforeAll(async () => {
    authed = await startSmtpReceiver({ auth: { user: 'agent', pass: 's3cret' } });
  });
  afterAll(async () => {
    await authed?.close();
  });

  it('logs in with smtp.auth', async () => {
    const tool = createEmailSend({ smtp: authed.smtp, from: 'ops@example.com' });
    await send(tool, { to: 'a@example.com', subject: 's', text: 't' });
    expect(authed.received[0]).toMatchObject({ user: 'agent', subject: 's' });
  });

  it('reports wrong credentials as an authentication failure without echoing the password', async () => {
    const tool = createEmailSend({ smtp: { ...authed.smtp, auth: { user: 'agent', pass: 'wrong-pass' } }, from: 'ops@example.com' });
    const err = (await send(tool, { to: 'a@example.com', subject: 's', text: 't' }).catch((e: unknown) => e)) as ToolExecutionError;
    expect(err).toBeInstanceOf(ToolExecutionError);
    expect(err.message).toMatch(/authentication failed/);
    expect(err.hint).toMatch(/smtp.auth/);
    expect(JSON.stringify(err.toJSON())).not.toContain('wrong-pass');
  });
});

describe('email_send schema, configuration and metadata', () => {
  const tool = createEmailSend({ smtp: { host: 'smtp.example.com' }, from: 'ops@example.com' });

  it.each([
    [{ to: 'not-an-email', subject: 's', text: 't' }, 'to'],
    [{ to: [], subject: 's', text: 't' }, 'to'],
    [{ to: 'a@example.com', subject: '', text: 't' }, 'subject'],
    [{ to: 'a@example.com', subject: 'a\r\nBcc: x@evil.io', text: 't' }, 'subject'],
    [{ to: 'a@example.com', subject: 's' }, 'text'],
    [{ to: 'a@example.com', subject: 's', text: 't', cc: ['bad'] }, 'cc'],
    [{ to: 'a@example.com', subject: 's', text: 't', bcc: 'x@evil.io' }, ''],
  ])('rejects %j', async (args, path) => {
    const err = (await runToolUnguarded(tool, args).catch((e: unknown) => e)) as ToolValidationError;
    expect(err).toBeInstanceOf(ToolValidationError);
    expect(err.issues[0]!.path.split('.')[0]).toBe(path);
  });

  it('derives JSON Schema', () => {
    const schema = tool.inputJsonSchema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['to', 'subject', 'text', 'cc']);
    expect(schema.required).toEqual(['to', 'subject', 'text']);
  });

  it('is an open-world sink', () => {
    expect(tool.name).toBe('email_send');
    expect(tool.annotations).toMatchObject({ openWorldHint: true, readOnlyHint: false, destructiveHint: false, trust: { default: 'trusted' } });
  });

  it('rejects bad configuration when created', () => {
    expect(() => createEmailSend({ smtp: {}, from: 'ops@example.com' })).toThrow(ToolConfigError);
    expect(() => createEmailSend({ smtp: { host: 'h' }, from: 'not an address' })).toThrow(/from/);
    expect(() => createEmailSend({ smtp: { host: 'h' }, from: 'ops@example.com', allowedDomains: ['@x'] })).toThrow(/allowedDomains/);
  });
});
