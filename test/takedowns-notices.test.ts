// Notices of new requests: signed webhooks (checked here by our own reading of the Standard
// Webhooks spec, not by the server's code), retries with backoff against a local receiver, dead
// letters and their retry, email to the organisation, and the address guard.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../src/core/mail.ts';
import { backoffMs, MAX_ATTEMPTS } from '../src/modules/alerts/index.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';

type Received = { headers: IncomingHttpHeaders; body: string };

/** A receiver that answers each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/antoan`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Verify a message as a receiver would, from the spec alone: the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, the key is the base64 after `whsec_`, the header
 * holds space-separated `v1,<base64>` signatures, and a timestamp more than 5 minutes away is refused.
 */
function verify(secret: string, message: Received, nowSeconds: number): boolean {
  const id = String(message.headers['webhook-id']);
  const timestamp = Number(message.headers['webhook-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${timestamp}.${message.body}`)
    .digest();
  return String(message.headers['webhook-signature'])
    .split(' ')
    .some((candidate) => {
      const [version, signature = ''] = candidate.split(',');
      const given = Buffer.from(signature, 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

let t: TestApp;
const sent: MailMessage[] = [];
const mailer = {
  send(message: MailMessage) {
    sent.push(message);
    return Promise.resolve({ messageId: String(sent.length) });
  },
  close: () => Promise.resolve(),
};
const deliver = () => t.deliverNotifications({ mailer });

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z'), config: { outboundAllowPrivate: true } });
});
afterAll(async () => t.close());
afterEach(() => {
  sent.length = 0;
});

async function setup() {
  const platform = await t.org({ kind: 'platform' });
  const admin = await t.user(platform.id, 'org_admin');
  const adminHeaders = (await t.session(admin.id)).headers;
  const authority = await t.adminHeaders();
  const issue = async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/takedowns',
      headers: authority,
      payload: { recipientOrgId: platform.id, action: 'remove_content', targets: [{ value: 'https://scam.example/login' }], category: 'scam', legalBasis: 'Decree 147/2024 Art. 24', statement: 'A page that imitates a bank' },
    });
    expect(response.statusCode).toBe(201);
    return json<{ id: string; status: string }>(response);
  };
  return { platform, adminHeaders, authority, issue };
}

describe('webhook notices', () => {
  it('signs every message so that an independent verifier accepts it, and a changed body or an old timestamp fails', async () => {
    const hook = await receiver([200]);
    const { platform, adminHeaders, issue } = await setup();
    const added = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/webhooks`, headers: adminHeaders, payload: { url: hook.url } });
    expect(added.statusCode).toBe(201);
    const { secret } = json<{ secret: string }>(added);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await t.app.inject({ url: `/api/v1/orgs/${platform.id}/webhooks`, headers: adminHeaders });
    expect(listed.body).not.toContain(secret.slice(6));

    const request = await issue();
    expect(await deliver()).toBe(1);
    expect(hook.received).toHaveLength(1);
    const [message] = hook.received;
    if (message === undefined) throw new Error('nothing received');
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(verify(secret, message, now)).toBe(true);
    expect(verify(secret, { ...message, body: message.body.replace('scam.example', 'other.example') }, now)).toBe(false);
    expect(verify(secret, message, now + 301)).toBe(false);
    expect(verify(`whsec_${Buffer.from('another key').toString('base64')}`, message, now)).toBe(false);
    const payload = JSON.parse(message.body) as { type: string; data: { id: string; targets: { value: string }[] } };
    expect(payload.type).toBe('takedown.issued');
    expect(payload.data.id).toBe(request.id);
    expect(payload.data.targets[0]?.value).toBe('https://scam.example/login');

    // A receiver's 2xx is the delivery: the request says so, with a history line.
    const detail = json<{ request: { status: string }; history: { kind: string; actorName: string }[] }>(await t.app.inject({ url: `/api/v1/takedowns/${request.id}`, headers: await t.adminHeaders() }));
    expect(detail.request.status).toBe('delivered');
    expect(detail.history.map((h) => h.kind)).toEqual(['issued', 'delivered']);
    // Every step is audited, the delivery too.
    await t.drainAudit();
    const audited = (await t.database.sql.executeSql("select action, summary from audit_log where subject_id = $1 order by seq", [request.id])).rows as { action: string; summary: { channel?: string } }[];
    expect(audited.map((a) => a.action)).toEqual(['takedown.issued', 'takedown.delivered']);
    expect(audited[1]?.summary.channel).toBe('webhook');
    expect(await deliver()).toBe(0);
    await hook.close();
  });

  it('retries with growing waits, keeps the same webhook-id, and delivers when the receiver recovers', async () => {
    const hook = await receiver([500, 503, 204]);
    const { platform, adminHeaders, issue } = await setup();
    await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/webhooks`, headers: adminHeaders, payload: { url: hook.url } });
    await issue();
    expect(await deliver()).toBe(1);
    // Not due again before its wait.
    t.clock.advance(backoffMs(1) - 1000);
    expect(await deliver()).toBe(0);
    t.clock.advance(1000);
    expect(await deliver()).toBe(1);
    t.clock.advance(backoffMs(2) - 1000);
    expect(await deliver()).toBe(0);
    t.clock.advance(1000);
    expect(await deliver()).toBe(1);
    expect(hook.received.map((m) => m.headers['webhook-id'])).toEqual(Array(3).fill(hook.received[0]?.headers['webhook-id']));
    const notices = json<{ items: { status: string; attempts: number; lastStatus: number }[] }>(await t.app.inject({ url: `/api/v1/orgs/${platform.id}/notices`, headers: adminHeaders }));
    expect(notices.items).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3, lastStatus: 204 })]);
    await hook.close();
  });

  it('leaves a notice failed after the last attempt (a dead letter) and sends it again on request', async () => {
    const hook = await receiver([500]);
    const { platform, adminHeaders: firstHeaders, issue } = await setup();
    await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/webhooks`, headers: firstHeaders, payload: { url: hook.url } });
    const request = await issue();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await deliver()).toBe(1);
      t.clock.advance(backoffMs(attempt));
    }
    expect(await deliver()).toBe(0);
    expect(hook.received).toHaveLength(MAX_ATTEMPTS);
    // Hours have passed: a fresh session of the organisation's admin.
    const adminHeaders = (await t.session((await t.user(platform.id, 'org_admin')).id)).headers;
    const deadResponse = await t.app.inject({ url: `/api/v1/orgs/${platform.id}/notices?status=failed`, headers: adminHeaders });
    expect(deadResponse.statusCode, deadResponse.body).toBe(200);
    const dead = json<{ items: { id: string; attempts: number; lastStatus: number }[] }>(deadResponse);
    expect(dead.items).toEqual([expect.objectContaining({ attempts: MAX_ATTEMPTS, lastStatus: 500 })]);
    const history = json<{ history: { kind: string }[] }>(await t.app.inject({ url: `/api/v1/takedowns/${request.id}`, headers: await t.adminHeaders() })).history;
    expect(history.map((h) => h.kind)).toContain('notice_failed');

    const id = dead.items[0]?.id ?? '';
    const retried = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/notices/${id}/retry`, headers: adminHeaders });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(json<{ status: string }>(retried).status).toBe('pending');
    expect(await deliver()).toBe(1);
    expect(hook.received).toHaveLength(MAX_ATTEMPTS + 1);
    // Only a dead letter can be retried, and only by its own organisation.
    const other = await t.org({ kind: 'platform' });
    const otherAdmin = (await t.session((await t.user(other.id, 'org_admin')).id)).headers;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/notices/${id}/retry`, headers: otherAdmin })).statusCode).toBe(404);
    await hook.close();
  });

  it('emails the organisation’s contact address, Vietnamese first, with the deadline and where to answer', async () => {
    const { platform, issue } = await setup();
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/orgs/${platform.id}`, headers: await t.adminHeaders(), payload: { contactEmail: 'abuse@platform.example' } });
    expect(patched.statusCode).toBe(200);
    const request = await issue();
    expect(await deliver()).toBe(1);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail?.to).toBe('abuse@platform.example');
    expect(mail?.subject).toMatch(/^\[antoan\] Yêu cầu YC-\d{6}: Gỡ bỏ nội dung — hạn .* \/ due /);
    expect(mail?.text).toContain(`/org/takedowns/${request.id}`);
    expect(mail?.text.indexOf('Hạn xử lý')).toBeLessThan(mail?.text.indexOf('Due:') ?? 0);
    expect(mail?.text).toContain('Decree 147/2024/NĐ-CP');
  });

  it('asks the recipient to restore, by webhook and email with the reason, when an owner’s appeal is upheld', async () => {
    const hook = await receiver([200]);
    const { platform, adminHeaders, issue } = await setup();
    await t.app.inject({ method: 'PATCH', url: `/api/v1/orgs/${platform.id}`, headers: await t.adminHeaders(), payload: { contactEmail: 'legal@platform.example' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/webhooks`, headers: adminHeaders, payload: { url: hook.url } });
    const request = await issue();
    const answered = await t.app.inject({ method: 'POST', url: `/api/v1/takedowns/${request.id}/response`, headers: adminHeaders, payload: { outcome: 'actioned', note: 'Đã gỡ', proof: 'Trang trả về 404' } });
    expect(answered.statusCode).toBe(200);
    expect(await deliver()).toBe(2);
    sent.length = 0;

    const reference = json<{ reference: string }>(answered).reference;
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/takedown-appeals', payload: { reference, name: 'Chủ trang', statement: 'Trang của tôi là trang thật của ngân hàng, có giấy phép.' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const queue = json<{ items: { id: string }[] }>(await t.app.inject({ url: '/api/v1/takedown-appeals', headers: await t.adminHeaders() }));
    const reason = 'Trang thuộc ngân hàng được cấp phép; yêu cầu gỡ là nhầm.';
    const decided = await t.app.inject({ method: 'POST', url: `/api/v1/takedown-appeals/by-id/${queue.items[0]?.id ?? ''}/decision`, headers: await t.adminHeaders(), payload: { outcome: 'restore', reason } });
    expect(decided.statusCode, decided.body).toBe(200);

    expect(await deliver()).toBe(2);
    const restore = hook.received.at(-1);
    const payload = JSON.parse(restore?.body ?? '{}') as { type: string; data: { id: string; reason: string } };
    expect(payload).toMatchObject({ type: 'takedown.restore', data: { id: request.id, reason } });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe(`[antoan] Khôi phục theo khiếu nại — yêu cầu ${reference} / Restore after an upheld appeal — request ${reference}`);
    expect(sent[0]?.text).toContain(`Lý do: ${reason}`);
    expect(sent[0]?.text).toContain('https://scam.example/login');
    await hook.close();
  });

  it('writes no notice when the request is refused, and refuses endpoints on private addresses unless allowed', async () => {
    const { platform, adminHeaders, authority } = await setup();
    const hook = await receiver([200]);
    await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/webhooks`, headers: adminHeaders, payload: { url: hook.url } });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/takedowns',
      headers: authority,
      payload: { recipientOrgId: platform.id, action: 'block_domain', targets: [{ value: 'scam.example' }], category: 'scam', legalBasis: 'Decree 147/2024', statement: 'Blocking asked of a platform' },
    });
    expect(refused.statusCode).toBe(400);
    expect(await deliver()).toBe(0);
    expect(hook.received).toHaveLength(0);
    await hook.close();

    const strict = await createTestApp();
    try {
      const org = await strict.org({ kind: 'platform' });
      const headers = (await strict.session((await strict.user(org.id, 'org_admin')).id)).headers;
      for (const url of ['http://127.0.0.1:9/x', 'https://10.0.0.5/x', 'https://[::1]/x', 'https://user:pw@hooks.example/x', 'ftp://hooks.example/x']) {
        const response = await strict.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/webhooks`, headers, payload: { url } });
        expect(response.statusCode, url).toBe(400);
      }
      expect((await strict.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/webhooks`, headers, payload: { url: 'https://hooks.example/antoan' } })).statusCode).toBe(201);
    } finally {
      await strict.close();
    }
  });
});
