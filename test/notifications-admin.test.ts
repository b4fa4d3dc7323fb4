// The notification API: the national delivery log (filters, cursor paging, masked recipients),
// one notification with its digest, counts by status, sending dead letters again (only failed ones,
// with the rest of their message, audited), who may do each, and every user's own in-app inbox.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOf, maskEmail, maskPhone } from '../src/modules/alerts/admin/recipients.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { insertEndpoint, insertNotification, RAW_EMAIL, RAW_PHONE, statusesOf, uniqueTemplate } from './helpers/notifications-admin.ts';

type Item = { id: string; channel: string; template: string; recipient: string; status: string; attempts: number; nextAttemptAt: string | null; messageId: string | null; createdAt: string; subject: { type: string; id: string } | null };
type Page = { items: Item[]; nextCursor: string | null };
type Headers = Record<string, string>;

let t: TestApp;
let national: Headers;
let supervisor: Headers;
let provincial: Headers;
let platformAdmin: Headers;
let platform: { id: string; name: string };

const get = (headers: Headers, url: string) => t.app.inject({ method: 'GET', url, headers });
const post = (headers: Headers, url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
const minutesAgo = (n: number) => new Date(t.clock.now().getTime() - n * 60_000);

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
  national = await t.adminHeaders();
  const centre = await t.org({ kind: 'authority', scope: 'national' });
  supervisor = (await t.session((await t.user(centre.id, 'supervisor')).id)).headers;
  const hue = await t.org({ kind: 'authority', scope: 'provincial' });
  provincial = (await t.session((await t.user(hue.id, 'supervisor')).id)).headers;
  platform = await t.org({ kind: 'platform', name: 'Nền tảng Ví dụ' });
  platformAdmin = (await t.session((await t.user(platform.id, 'org_admin')).id)).headers;
});
afterAll(async () => t.close());

describe('masking', () => {
  it('keeps enough to tell recipients apart and hides the rest', () => {
    expect(maskEmail('nguyen.van.a@example.vn')).toBe('n***@example.vn');
    expect(maskEmail('a@b.vn')).toBe('a***@b.vn');
    expect(maskEmail('not an address')).toBe('***');
    expect(maskEmail('@example.vn')).toBe('***');
    expect(maskPhone('+84912345678')).toBe('+8491***678');
    expect(maskPhone('0912 345 678')).toBe('091***678');
    expect(maskPhone('1234567')).toBe('***67');
    expect(hostOf('https://hooks.example.vn:8443/path?token=x')).toBe('hooks.example.vn:8443');
    expect(hostOf('not a url')).toBe('***');
  });
});

describe('the delivery log', () => {
  it('lists newest first, filters by status and template, and pages with a cursor', async () => {
    const template = uniqueTemplate('test.paging');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await insertNotification(t, { template, createdAt: minutesAgo(10 - i), status: i === 2 ? 'delivered' : 'failed' })).id);
    await insertNotification(t, { template: uniqueTemplate('test.other') });

    const all = json<Page>(await get(national, `/api/v1/notifications?template=${template}`));
    expect(all.items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(all.nextCursor).toBeNull();

    const failed = json<Page>(await get(supervisor, `/api/v1/notifications?template=${template}&status=failed`));
    expect(failed.items.map((i) => i.id)).toEqual([ids[4], ids[3], ids[1], ids[0]]);

    const seen: string[] = [];
    let url = `/api/v1/notifications?template=${template}&limit=2`;
    for (;;) {
      const page = json<Page>(await get(national, url));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      if (page.nextCursor === null) break;
      url = `/api/v1/notifications?template=${template}&limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('refuses a cursor it did not give, a bad template key and an unknown status with a 400 naming the field', async () => {
    const cursor = await get(national, '/api/v1/notifications?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.statusCode).toBe(400);
    expect(json<{ error: { details: { field: string }[] } }>(cursor).error.details.map((d) => d.field)).toContain('cursor');
    expect((await get(national, '/api/v1/notifications?template=Not%20A%20Key')).statusCode).toBe(400);
    expect((await get(national, '/api/v1/notifications?status=lost')).statusCode).toBe(400);
    expect((await get(national, '/api/v1/notifications?limit=1000')).statusCode).toBe(400);
  });

  it('shows each recipient masked and never a raw address, in the list or the detail', async () => {
    const template = uniqueTemplate('test.mask');
    const endpointId = await insertEndpoint(t, platform.id, 'https://hooks.platform.example:8443/antoan?token=secret');
    const user = await t.user(platform.id, 'responder');
    const email = await insertNotification(t, { template, data: { note: 'no contact here' } });
    const sms = await insertNotification(t, { template, channel: 'sms', addressCiphertext: t.box.encrypt(RAW_PHONE), createdAt: minutesAgo(1) });
    const webhook = await insertNotification(t, { template, channel: 'webhook', addressCiphertext: null, endpointId, orgId: platform.id, createdAt: minutesAgo(2) });
    const contact = await insertNotification(t, { template, addressCiphertext: null, orgId: platform.id, createdAt: minutesAgo(3) });
    const inApp = await insertNotification(t, { template, channel: 'in_app', addressCiphertext: null, userId: user.id, createdAt: minutesAgo(4) });

    const response = await get(national, `/api/v1/notifications?template=${template}`);
    const byId = new Map(json<Page>(response).items.map((i) => [i.id, i.recipient]));
    expect(byId.get(email.id)).toBe('n***@example.vn');
    expect(byId.get(sms.id)).toBe('+8491***678');
    expect(byId.get(webhook.id)).toBe('hooks.platform.example:8443');
    expect(byId.get(contact.id)).toBe('Nền tảng Ví dụ');
    expect(byId.get(inApp.id)).toBe(`user:${user.id}`);

    const detail = await get(national, `/api/v1/notifications/${email.id}`);
    for (const body of [response.body, detail.body, (await get(national, `/api/v1/notifications/${sms.id}`)).body]) {
      expect(body).not.toContain(RAW_EMAIL);
      expect(body).not.toContain('nguyen.van.a');
      expect(body).not.toContain(RAW_PHONE);
      expect(body).not.toContain('secret');
    }
    expect(json<{ data: unknown }>(detail).data).toEqual({ note: 'no contact here' });
  });

  it('gives one notification with the other rows of its digest, and 404 for an unknown id', async () => {
    const template = uniqueTemplate('test.digest');
    const messageId = randomUUID();
    const rows = [];
    for (let i = 0; i < 3; i++) rows.push(await insertNotification(t, { template, messageId, status: 'delivered', deliveredAt: t.clock.now(), createdAt: minutesAgo(3 - i), subjectType: 'report', subjectId: randomUUID() }));
    const [first] = rows;
    if (first === undefined) throw new Error('no rows');
    const detail = json<{ notification: Item; message: { id: string; count: number; others: Item[] } }>(await get(supervisor, `/api/v1/notifications/${first.id}`));
    expect(detail.notification).toMatchObject({ id: first.id, status: 'delivered', messageId, subject: { type: 'report', id: first.subjectId } });
    expect(detail.message.count).toBe(3);
    expect(detail.message.others.map((o) => o.id).sort()).toEqual(rows.slice(1).map((r) => r.id).sort());

    const alone = await insertNotification(t, { template, status: 'pending' });
    expect(json<{ message: unknown; notification: Item }>(await get(national, `/api/v1/notifications/${alone.id}`))).toMatchObject({ message: null, notification: { nextAttemptAt: expect.any(String) as string } });
    expect((await get(national, `/api/v1/notifications/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('counts notifications by status', async () => {
    const before = json<Record<string, number>>(await get(national, '/api/v1/notifications/stats'));
    await insertNotification(t, { status: 'cancelled' });
    await insertNotification(t, { status: 'failed' });
    const after = json<Record<string, number>>(await get(supervisor, '/api/v1/notifications/stats'));
    expect(after).toEqual({ ...before, cancelled: (before.cancelled ?? 0) + 1, failed: (before.failed ?? 0) + 1, total: (before.total ?? 0) + 2 });
    expect(Object.keys(after).sort()).toEqual(['cancelled', 'delivered', 'failed', 'pending', 'total']);
  });
});

describe('retrying a dead letter', () => {
  it('makes it pending now with every failed row of its message, leaves the others, writes an audit entry, then answers 409', async () => {
    const template = uniqueTemplate('test.retry');
    const messageId = randomUUID();
    const dead = await insertNotification(t, { template, messageId, attempts: 8, createdAt: minutesAgo(5) });
    const deadSibling = await insertNotification(t, { template, messageId, attempts: 8, createdAt: minutesAgo(4) });
    const delivered = await insertNotification(t, { template, messageId, status: 'delivered', attempts: 1, createdAt: minutesAgo(3) });
    const otherDead = await insertNotification(t, { template, attempts: 8, createdAt: minutesAgo(2) });

    const response = await post(supervisor, `/api/v1/notifications/${dead.id}/retry`);
    expect(response.statusCode).toBe(200);
    expect(json<{ notification: Item; requeued: number }>(response)).toMatchObject({ requeued: 2, notification: { id: dead.id, status: 'pending', attempts: 0, nextAttemptAt: t.clock.now().toISOString() } });
    const states = await statusesOf(t, [dead.id, deadSibling.id, delivered.id, otherDead.id]);
    expect(states.get(dead.id)).toEqual({ status: 'pending', attempts: 0, next: t.clock.now() });
    expect(states.get(deadSibling.id)).toEqual({ status: 'pending', attempts: 0, next: t.clock.now() });
    expect(states.get(delivered.id)?.status).toBe('delivered');
    expect(states.get(otherDead.id)?.status).toBe('failed');

    const { rows } = await t.database.sql.executeSql("select actor_label, action, subject_type, summary from audit_log where action = 'notification.retry' and subject_id = $1", [dead.id]);
    expect(rows).toEqual([expect.objectContaining({ action: 'notification.retry', subject_type: 'notification', summary: expect.objectContaining({ template, channel: 'email', messageId, requeued: 2 }) as unknown })]);
    expect(JSON.stringify(rows)).not.toContain(RAW_EMAIL);

    const again = await post(national, `/api/v1/notifications/${dead.id}/retry`, {});
    expect(again.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(again).error.code).toBe('CONFLICT');
    expect((await post(national, `/api/v1/notifications/${delivered.id}/retry`)).statusCode).toBe(409);
    expect((await post(national, `/api/v1/notifications/${randomUUID()}/retry`)).statusCode).toBe(404);
    expect((await post(national, `/api/v1/notifications/${otherDead.id}/retry`, { force: true })).statusCode).toBe(400);
  });
});

describe('who may read and retry', () => {
  it('refuses provincial staff, a platform admin, anonymous callers and tokens without the scope', async () => {
    const row = await insertNotification(t, {});
    const urls = ['/api/v1/notifications', '/api/v1/notifications/stats', `/api/v1/notifications/${row.id}`];
    for (const headers of [provincial, platformAdmin]) {
      for (const url of urls) expect((await get(headers, url)).statusCode).toBe(403);
      expect((await post(headers, `/api/v1/notifications/${row.id}/retry`)).statusCode).toBe(403);
    }
    for (const url of urls) expect((await get({}, url)).statusCode).toBe(401);

    const centre = await t.org({ kind: 'authority', scope: 'national' });
    const reader = await t.token(centre.id, ['notifications:read']);
    expect((await get(reader, '/api/v1/notifications')).statusCode).toBe(200);
    const refused = await post(reader, `/api/v1/notifications/${row.id}/retry`);
    expect(refused.statusCode).toBe(403);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe('SCOPE_MISSING');
    expect((await get(await t.token(centre.id, ['audit:read']), '/api/v1/notifications')).statusCode).toBe(403);
    const writer = await t.token(centre.id, ['notifications:write']);
    expect((await post(writer, `/api/v1/notifications/${row.id}/retry`)).statusCode).toBe(200);
    expect((await get(await t.token(platform.id, ['notifications:read']), '/api/v1/notifications')).statusCode).toBe(403);
  });

  it('refuses national staff who have not passed two-factor', async () => {
    const centre = await t.org({ kind: 'authority', scope: 'national' });
    const unverified = (await t.session((await t.user(centre.id, 'admin')).id, false)).headers;
    expect((await get(unverified, '/api/v1/notifications')).statusCode).toBe(403);
  });
});

describe('the in-app inbox', () => {
  it('shows each user only their own notifications and marks only their own read', async () => {
    const a = await t.user(platform.id, 'responder');
    const b = await t.user(platform.id, 'responder');
    const inApp = (userId: string, minutes: number) => insertNotification(t, { channel: 'in_app', addressCiphertext: null, userId, status: 'delivered', template: 'test.unregistered', createdAt: minutesAgo(minutes) });
    const a1 = await inApp(a.id, 3);
    const a2 = await inApp(a.id, 2);
    const b1 = await inApp(b.id, 1);
    await insertNotification(t, { channel: 'in_app', addressCiphertext: null, userId: a.id, status: 'pending' });
    const asA = (await t.session(a.id)).headers;
    const asB = (await t.session(b.id)).headers;

    type Inbox = { items: { id: string; subject: string; readAt: string | null }[]; unread: number };
    const inboxA = json<Inbox>(await get(asA, '/api/v1/me/notifications'));
    expect(inboxA.items.map((i) => i.id)).toEqual([a2.id, a1.id]);
    expect(inboxA.unread).toBe(2);
    expect(json<Inbox>(await get(asB, '/api/v1/me/notifications')).items.map((i) => i.id)).toEqual([b1.id]);

    const marked = await post(asA, '/api/v1/me/notifications/read', { ids: [a1.id, b1.id] });
    expect(json(marked)).toEqual({ marked: 1, unread: 1 });
    expect(json<Inbox>(await get(asB, '/api/v1/me/notifications')).items[0]?.readAt).toBeNull();
    expect(json<Inbox>(await get(asA, '/api/v1/me/notifications')).items.find((i) => i.id === a1.id)?.readAt).toBe(t.clock.now().toISOString());

    expect((await get({}, '/api/v1/me/notifications')).statusCode).toBe(401);
    expect((await get(await t.token(platform.id, ['org:read']), '/api/v1/me/notifications')).statusCode).toBe(403);
    expect((await post(asA, '/api/v1/me/notifications/read', { ids: [] })).statusCode).toBe(400);
    expect((await post(asA, '/api/v1/me/notifications/read', { ids: Array.from({ length: 201 }, () => randomUUID()) })).statusCode).toBe(400);
  });

  it('renders a registered template in the reader’s language', async () => {
    const template = t.notifier.templates.all()[0];
    if (template === undefined) throw new Error('no template is registered');
    const user = await t.user(platform.id, 'responder');
    await insertNotification(t, { channel: 'in_app', addressCiphertext: null, userId: user.id, status: 'delivered', template: template.key, data: template.sample as Record<string, unknown> });
    const headers = (await t.session(user.id)).headers;
    for (const locale of ['vi', 'en'] as const) {
      const expected = await t.notifier.templates.render(template.key, { db: t.database.db, locale, publicUrl: t.config.publicUrl, box: t.box }, [template.sample]);
      const inbox = json<{ items: { subject: string; text: string }[] }>(await get(headers, `/api/v1/me/notifications?lang=${locale}`));
      expect(inbox.items[0]).toMatchObject({ subject: expected.subject, text: expected.text });
    }
  });
});
