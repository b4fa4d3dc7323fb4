// The channels of the notification engine against local stand-ins for the world: real SMTP to a
// local server (Vietnamese subject, one-click unsubscribe headers, a 5xx refusal), an SMS gateway
// on 127.0.0.1 (the JSON body, the bearer token, a retried 503, a final 400) and the drop
// directory, and webhooks to endpoints added over the API, checked by a Standard Webhooks verifier
// written here from the spec alone.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The harness first: it loads the modules in the app's own order.
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { createMailer } from '../src/core/mail.ts';
import { backoffMs, createSmsSender, notifyOrganization, type NotificationSpec } from '../src/modules/alerts/index.ts';
import { notifications } from '../src/modules/alerts/tables.ts';
import { startSmtpServer, type SmtpTestServer } from './helpers/smtp.ts';
import { cancelPending, emailEvent, freshAddress, rowsOf, TEST_EVENT, testEngine } from './helpers/notification-engine.ts';

const silent = pino({ level: 'silent' });
let t: TestApp;
let smtp: SmtpTestServer;
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z'), config: { outboundAllowPrivate: true, publicUrl: 'https://antoan.example.vn' } });
  smtp = await startSmtpServer({ rejectRecipients: ['khong-ton-tai@example.vn'] });
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});
afterEach(async () => cancelPending(t));

type Received = { headers: IncomingHttpHeaders; body: string };

/** An HTTP receiver on 127.0.0.1 answering each POST with the next of `statuses` (the last repeats). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses[Math.min(received.length, statuses.length) - 1] ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/in`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const rowsTo = (recipientKey: string) => rowsOf(t, sql`${notifications.recipientKey} = ${recipientKey}`);

describe('email over SMTP', () => {
  it('arrives at an SMTP server with its Vietnamese subject intact and one-click unsubscribe headers when the template gives a URL', async () => {
    const engine = testEngine(t);
    const mailer = createMailer({ url: smtp.url, from: 'An toàn <khong-tra-loi@antoan.example.vn>' }, { dropDir: t.config.mailDropDir, logger: silent });
    const [a, b] = [freshAddress('smtp-a'), freshAddress('smtp-b')];
    const title = 'Cảnh báo: tin nhắn giả mạo ngân hàng yêu cầu cập nhật sinh trắc học — đừng bấm vào đường dẫn lạ';
    await engine.queue([
      { ...emailEvent(a, 1), data: { n: 1, title, unsubscribe: true } },
      { ...emailEvent(b, 2), data: { n: 2, title: 'Không có đường huỷ đăng ký' } },
    ]);
    const before = smtp.messages.length;
    expect(await engine.deliver({ mailer })).toBe(2);
    const arrived = (await smtp.waitFor(before + 2)).slice(before);
    const toA = arrived.find((m) => m.to.includes(a));
    const toB = arrived.find((m) => m.to.includes(b));
    expect(toA?.subject).toBe(`[antoan] Sự kiện số 1: ${title}`);
    expect(toA?.text).toBe(`Chi tiết sự kiện số 1: ${title}`);
    expect(toA?.from).toBe('khong-tra-loi@antoan.example.vn');
    expect(toA?.headers['list-unsubscribe']).toBe('<https://antoan.example.vn/alerts/unsubscribe/token-1>');
    expect(toA?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(toB?.subject).toBe('[antoan] Sự kiện số 2: Không có đường huỷ đăng ký');
    expect(toB?.headers['list-unsubscribe']).toBeUndefined();
    expect(toB?.headers['list-unsubscribe-post']).toBeUndefined();
    expect((await rowsTo(`email:${t.box.sign(`email:${a}`)}`)).map((r) => r.status)).toEqual(['delivered']);
    await mailer.close();
  });

  it('makes a dead letter at once of a recipient the server refuses with 550', async () => {
    const engine = testEngine(t);
    const mailer = createMailer({ url: smtp.url, from: 'khong-tra-loi@antoan.example.vn' }, { dropDir: t.config.mailDropDir, logger: silent });
    await engine.queue([emailEvent('khong-ton-tai@example.vn', 1)]);
    expect(await engine.deliver({ mailer })).toBe(1);
    const [row] = await rowsTo(`email:${t.box.sign('email:khong-ton-tai@example.vn')}`);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 550 });
    // The error kept no address.
    expect(row?.lastError).not.toContain('khong-ton-tai@example.vn');
    expect(engine.calls.failed).toEqual([[row?.id]]);
    t.clock.advance(backoffMs(1));
    expect(await engine.deliver({ mailer })).toBe(0);
    await mailer.close();
  });
});

describe('SMS', () => {
  const phone = '+84912345678';
  const smsSpec = (n: number): NotificationSpec => ({ recipient: { channel: 'sms', phone }, template: TEST_EVENT, locale: 'vi', data: { n, title: 'Tin nhắn' } });
  const smsKey = () => `sms:${t.box.sign(`sms:${phone}`)}`;

  it('posts {to, text, reference} as JSON with the bearer token; a 503 is retried with the same reference, then delivered', async () => {
    const engine = testEngine(t);
    const gateway = await receiver([503, 200]);
    const sms = createSmsSender({ gatewayUrl: gateway.url, token: 'gateway-token-1' }, { dropDir: t.config.smsDropDir, logger: silent });
    await engine.queue([smsSpec(1)]);
    expect(await engine.deliver({ sms })).toBe(1);
    let [row] = await rowsTo(smsKey());
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503 });
    t.clock.advance(backoffMs(1) - 1);
    expect(await engine.deliver({ sms })).toBe(0);
    t.clock.advance(1);
    expect(await engine.deliver({ sms })).toBe(1);
    [row] = await rowsTo(smsKey());
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    expect(gateway.received).toHaveLength(2);
    for (const request of gateway.received) {
      expect(request.headers.authorization).toBe('Bearer gateway-token-1');
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual({ to: phone, text: 'An toàn: sự kiện số 1', reference: row?.messageId });
    }
    await gateway.close();
  });

  it('makes a dead letter at once of a message the gateway refuses with 400', async () => {
    const engine = testEngine(t);
    const gateway = await receiver([400]);
    const sms = createSmsSender({ gatewayUrl: gateway.url, token: 'gateway-token-1' }, { dropDir: t.config.smsDropDir, logger: silent });
    await engine.queue([smsSpec(2)]);
    expect(await engine.deliver({ sms })).toBe(1);
    const [row] = await rowsTo(smsKey()).then((rows) => rows.filter((r) => r.data.n === 2));
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 400 });
    expect(engine.calls.failed).toEqual([[row?.id]]);
    t.clock.advance(24 * 3_600_000);
    expect(await engine.deliver({ sms })).toBe(0);
    expect(gateway.received).toHaveLength(1);
    await gateway.close();
  });

  it('without a gateway URL writes each message as a JSON file to the drop directory', async () => {
    const engine = testEngine(t);
    const dropDir = await mkdtemp(path.join(tmpdir(), 'antoan-sms-'));
    const sms = createSmsSender({ gatewayUrl: null, token: null }, { dropDir, logger: silent });
    await engine.queue([smsSpec(3)]);
    expect(await engine.deliver({ sms })).toBe(1);
    const [row] = (await rowsTo(smsKey())).filter((r) => r.data.n === 3);
    expect(row?.status).toBe('delivered');
    expect(await readdir(dropDir)).toEqual([`${row?.messageId}.json`]);
    expect(JSON.parse(await readFile(path.join(dropDir, `${row?.messageId}.json`), 'utf8'))).toEqual({ to: phone, text: 'An toàn: sự kiện số 3', reference: row?.messageId });
  });
});

/**
 * A receiver's check, from the Standard Webhooks spec alone: the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, the key the base64 after `whsec_`, the signature
 * header a space-separated list of `v1,<base64 HMAC-SHA256>`, and a timestamp more than five
 * minutes from the receiver's clock is refused (a replay).
 */
function verifyStandardWebhook(secret: string, message: Received, nowSeconds: number): boolean {
  const id = message.headers['webhook-id'];
  const timestamp = message.headers['webhook-timestamp'];
  const signatures = message.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > 5 * 60) return false;
  if (!secret.startsWith('whsec_')) return false;
  const mac = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${id}.${timestamp}.${message.body}`).digest();
  return signatures.split(' ').some((entry) => {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') return false;
    const given = Buffer.from(entry.slice(comma + 1), 'base64');
    return given.length === mac.length && timingSafeEqual(given, mac);
  });
}

describe('webhooks', () => {
  async function organisationWithEndpoints(hooks: { url: string; eventTypes?: string[] }[]) {
    const org = await t.org({ kind: 'platform' });
    const admin = await t.user(org.id, 'org_admin');
    const headers = (await t.session(admin.id)).headers;
    const secrets: string[] = [];
    for (const hook of hooks) {
      const added = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/webhooks`, headers, payload: hook });
      expect(added.statusCode, added.body).toBe(201);
      const body = json<{ id: string; secret: string; eventTypes: string[] }>(added);
      expect(body.eventTypes).toEqual(hook.eventTypes ?? ['takedown.issued', 'takedown.reminder', 'takedown.restore']);
      secrets.push(body.secret);
    }
    return { org, secrets };
  }
  const notice = (orgId: string, event: 'takedown.issued' | 'advisory.published' | 'takedown.restore', n: number) =>
    t.database.transaction((tx) => notifyOrganization(tx.db, engineOf.notifier, { orgId, event, template: TEST_EVENT, locale: 'vi', data: { n, title: `Thông báo ${n}` }, dedupeKey: `test:webhook:${orgId}:${n}`, toContact: false }, t.clock.now()));
  let engineOf: ReturnType<typeof testEngine>;

  it('signs each message so that an independent verifier accepts it, keeps the webhook-id across retries, and refuses tampering, a wrong key and old timestamps', async () => {
    engineOf = testEngine(t);
    const hook = await receiver([500, 200]);
    const { org, secrets } = await organisationWithEndpoints([{ url: hook.url, eventTypes: ['takedown.issued'] }]);
    const [secret = ''] = secrets;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await notice(org.id, 'takedown.issued', 1)).toBe(1);
    const firstAt = Math.floor(t.clock.now().getTime() / 1000);
    expect(await engineOf.deliver()).toBe(1);
    t.clock.advance(backoffMs(1));
    expect(await engineOf.deliver()).toBe(1);
    expect(hook.received).toHaveLength(2);
    const [first, second] = hook.received as [Received, Received];
    const [row] = await rowsOf(t, sql`${notifications.orgId} = ${org.id}`);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, channel: 'webhook' });
    // The same id on the retry (the receiver drops duplicates by it); each attempt its own timestamp.
    expect(first.headers['webhook-id']).toBe(row?.messageId);
    expect(second.headers['webhook-id']).toBe(row?.messageId);
    expect([first.headers['webhook-timestamp'], second.headers['webhook-timestamp']]).toEqual([String(firstAt), String(firstAt + 30)]);
    expect(verifyStandardWebhook(secret, first, firstAt)).toBe(true);
    expect(verifyStandardWebhook(secret, second, firstAt + 30)).toBe(true);
    expect(JSON.parse(second.body)).toEqual({ type: TEST_EVENT, timestamp: new Date((firstAt + 30) * 1000).toISOString(), data: { n: 1, title: 'Thông báo 1' } });

    const now = firstAt + 30;
    expect(verifyStandardWebhook(secret, { ...second, body: second.body.replace('Thông báo 1', 'Thông báo 2') }, now)).toBe(false);
    expect(verifyStandardWebhook(`whsec_${Buffer.from('a different key entirely').toString('base64')}`, second, now)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...second, headers: { ...second.headers, 'webhook-id': 'msg_other' } }, now)).toBe(false);
    expect(verifyStandardWebhook(secret, second, now + 5 * 60 + 1)).toBe(false);
    // An old message replayed with a fresh timestamp no longer matches its signature.
    expect(verifyStandardWebhook(secret, { ...first, headers: { ...first.headers, 'webhook-timestamp': String(now + 400) } }, now + 400)).toBe(false);
    await hook.close();
  });

  it('queues an organisation’s event only for the endpoints that take its type', async () => {
    engineOf = testEngine(t);
    const [takedowns, advisories] = [await receiver([200]), await receiver([200])];
    const { org, secrets } = await organisationWithEndpoints([{ url: takedowns.url }, { url: advisories.url, eventTypes: ['advisory.published'] }]);
    const [takedownSecret = '', advisorySecret = ''] = secrets;
    expect(await notice(org.id, 'takedown.issued', 1)).toBe(1);
    expect(await notice(org.id, 'advisory.published', 2)).toBe(1);
    expect(await notice(org.id, 'takedown.restore', 3)).toBe(1);
    // Queued again: the dedupe keys hold.
    expect(await notice(org.id, 'takedown.issued', 1)).toBe(0);
    expect(await engineOf.deliver()).toBe(3);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(takedowns.received.map((m) => (JSON.parse(m.body) as { data: { n: number } }).data.n).sort()).toEqual([1, 3]);
    expect(advisories.received.map((m) => (JSON.parse(m.body) as { data: { n: number } }).data.n)).toEqual([2]);
    expect(takedowns.received.every((m) => verifyStandardWebhook(takedownSecret, m, now) && !verifyStandardWebhook(advisorySecret, m, now))).toBe(true);
    expect(advisories.received.every((m) => verifyStandardWebhook(advisorySecret, m, now))).toBe(true);
    await Promise.all([takedowns.close(), advisories.close()]);
  });
});
