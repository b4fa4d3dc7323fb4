// The notification pages as a browser without JavaScript uses them: the delivery log (dead letters
// by default, counts, filters, the retry form and its notice), one notification with its rendered
// message, the templates and their preview in both languages, and a user's inbox with "mark read".
// Who may open what; no raw address on any page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { FORM_CONTENT_TYPE, formBody, hiddenCsrf, type FormFields } from './helpers/form-posts.ts';
import { insertNotification, RAW_EMAIL, statusesOf, uniqueTemplate } from './helpers/notifications-admin.ts';

type Person = { id: string; cookie: string; csrf: string };

let t: TestApp;
let supervisor: Person;
let provincial: Person;
let platformAdmin: Person;
let platformId: string;

async function person(orgId: string, role: 'supervisor' | 'org_admin' | 'responder'): Promise<Person> {
  const user = await t.user(orgId, role);
  const session = await t.session(user.id);
  return { id: user.id, cookie: session.cookie, csrf: session.csrf };
}

const page = (who: Person | null, url: string) => t.app.inject({ method: 'GET', url, headers: who === null ? {} : { cookie: who.cookie } });
const post = (who: Person, url: string, fields: FormFields) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: who.csrf, ...fields }) });
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function expectCleanPage(html: string): void {
  expect(html).not.toMatch(/\sstyle=|<style|<script(?![^>]*\ssrc=)/i);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  expect(html).not.toContain(RAW_EMAIL);
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
  supervisor = await person((await t.org({ kind: 'authority', scope: 'national' })).id, 'supervisor');
  provincial = await person((await t.org({ kind: 'authority', scope: 'provincial' })).id, 'supervisor');
  platformId = (await t.org({ kind: 'platform' })).id;
  platformAdmin = await person(platformId, 'org_admin');
});
afterAll(async () => t.close());

describe('the delivery log page', () => {
  it('shows the dead letters by default with their counts, masked recipients and a retry form', async () => {
    const template = uniqueTemplate('test.page');
    const dead = await insertNotification(t, { template, lastError: 'SMTP 550 mailbox unavailable' });
    const delivered = await insertNotification(t, { template, status: 'delivered', deliveredAt: t.clock.now() });
    const response = await page(supervisor, '/admin/notifications');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expectCleanPage(html);
    expect(html).toContain(`href="/admin/notifications/${dead.id}"`);
    expect(html).not.toContain(`href="/admin/notifications/${delivered.id}"`);
    expect(html).toContain('n***@example.vn');
    expect(html).toContain('SMTP 550 mailbox unavailable');
    expect(html).toContain(`action="/admin/notifications/${dead.id}/retry"`);
    expect(html).toMatch(/<option value="failed" selected/);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<label for="field-status"');

    const all = (await page(supervisor, `/admin/notifications?status=all&template=${template}&lang=en`)).body;
    expect(all).toContain(`href="/admin/notifications/${delivered.id}"`);
    expect(all).toContain('Notification delivery log');
  });

  it('retries a dead letter from its form, then says so; a second try says it is no longer failed', async () => {
    const template = uniqueTemplate('test.form');
    const dead = await insertNotification(t, { template });
    const back = `/admin/notifications?status=failed&template=${template}`;
    const sent = await post(supervisor, `/admin/notifications/${dead.id}/retry`, { returnTo: back });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${back}&done=retried&n=1`);
    expect((await statusesOf(t, [dead.id])).get(dead.id)?.status).toBe('pending');
    expect((await page(supervisor, String(sent.headers.location))).body).toContain('Đã đưa 1 thông báo vào hàng đợi để gửi lại ngay.');

    const again = await post(supervisor, `/admin/notifications/${dead.id}/retry`, { returnTo: 'https://evil.example/' });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/admin/notifications?done=conflict');
    expect((await page(supervisor, String(again.headers.location))).body).toContain('không còn ở trạng thái gửi thất bại');
  });

  it('refuses provincial staff and platform admins, sends anonymous visitors to log in, and a form without its token', async () => {
    const dead = await insertNotification(t, {});
    for (const who of [provincial, platformAdmin]) {
      for (const url of ['/admin/notifications', `/admin/notifications/${dead.id}`, '/admin/notifications/templates']) expect((await page(who, url)).statusCode).toBe(403);
      expect((await post(who, `/admin/notifications/${dead.id}/retry`, {})).statusCode).toBe(403);
    }
    expect((await statusesOf(t, [dead.id])).get(dead.id)?.status).toBe('failed');
    const anonymous = await page(null, '/admin/notifications');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
    const forged = await t.app.inject({ method: 'POST', url: `/admin/notifications/${dead.id}/retry`, headers: { cookie: supervisor.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({}) });
    expect(forged.statusCode).toBe(403);
    expect((await page(supervisor, '/admin/notifications/not-an-id')).statusCode).toBe(404);
    expect((await page(supervisor, `/admin/notifications/${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('one notification', () => {
  it('shows its history, the message its template makes of its data, and its digest', async () => {
    const template = t.notifier.templates.all()[0];
    if (template === undefined) throw new Error('no template is registered');
    const messageId = randomUUID();
    const row = await insertNotification(t, { template: template.key, locale: 'en', data: template.sample as Record<string, unknown>, messageId, attempts: 3, lastStatus: 503, lastError: 'HTTP 503' });
    await insertNotification(t, { template: template.key, messageId, status: 'failed' });
    const rendered = await t.notifier.templates.render(template.key, { db: t.database.db, locale: 'en', publicUrl: t.config.publicUrl, box: t.box }, [template.sample]);
    const html = (await page(supervisor, `/admin/notifications/${row.id}`)).body;
    expectCleanPage(html);
    expect(html).toContain('HTTP 503');
    expect(html).toContain('n***@example.vn');
    expect(html).toContain(escaped(rendered.subject));
    expect(html).toContain('gộp cùng 2 thông báo');
    expect(html).toContain(`action="/admin/notifications/${row.id}/retry"`);
  });

  it('says when a row’s template cannot render it', async () => {
    const row = await insertNotification(t, { template: 'test.unregistered', status: 'cancelled' });
    const html = (await page(supervisor, `/admin/notifications/${row.id}?lang=en`)).body;
    expect(html).toContain('template test.unregistered is gone');
    expect(html).not.toContain(`/admin/notifications/${row.id}/retry`);
  });
});

describe('templates', () => {
  it('lists every template and previews each, alone and as a digest, in Vietnamese and English', async () => {
    const templates = t.notifier.templates.all();
    expect(templates.length).toBeGreaterThan(0);
    const list = (await page(supervisor, '/admin/notifications/templates')).body;
    expectCleanPage(list);
    for (const template of templates) {
      expect(list).toContain(`<code>${template.key}</code>`);
      expect(list).toContain(escaped(template.description.vi));
    }
    const [first] = templates;
    if (first === undefined) throw new Error('no template is registered');
    for (const locale of ['vi', 'en'] as const) {
      const preview = await t.notifier.templates.preview(first.key, { db: t.database.db, locale, publicUrl: t.config.publicUrl, box: t.box });
      const response = await page(supervisor, `/admin/notifications/templates/${first.key}?locale=${locale}`);
      expect(response.statusCode).toBe(200);
      expectCleanPage(response.body);
      expect(response.body).toContain(`<span lang="${locale}">${escaped(preview.single.subject)}</span>`);
      expect(response.body).toContain(`<span lang="${locale}">${escaped(preview.digest.subject)}</span>`);
      expect(response.body).toContain(`aria-current="page">${locale === 'vi' ? 'Tiếng Việt' : 'Tiếng Anh'}</a>`);
    }
    expect((await page(supervisor, '/admin/notifications/templates/no.such.template')).statusCode).toBe(404);
    expect((await page(supervisor, '/admin/notifications/templates/Bad%20Key')).statusCode).toBe(400);
  });
});

describe('the inbox page', () => {
  it('shows a user only their notifications, unread marked, and marks them read', async () => {
    const a = await person(platformId, 'responder');
    const b = await person(platformId, 'responder');
    const mine = await insertNotification(t, { channel: 'in_app', addressCiphertext: null, userId: a.id, status: 'delivered', template: 'test.unregistered' });
    const theirs = await insertNotification(t, { channel: 'in_app', addressCiphertext: null, userId: b.id, status: 'delivered', template: 'test.unregistered' });
    const html = (await page(a, '/me/notifications')).body;
    expectCleanPage(html);
    expect(html).toContain(`id="notification-${mine.id}"`);
    expect(html).not.toContain(theirs.id);
    expect(html).toContain('Chưa đọc');
    expect(hiddenCsrf(html)).toBe(a.csrf);

    const marked = await post(a, '/me/notifications/read', { ids: [mine.id, theirs.id, 'not-an-id'] });
    expect(marked.statusCode).toBe(303);
    expect(marked.headers.location).toBe('/me/notifications?done=read&n=1');
    const after = (await page(a, String(marked.headers.location))).body;
    expect(after).toContain('Đã đánh dấu 1 thông báo là đã đọc.');
    expect(after).not.toContain('Chưa đọc');
    expect((await page(b, '/me/notifications?lang=en')).body).toContain('Unread');
    expect((await page(null, '/me/notifications')).statusCode).toBe(303);
  });
});
