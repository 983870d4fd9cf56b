import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMail } from './mime.js';
import { startSlackReceiver, startSmtpReceiver, startWebhookReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';

const open: Array<HttpReceiver | SmtpReceiver> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
async function track<T extends HttpReceiver | SmtpReceiver>(p: Promise<T>): Promise<T> {
  const r = await p;
  open.push(r);
  return r;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('startSlackReceiver', () => {
  it('answers like Slack and records what arrived', async () => {
    const slack = await track(startSlackReceiver());
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\//);
    const ok = await fetch(slack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
    expect([ok.status, await ok.text()]).toEqual([200, 'ok']);
    const bad = await fetch(slack.url, { method: 'POST', body: 'not json' });
    expect([bad.status, await bad.text()]).toEqual([400, 'invalid_payload']);
    const empty = await fetch(slack.url, { method: 'POST', body: '{"channel":"#x"}' });
    expect([empty.status, await empty.text()]).toEqual([400, 'no_text']);
    expect(slack.received.map((r) => r.body)).toEqual([{ text: 'hi' }, 'not json', { channel: '#x' }]);
    expect(slack.received[0]!.headers['content-type']).toBe('application/json');
    expect(slack.received[0]!.at).toBeInstanceOf(Date);
  });

  it('plays failNext plans in order, then answers normally', async () => {
    const slack = await track(startSlackReceiver());
    slack.failNext(500, 'first');
    slack.failNext(429, 'second');
    const post = () => fetch(slack.url, { method: 'POST', body: '{"text":"x"}' }).then(async (r) => [r.status, await r.text()]);
    expect(await post()).toEqual([500, 'first']);
    expect(await post()).toEqual([429, 'second']);
    expect(await post()).toEqual([200, 'ok']);
    expect(() => slack.failNext(99)).toThrow(RangeError);
  });
});

describe('startWebhookReceiver', () => {
  it('records any method and path', async () => {
    const hook = await track(startWebhookReceiver());
    await fetch(`${hook.origin}/a/b?c=1`, { method: 'PUT', body: 'raw text', headers: { 'x-k': 'v' } });
    await fetch(`${hook.origin}/health`);
    expect(hook.received.map((r) => [r.method, r.path, r.body])).toEqual([
      ['PUT', '/a/b?c=1', 'raw text'],
      ['GET', '/health', ''],
    ]);
    expect(hook.received[0]!.headers['x-k']).toBe('v');
  });

  it('closes promptly even with a hanging request, and frees the port', async () => {
    const hook = await startWebhookReceiver();
    hook.hangNext();
    const pending = fetch(hook.url, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    while (hook.received.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await hook.close();
    await hook.close(); // idempotent
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
    expect(await portIsFree(Number(new URL(hook.origin).port))).toBe(true);
  });
});

describe('startSmtpReceiver', () => {
  it('records envelope, decoded headers and body of a real message', async () => {
    const smtp = await track(startSmtpReceiver());
    const transport = nodemailer.createTransport(smtp.smtp);
    await transport.sendMail({
      from: 'Ops <ops@example.com>',
      to: 'a@example.com',
      cc: 'b@example.com',
      subject: 'Grüße ✅',
      text: 'ligne accentuée: é\nzweite Zeile',
    });
    const mail = smtp.received[0]!;
    expect(mail).toMatchObject({ from: 'ops@example.com', to: ['a@example.com', 'b@example.com'], subject: 'Grüße ✅' });
    expect(mail.text.trimEnd()).toBe('ligne accentuée: é\nzweite Zeile');
    expect(mail.raw).toContain('Subject:');
    expect(mail.user).toBeUndefined();
  });

  it('requires the configured credentials', async () => {
    const smtp = await track(startSmtpReceiver({ auth: { user: 'u', pass: 'p' } }));
    const noAuth = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
    await expect(noAuth.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })).rejects.toThrow(/auth/i);
    await nodemailer.createTransport(smtp.smtp).sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.user).toBe('u');
  });

  it('closes promptly with a hanging session and frees the port', async () => {
    const smtp = await startSmtpReceiver();
    smtp.hangNext();
    const transport = nodemailer.createTransport({ ...smtp.smtp, socketTimeout: 5000 });
    const pending = transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await smtp.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await pending).toBeInstanceOf(Error);
    expect(smtp.received).toHaveLength(0);
    expect(await portIsFree(smtp.port)).toBe(true);
  });
});

describe('parseMail', () => {
  it('decodes folded headers, encoded words, quoted-printable and base64 bodies', () => {
    const qp = parseMail('Subject: =?UTF-8?Q?caf=C3=A9_au?=\r\n =?UTF-8?B?bGFpdA==?=\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nh=C3=A9llo=\r\n world\r\n');
    expect(qp.headers.subject).toBe('café aulait');
    expect(qp.text).toBe('héllo world\n');
    const b64 = parseMail(`Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${Buffer.from('✅ ok').toString('base64')}`);
    expect(b64.text).toBe('✅ ok');
  });

  it('takes the text/plain part of a multipart message', () => {
    const raw = 'Content-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b1\r\nContent-Type: text/plain\r\n\r\nplain body\r\n--b1--\r\n';
    expect(parseMail(raw).text).toBe('plain body\n');
  });
});
