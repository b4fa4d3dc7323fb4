// The trust registry's pages, driven as a browser without JavaScript would: the application
// form (CSRF, stamp, honeypot, problems tied to their fields), the page after sending, the
// directory and an organisation's page, and the staff review forms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITERIA, CRITERION_CODES } from '../src/modules/reputation/trust/criteria.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { call, rows, type Person } from './helpers/cases.ts';
import { FORM_CONTENT_TYPE, formBody, type FormFields, openPublicForm, type Visitor } from './helpers/form-posts.ts';
import { check } from './helpers/reputation.ts';

let t: TestApp;
let analyst: Person & { cookie: string; csrf: string };
let supervisor: Person & { cookie: string; csrf: string };
let platformAdmin: Person & { cookie: string; csrf: string };
let provincial: Person & { cookie: string; csrf: string };
let n = 0;


async function staff(orgId: string, role: 'analyst' | 'supervisor' | 'org_admin') {
  const user = await t.user(orgId, role);
  const session = await t.session(user.id);
  return { id: user.id, name: user.displayName, headers: session.headers, cookie: session.cookie, csrf: session.csrf };
}

const openForm = (url = '/trust/apply'): Promise<Visitor> => openPublicForm(t.app, url);

function completeFields(overrides: Record<string, string> = {}): Record<string, string> {
  n++;
  return {
    name: `Công ty Bảo hiểm Thử ${n}`,
    website: `https://bao-hiem-${n}.example.vn/`,
    domains: `bao-hiem-${n}.example.vn\nwww.bao-hiem-${n}.example.vn`,
    contact: `lien-he-${n}@bao-hiem.example.vn`,
    description: 'Doanh nghiệp bảo hiểm.',
    ...Object.fromEntries(CRITERION_CODES.map((code) => [`statement_${code}`, `Cam kết về ${code}.`])),
    ...overrides,
  };
}

async function sendForm(visitor: Visitor, fields: Record<string, string>, options: { wait?: number; url?: string; honeypot?: string } = {}) {
  t.clock.advance(options.wait ?? 5000);
  return t.app.inject({
    method: 'POST',
    url: options.url ?? '/trust/apply',
    headers: { cookie: visitor.cookie, 'content-type': FORM_CONTENT_TYPE },
    payload: formBody({ _csrf: visitor.csrf, stamp: visitor.stamp, url: options.honeypot ?? '', ...fields }),
  });
}

const page = (who: { cookie: string } | null, url: string) => t.app.inject({ method: 'GET', url, headers: who === null ? {} : { cookie: who.cookie } });
const post = (who: { cookie: string; csrf: string }, url: string, fields: FormFields) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: who.csrf, ...fields }) });

/** Apply through the form; returns the application id. */
async function applyByForm(fields = completeFields()): Promise<string> {
  const response = await sendForm(await openForm(), fields);
  expect(response.statusCode).toBe(303);
  const id = /ref=([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1];
  if (id === undefined) throw new Error(`no reference in ${response.headers.location}`);
  return id;
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-05-04T02:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  const hue = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  const platform = await t.org({ kind: 'platform' });
  analyst = await staff(national.id, 'analyst');
  supervisor = await staff(national.id, 'supervisor');
  provincial = await staff(hue.id, 'supervisor');
  platformAdmin = await staff(platform.id, 'org_admin');
});
afterAll(() => t.close());

describe('the application form', () => {
  it('renders in Vietnamese with a field per criterion, the honeypot and the stamp; in English on request', async () => {
    const { html } = await openForm();
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain('Đăng ký tín nhiệm mạng');
    for (const criterion of CRITERIA) {
      expect(html).toContain(`<label for="field-statement_${criterion.code}">${criterion.label.vi}</label>`);
    }
    expect(html).toContain('class="hp" aria-hidden="true"');
    expect(html).toContain('name="url"');
    const english = await openForm('/trust/apply?lang=en');
    expect(english.html).toContain('Apply for a network trust badge');
    expect(english.html).toContain('action="/trust/apply?lang=en"');
    expect(english.html).toContain(CRITERIA[0].label.en);
  });

  it('sends a complete application, then tells what happens next with the reference', async () => {
    const fields = completeFields();
    const response = await sendForm(await openForm(), fields);
    expect(response.statusCode).toBe(303);
    const location = response.headers.location ?? '';
    expect(location).toMatch(/^\/trust\/apply\/sent\?ref=[0-9a-f-]{36}$/);
    const sent = await page(null, location);
    expect(sent.statusCode).toBe(200);
    const id = location.slice(location.indexOf('=') + 1);
    expect(sent.body).toContain(id);
    expect(sent.body).toContain('Điều gì xảy ra tiếp theo');
    const [entity] = await rows<{ status: string; name: string }>(t, 'select status, name from trust_entities where id = $1', [id]);
    expect(entity).toEqual({ status: 'applied', name: fields.name });
    expect((await page(null, '/trust/apply/sent?ref=nonsense')).statusCode).toBe(303);
  });

  it('comes back with every problem tied to its field, the values kept, and nothing stored', async () => {
    const fields = completeFields({ domains: `ok-${n}.example.vn\n\nkhông hợp lệ\n*.wild.example.vn`, statement_consent: '', statement_valid_tls: '  ', contact: 'khong-phai-email' });
    const before = await rows(t, 'select id from trust_entities');
    const response = await sendForm(await openForm(), fields);
    expect(response.statusCode).toBe(400);
    const html = response.body;
    expect(html).toContain('Hồ sơ chưa gửi được');
    expect(html).toContain('href="#field-domains"');
    expect(html).toContain('Dòng 3: không phải tên miền hợp lệ.');
    expect(html).toContain('Dòng 4: ghi từng tên miền, không dùng dấu *.');
    expect(html).toContain('href="#field-statement_consent"');
    expect(html).toContain('href="#field-statement_valid_tls"');
    expect(html).toContain('href="#field-contact"');
    expect(html).toContain('Tên miền của trang web phải có trong danh sách tên miền.');
    expect(html).toContain(`value="${fields.name}"`);
    expect(html).toContain('Cam kết về privacy_policy.');
    expect(await rows(t, 'select id from trust_entities')).toHaveLength(before.length);
  });

  it('refuses a form sent too fast, a filled honeypot and a missing CSRF token', async () => {
    const tooFast = await sendForm(await openForm(), completeFields(), { wait: 500 });
    expect(tooFast.statusCode).toBe(400);
    expect(tooFast.body).toContain('Biểu mẫu đã gửi quá nhanh');
    const bot = await sendForm(await openForm(), completeFields(), { honeypot: 'https://spam.example.com' });
    expect(bot.statusCode).toBe(400);
    const visitor = await openForm();
    const forged = await sendForm({ ...visitor, csrf: 'forged' }, completeFields());
    expect(forged.statusCode).toBe(403);
  });
});

describe('the directory pages', () => {
  it('finds an organisation by name without accents, shows its badge, the embed code and no contact', async () => {
    const fields = completeFields({ name: 'Tổng công ty Điện lực Thử' });
    const id = await applyByForm(fields);
    for (const code of CRITERION_CODES) await call(t, analyst.headers, 'POST', `/api/v1/trust/applications/${id}/criteria/${code}`, { finding: 'met' });
    const decided = await call(t, supervisor.headers, 'POST', `/api/v1/trust/applications/${id}/decision`, { decision: 'approve' });
    const { slug, badgeNumber } = decided.json<{ slug: string; badgeNumber: string }>();
    const list = await page(null, '/trust?q=dien%20luc');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<a href="/trust/${slug}">Tổng công ty Điện lực Thử</a>`);
    expect(list.body).toContain(`Đã xác thực · ${badgeNumber}`);
    const none = await page(null, '/trust?q=khong-ai-co-ten-nay');
    expect(none.body).toContain('Không có tổ chức nào khớp.');
    const entity = await page(null, `/trust/${slug}`);
    expect(entity.statusCode).toBe(200);
    expect(entity.body).toContain(`<img src="/trust/${slug}/badge.svg" alt="Huy hiệu tín nhiệm mạng của Tổng công ty Điện lực Thử" height="20"`);
    expect(entity.body).toContain(`&lt;a href=&quot;http://localhost:3000/trust/${slug}&quot;&gt;&lt;img src=&quot;http://localhost:3000/trust/${slug}/badge.svg&quot;`);
    expect(entity.body).toContain('Tiêu chí đã đạt');
    expect(entity.body).not.toContain(fields.contact ?? '');
    expect(entity.body).not.toContain('Cam kết về');
    expect((await page(null, '/trust/khong-co-to-chuc-nay')).statusCode).toBe(404);
    const pending = await applyByForm();
    const [row] = await rows<{ slug: string }>(t, 'select slug from trust_entities where id = $1', [pending]);
    expect((await page(null, `/trust/${row?.slug ?? ''}`)).statusCode).toBe(404);
  });
});

describe('the staff review pages', () => {
  it('sends anonymous visitors to log in and refuses provincial staff and other kinds', async () => {
    const anonymous = await page(null, '/admin/trust');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
    expect((await page(provincial, '/admin/trust')).statusCode).toBe(403);
    expect((await page(platformAdmin, '/admin/trust')).statusCode).toBe(403);
    const id = await applyByForm();
    expect((await page(platformAdmin, `/admin/trust/${id}`)).statusCode).toBe(403);
    expect((await post(platformAdmin, `/admin/trust/${id}/criteria/consent`, { finding: 'met' })).statusCode).toBe(403);
  });

  it('lets an analyst record findings through the forms, but shows the decision only to a supervisor', async () => {
    const fields = completeFields();
    const id = await applyByForm(fields);
    const queue = await page(analyst, '/admin/trust');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`<a href="/admin/trust/${id}">${fields.name}</a>`);
    expect(queue.body).not.toContain('Thêm tổ chức vào danh bạ');
    const detail = await page(analyst, `/admin/trust/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Cam kết về privacy_policy.');
    expect(detail.body).toContain('Gợi ý tự động');
    expect(detail.body).not.toContain(fields.contact ?? '');
    expect(detail.body).not.toContain('Cấp huy hiệu</button>');
    const missingNote = await post(analyst, `/admin/trust/${id}/criteria/valid_tls`, { finding: 'not_met', note: '' });
    expect(missingNote.statusCode).toBe(400);
    expect(missingNote.body).toContain('Hãy nêu lý do tiêu chí không đạt.');
    expect(missingNote.body).toContain('href="#field-criterion-valid_tls-note"');
    const recorded = await post(analyst, `/admin/trust/${id}/criteria/valid_tls`, { finding: 'met', note: 'Chứng chỉ hợp lệ đến 2027.' });
    expect(recorded.statusCode).toBe(303);
    expect(recorded.headers.location).toBe(`/admin/trust/${id}?done=finding#criterion-valid_tls`);
    const after = await page(analyst, `/admin/trust/${id}?done=finding`);
    expect(after.body).toContain('Đã ghi kết quả thẩm định.');
    expect(after.body).toContain('Chứng chỉ hợp lệ đến 2027.');
    const contact = await page(analyst, `/admin/trust/${id}?contact=show`);
    expect(contact.body).toContain(fields.contact ?? '');
    expect(await rows(t, "select 1 from audit_log where subject_id = $1 and action = 'trust.contact_read'", [id])).toHaveLength(1);
    expect((await post(analyst, `/admin/trust/${id}/decision`, { decision: 'approve' })).statusCode).toBe(403);
  });

  it('a supervisor is told which criteria are missing, then grants and revokes the badge', async () => {
    const fields = completeFields();
    const id = await applyByForm(fields);
    const blocked = await post(supervisor, `/admin/trust/${id}/decision`, { decision: 'approve' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.body).toContain('Chưa thể cấp huy hiệu:');
    expect(blocked.body).toContain('Chứng chỉ TLS hợp lệ');
    for (const code of CRITERION_CODES) expect((await post(analyst, `/admin/trust/${id}/criteria/${code}`, { finding: 'met' })).statusCode).toBe(303);
    const granted = await post(supervisor, `/admin/trust/${id}/decision`, { decision: 'approve' });
    expect(granted.statusCode).toBe(303);
    const shown = await page(supervisor, `/admin/trust/${id}?done=approved`);
    expect(shown.body).toMatch(/Đã cấp huy hiệu TN-2026-\d{4}\./);
    expect((await check(t, `www.bao-hiem-${n}.example.vn`)).verdict).toBe('trusted');
    const noReason = await post(supervisor, `/admin/trust/${id}/decision`, { decision: 'revoke', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Hãy nêu lý do.');
    const revoked = await post(supervisor, `/admin/trust/${id}/decision`, { decision: 'revoke', reason: 'Tên miền đã đổi chủ.' });
    expect(revoked.statusCode).toBe(303);
    expect((await check(t, `www.bao-hiem-${n}.example.vn`)).verdict).toBe('unknown');
    const [row] = await rows<{ slug: string }>(t, 'select slug from trust_entities where id = $1', [id]);
    const publicPage = await page(null, `/trust/${row?.slug ?? ''}`);
    expect(publicPage.body).toContain('đã bị THU HỒI');
    expect(publicPage.body).toContain('Tên miền đã đổi chủ.');
  });

  it('a supervisor enters a well-known organisation in the directory from the queue page', async () => {
    const form = await page(supervisor, '/admin/trust');
    expect(form.body).toContain('Thêm tổ chức vào danh bạ');
    const bad = await post(supervisor, '/admin/trust/entities', { name: '', domains: 'tot.example.vn\n*.xau.example.vn' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Dòng 2: ghi từng tên miền, không dùng dấu *.');
    const created = await post(supervisor, '/admin/trust/entities', { name: 'Ngân hàng Nhà nước (thử)', slug: 'nhnn-thu', website: 'https://nhnn-thu.example.vn', domains: 'nhnn-thu.example.vn' });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/trust?status=listed&done=listed');
    const listed = await page(null, '/trust/nhnn-thu');
    expect(listed.statusCode).toBe(200);
    expect(listed.body).toContain('chưa được cấp huy hiệu');
    expect(listed.body).not.toContain('badge.svg');
  });
});
