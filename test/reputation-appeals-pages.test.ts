// The appeal pages as a browser without JavaScript uses them: the public form (multipart, CSRF,
// signed stamp, honeypot), the tracking pages, and the staff queue and appeal page with the
// decision form. What they show, and what they never show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealStatusWords } from '../src/modules/reputation/appeals/messages.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { FORM_CONTENT_TYPE, formBody, type FormFields, openPublicForm, type Visitor } from './helpers/form-posts.ts';
import { countRows, tinyPng, windowsExecutable } from './helpers/reports.ts';
import { check, list } from './helpers/reputation.ts';

type Staff = { cookie: string; csrf: string };

let t: TestApp;
let analyst: Staff;
let provincial: Staff;
const TICKET_URL = /^\/appeal\/(KN-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})\?new=1$/;
const unique = () => Math.random().toString(36).slice(2, 8);

async function staff(orgId: string): Promise<Staff> {
  const user = await t.user(orgId, 'analyst');
  const session = await t.session(user.id);
  return { cookie: session.cookie, csrf: session.csrf };
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-05-04T01:00:00Z') });
  analyst = await staff((await t.org({ kind: 'authority', scope: 'national' })).id);
  provincial = await staff((await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' })).id);
});
afterAll(() => t.close());

const openForm = (url = '/appeal'): Promise<Visitor> => openPublicForm(t.app, url);

/** Send the form as a browser does (multipart/form-data), after a person's pause unless told otherwise. */
async function sendForm(visitor: Visitor, fields: Record<string, string>, options: { files?: { name: string; bytes: Uint8Array }[]; wait?: number; website?: string; url?: string } = {}) {
  t.clock.advance(options.wait ?? 5000);
  const form = new FormData();
  form.append('_csrf', visitor.csrf);
  form.append('stamp', visitor.stamp);
  form.append('website', options.website ?? '');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of options.files ?? []) form.append('evidence', new Blob([file.bytes], { type: 'image/png' }), file.name);
  const encoded = new Response(form);
  return t.app.inject({ method: 'POST', url: options.url ?? '/appeal', headers: { cookie: visitor.cookie, 'content-type': encoded.headers.get('content-type') ?? '' }, payload: Buffer.from(await encoded.arrayBuffer()) });
}

const appeal = (value: string, overrides: Record<string, string> = {}) => ({
  value,
  type: '',
  ground: 'new_owner',
  statement: 'Tôi đã đăng ký lại tên miền này sau khi nó hết hạn; tôi gửi kèm giấy chứng nhận đăng ký.',
  appellantName: 'Lê Thị Chủ Mới',
  contact: `le.thi.${unique()}@example.vn`,
  ...overrides,
});

const page = (who: Staff, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const post = (who: Staff, url: string, fields: FormFields) => t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: who.csrf, ...fields }) });

/** File an appeal through the form; returns the ticket and the contact used. */
async function fileThroughForm(value: string, overrides: Record<string, string> = {}, files: { name: string; bytes: Uint8Array }[] = []) {
  const fields = appeal(value, overrides);
  const response = await sendForm(await openForm(), fields, { files });
  expect(response.statusCode).toBe(303);
  const ticket = TICKET_URL.exec(response.headers.location ?? '')?.[1];
  if (ticket === undefined) throw new Error(`no ticket in ${response.headers.location ?? ''}`);
  const { rows } = await t.database.sql.executeSql('select id from indicator_appeals where ticket = $1', [ticket]);
  return { ticket, id: (rows[0] as { id: string }).id, contact: fields.contact, location: response.headers.location ?? '' };
}

describe('the appeal form', () => {
  it('renders in Vietnamese with every ground, the honeypot, the stamp and multipart evidence; prefills ?value=', async () => {
    const { html } = await openForm('/appeal?value=https%3A%2F%2Fcua-toi.example.vn%2F');
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain('enctype="multipart/form-data"');
    for (const ground of ['Tôi là chủ sở hữu mới của tên miền này', 'Số điện thoại này đã được nhà mạng cấp lại cho tôi', 'Đối tượng này chưa bao giờ gây hại', 'Lý do khác']) expect(html).toContain(ground);
    expect(html).toContain('value="https://cua-toi.example.vn/"');
    expect(html).toMatch(/<div class="hp" aria-hidden="true"><label for="field-website">Để trống ô này<\/label>/);
    expect(html).toContain('name="evidence" type="file" multiple accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"');
    expect(html).toContain('type="email"');
    expect(html).toContain('href="/appeal/track"');
    expect(html).not.toMatch(/style=|<script>/);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders in English and keeps the language on the action', async () => {
    const { html } = await openForm('/appeal?lang=en&value=0912000111');
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('I own this domain now');
    expect(html).toContain('This phone number was reassigned to me');
    expect(html).toContain('action="/appeal?lang=en"');
    expect(html).toContain('value="0912000111"');
  });

  it('files an appeal and redirects to its tracking page, which says what happens next and shows no personal data', async () => {
    await list(t, [{ value: 'chu-moi-trang.example.vn' }]);
    const before = await countRows(t.database, 'indicator_appeals');
    const filed = await fileThroughForm('chu-moi-trang.example.vn', {}, [{ name: 'giay-chung-nhan.png', bytes: tinyPng() }]);
    expect(await countRows(t.database, 'indicator_appeals')).toBe(before + 1);
    const tracking = await t.app.inject({ method: 'GET', url: filed.location });
    expect(tracking.statusCode).toBe(200);
    expect(tracking.headers['referrer-policy']).toBe('no-referrer');
    expect(tracking.body).toContain('Đã gửi yêu cầu gỡ. Mã theo dõi của bạn:');
    expect(tracking.body).toContain(`<strong class="ticket ticket-large">${filed.ticket}</strong>`);
    expect(tracking.body).toContain('<span class="status-badge status-appeal-received">Đã tiếp nhận</span>');
    expect(tracking.body).toContain(appealStatusWords.vi.received.next);
    expect(tracking.body).toContain('chu-moi-trang.example.vn');
    expect(tracking.body).toContain('1 tệp');
    expect(tracking.body).not.toContain(filed.contact);
    expect(tracking.body).not.toContain('Lê Thị Chủ Mới');
    const english = await t.app.inject({ method: 'GET', url: `/appeal/${filed.ticket}?lang=en` });
    expect(english.body).toContain(appealStatusWords.en.received.next);
    expect(english.body).not.toContain('Your request was sent');
  });

  it('shows "not listed" under the value, keeping what was typed', async () => {
    const before = await countRows(t.database, 'indicator_appeals');
    const response = await sendForm(await openForm(), appeal('chua-tung-bi-liet-ke.example.vn'));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Đối tượng này hiện không nằm trong danh sách cảnh báo nào: không có gì để gỡ.');
    expect(response.body).toContain('href="#field-value"');
    expect(response.body).toContain('value="chua-tung-bi-liet-ke.example.vn"');
    expect(response.body).toContain('Tôi đã đăng ký lại tên miền này');
    expect(await countRows(t.database, 'indicator_appeals')).toBe(before);
  });

  it('shows every problem of the form at once, and refuses a renamed executable as evidence', async () => {
    await list(t, [{ value: 'nhieu-loi.example.vn' }]);
    const problems = await sendForm(await openForm(), appeal('nhieu-loi.example.vn', { ground: '', statement: ' ', appellantName: '', contact: 'not-an-email' }));
    expect(problems.statusCode).toBe(400);
    for (const message of ['Chọn lý do cần gỡ.', 'Trình bày vì sao cần gỡ', 'Nhập họ tên hoặc tên tổ chức', 'Nhập một địa chỉ email để nhận kết quả.']) expect(problems.body).toContain(message);
    const exe = await sendForm(await openForm(), appeal('nhieu-loi.example.vn'), { files: [{ name: 'anh.png', bytes: windowsExecutable() }] });
    expect(exe.statusCode).toBe(415);
    expect(exe.body).toContain('Có tệp không phải ảnh (PNG, JPEG, GIF, WebP) hoặc PDF.');
    expect(exe.body).toContain('hãy chọn lại tệp trước khi gửi');
    const empty = await sendForm(await openForm(), appeal('', { ground: 'other' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Nhập đối tượng cần gỡ');
  });

  it('refuses a form sent too fast, with the honeypot filled in, or without its CSRF token', async () => {
    await list(t, [{ value: 'chong-bot.example.vn' }]);
    const before = await countRows(t.database, 'indicator_appeals');
    const fast = await sendForm(await openForm(), appeal('chong-bot.example.vn'), { wait: 500 });
    expect(fast.statusCode).toBe(400);
    expect(fast.body).toContain('Biểu mẫu được gửi quá nhanh');
    const bot = await sendForm(await openForm(), appeal('chong-bot.example.vn'), { website: 'http://spam.example' });
    expect(bot.statusCode).toBe(400);
    const visitor = await openForm();
    const forged = await sendForm({ ...visitor, csrf: 'forged' }, appeal('chong-bot.example.vn'));
    expect(forged.statusCode).toBe(403);
    expect(await countRows(t.database, 'indicator_appeals')).toBe(before);
  });
});

describe('the tracking lookup', () => {
  it('finds an appeal by a code typed loosely, and says clearly when a code is malformed or unknown', async () => {
    await list(t, [{ value: 'tra-ma.example.vn' }]);
    const filed = await fileThroughForm('tra-ma.example.vn');
    expect((await t.app.inject({ method: 'GET', url: '/appeal/track' })).body).toContain('KN-XXXX-XXXX-XXXX-XXXX');
    const typed = await t.app.inject({ method: 'GET', url: `/appeal/track?ticket=${encodeURIComponent(` ${filed.ticket.toLowerCase()} `)}` });
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/appeal/${filed.ticket}`);
    const malformed = await t.app.inject({ method: 'GET', url: '/appeal/track?ticket=AT-1234' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('Mã theo dõi không đúng dạng');
    const unknown = await t.app.inject({ method: 'GET', url: '/appeal/KN-0000-0000-0000-0000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Không tìm thấy yêu cầu nào có mã này');
    const lower = await t.app.inject({ method: 'GET', url: `/appeal/${filed.ticket.toLowerCase()}` });
    expect(lower.statusCode).toBe(303);
    expect(lower.headers.location).toBe(`/appeal/${filed.ticket}`);
  });
});

describe('the staff pages', () => {
  it('are for national staff: anonymous visitors go to the login page, provincial staff are refused', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/appeals' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Fappeals');
    expect((await page(provincial, '/admin/appeals')).statusCode).toBe(403);
    expect((await page(analyst, '/admin/appeals')).statusCode).toBe(200);
  });

  it('show the appeal with its evidence, every listing and its history, and record a grant that delists the value', async () => {
    const value = `https://doi-chu-${unique()}.example.vn/`;
    await list(t, [{ value }]);
    await list(t, [{ value, sourceKey: 'import:phishtank', verdict: 'suspicious' }]);
    const filed = await fileThroughForm(value, { statement: 'Tên miền đã đổi chủ từ tháng 4/2026.' }, [{ name: 'giay-to.png', bytes: tinyPng() }]);

    const queue = await page(analyst, '/admin/appeals');
    expect(queue.body).toContain(`href="/admin/appeals/${filed.id}"`);
    expect(queue.body).toContain('Tôi là chủ sở hữu mới của tên miền này');
    expect(queue.body).not.toContain(filed.contact);

    const detail = await page(analyst, `/admin/appeals/${filed.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Tên miền đã đổi chủ từ tháng 4/2026.');
    expect(detail.body).toContain('Lê Thị Chủ Mới');
    expect(detail.body).toMatch(/<img src="\/admin\/appeals\/evidence\/[0-9a-f-]{36}" alt="Bằng chứng: giay-to.png"/);
    expect(detail.body).toContain('<code>import:test</code>');
    expect(detail.body).toContain('<code>import:phishtank</code>');
    expect(detail.body).toContain('Đưa vào danh sách');
    expect(detail.body).toContain('Chấp nhận sẽ thu hồi 2 mục đang hiệu lực');
    expect(detail.body).toContain(`action="/admin/appeals/${filed.id}/decision"`);
    expect(detail.body).not.toContain(filed.contact);
    expect(detail.body).not.toMatch(/style=|<script>/);

    const missing = await post(analyst, `/admin/appeals/${filed.id}/decision`, { decision: 'grant', reason: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Nhập lý do (3 đến 2000 ký tự).');

    const granted = await post(analyst, `/admin/appeals/${filed.id}/decision`, { decision: 'grant', reason: 'Giấy chứng nhận đăng ký hợp lệ.' });
    expect(granted.statusCode).toBe(303);
    expect(granted.headers.location).toBe(`/admin/appeals/${filed.id}?done=granted`);
    expect((await check(t, value)).verdict).toBe('unknown');
    const after = await page(analyst, granted.headers.location ?? '');
    expect(after.body).toContain('Đã chấp nhận: đối tượng đã được gỡ khỏi danh sách.');
    expect(after.body).toContain(`appeal ${filed.ticket}: Giấy chứng nhận đăng ký hợp lệ.`);
    expect(after.body).toContain('Đã thu hồi');
    expect(after.body).not.toContain(`action="/admin/appeals/${filed.id}/decision"`);

    const again = await post(analyst, `/admin/appeals/${filed.id}/decision`, { decision: 'refuse', reason: 'Thử lại.' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Yêu cầu này đã được quyết định trước đó.');

    const tracking = await t.app.inject({ method: 'GET', url: `/appeal/${filed.ticket}` });
    expect(tracking.body).toContain('<span class="status-badge status-appeal-granted">Đã chấp nhận — đã gỡ khỏi danh sách</span>');
    expect(tracking.body).toContain('Giấy chứng nhận đăng ký hợp lệ.');
    expect(tracking.body).not.toContain('User u-');
  });

  it('record a refusal in English; the value stays listed', async () => {
    await list(t, [{ value: '0977 123 456', type: 'phone' }]);
    const filed = await fileThroughForm('0977123456', { ground: 'recycled_number' });
    const english = await page(analyst, `/admin/appeals/${filed.id}?lang=en`);
    expect(english.body).toContain('This phone number was reassigned to me');
    expect(english.body).toContain('Every listing of this value');
    const refused = await post(analyst, `/admin/appeals/${filed.id}/decision`, { decision: 'refuse', reason: 'Nhà mạng xác nhận số chưa được cấp lại.' });
    expect(refused.statusCode).toBe(303);
    expect((await check(t, '0977123456')).verdict).toBe('dangerous');
    const tracking = await t.app.inject({ method: 'GET', url: `/appeal/${filed.ticket}?lang=en` });
    expect(tracking.body).toContain('<span class="status-badge status-appeal-refused">Refused</span>');
    expect(tracking.body).toContain(appealStatusWords.en.refused.next);
  });
});
