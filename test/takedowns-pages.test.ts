// The takedown pages as a browser without JavaScript uses them: the recipient's inbox (figures,
// filters, bulk acknowledgement) and request page (answer form), the authority's list, request
// page (withdrawal) and issue form, and the public transparency page. Who may open what, and what
// each refusal looks like.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachReport } from '../src/modules/cases/index.ts';
import { sweepTakedowns } from '../src/modules/takedowns/index.ts';
import { parseTarget } from '../src/modules/targets/index.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { FORM_CONTENT_TYPE, formBody, type FormFields } from './helpers/form-posts.ts';
import { submit } from './helpers/reports.ts';

type Person = { id: string; cookie: string; csrf: string; headers: Record<string, string> };
type Issued = { id: string; reference: string };

let t: TestApp;
let analyst: Person;
let supervisor: Person;
let hueAnalyst: Person;
let unverified: Person;
let responderA: Person;
let adminA: Person;
let responderB: Person;
let responderT: Person;
let platformA: { id: string; name: string };
let platformB: { id: string; name: string };
let telecom: { id: string; name: string };

async function person(orgId: string, role: 'analyst' | 'supervisor' | 'responder' | 'org_admin', twoFactorVerified = true): Promise<Person> {
  const user = await t.user(orgId, role);
  const session = await t.session(user.id, twoFactorVerified);
  return { id: user.id, cookie: session.cookie, csrf: session.csrf, headers: session.headers };
}

/** A new session for the same person (after the clock moved past the old one's end). */
async function again(who: Person): Promise<Person> {
  const session = await t.session(who.id);
  return { id: who.id, cookie: session.cookie, csrf: session.csrf, headers: session.headers };
}

const page = (who: Person | null, url: string) => t.app.inject({ method: 'GET', url, headers: who === null ? {} : { cookie: who.cookie } });
const post = (who: Person, url: string, fields: FormFields) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: who.csrf, ...fields }) });

/** A request issued over the API by the national analyst. */
async function issue(input: { recipientOrgId: string; action?: string; value?: string; statement?: string; legalBasis?: string; urgent?: boolean; evidenceLinks?: string[] }): Promise<Issued> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/takedowns',
    headers: analyst.headers,
    payload: {
      recipientOrgId: input.recipientOrgId,
      action: input.action ?? 'remove_content',
      targets: [{ value: input.value ?? `https://lua-dao-${randomUUID().slice(0, 8)}.example.vn/dang-nhap` }],
      category: 'scam',
      legalBasis: input.legalBasis ?? 'Điều 8 Luật An ninh mạng 2018; Nghị định 147/2024/NĐ-CP',
      statement: input.statement ?? 'Trang giả mạo ngân hàng, thu thập mã OTP của người dùng.',
      urgent: input.urgent ?? false,
      ...(input.evidenceLinks === undefined ? {} : { evidenceLinks: input.evidenceLinks }),
    },
  });
  expect(response.statusCode).toBe(201);
  return json<Issued>(response);
}

async function statusOf(id: string): Promise<string> {
  const { rows } = await t.database.sql.executeSql('select status from takedown_requests where id = $1', [id]);
  return (rows[0] as { status: string }).status;
}

/** The reference as a table links it (exact, so YC-000001 does not match YC-0000010). */
const linked = (reference: string) => `>${reference}</a>`;

function expectCleanPage(html: string): void {
  expect(html).not.toMatch(/\sstyle=|<style|<script(?![^>]*\ssrc=)/i);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T03:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  const hue = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  platformA = await t.org({ kind: 'platform', name: 'Mạng xã hội Sen Vàng' });
  platformB = await t.org({ kind: 'platform', name: 'Chợ trực tuyến Bến Thành' });
  telecom = await t.org({ kind: 'telecom', name: 'Nhà mạng Sông Hồng' });
  analyst = await person(national.id, 'analyst');
  supervisor = await person(national.id, 'supervisor');
  hueAnalyst = await person(hue.id, 'analyst');
  unverified = await person(national.id, 'analyst', false);
  responderA = await person(platformA.id, 'responder');
  adminA = await person(platformA.id, 'org_admin');
  responderB = await person(platformB.id, 'responder');
  responderT = await person(telecom.id, 'responder');
});
afterAll(() => t.close());

describe('who may open the pages', () => {
  it('sends visitors without a session to the login page, and staff without two-factor to set it up', async () => {
    for (const url of ['/org/takedowns', '/takedowns', '/takedowns/new', `/takedowns/${randomUUID()}`]) {
      const response = await page(null, url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
    const half = await page(unverified, '/takedowns');
    expect(half.statusCode).toBe(303);
    expect(half.headers.location).toMatch(/^\/account\/two-factor\?next=%2Ftakedowns/);
  });

  it('keeps the inbox for recipients and the authority pages for staff', async () => {
    expect((await page(analyst, '/org/takedowns')).statusCode).toBe(403);
    expect((await page(responderA, '/takedowns')).statusCode).toBe(403);
    expect((await page(responderA, '/takedowns/new')).statusCode).toBe(403);
    expect((await page(responderA, `/org/takedowns?org=${platformB.id}`)).statusCode).toBe(404);
    expect((await page(responderA, '/org/takedowns?org=not-an-id')).statusCode).toBe(404);
    const inbox = await page(responderA, '/org/takedowns');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('<a href="/org/takedowns" aria-current="page">Yêu cầu gửi đến</a>');
    expect(inbox.body).not.toContain('href="/takedowns"');
    const staff = await page(analyst, '/takedowns');
    expect(staff.statusCode).toBe(200);
    expect(staff.body).toContain('<a href="/takedowns" aria-current="page">Yêu cầu gỡ bỏ</a>');
    expect(staff.body).toContain('href="/takedowns/new"');
  });
});

describe('the recipient’s inbox', () => {
  let a1: Issued;
  let a2: Issued;
  let b1: Issued;

  beforeAll(async () => {
    a1 = await issue({ recipientOrgId: platformA.id });
    a2 = await issue({ recipientOrgId: platformA.id, action: 'suspend_account', value: 'facebook.com/gia-mao-ngan-hang-a' });
    b1 = await issue({ recipientOrgId: platformB.id });
  });

  it('shows the organisation’s figures and only its own requests, delivering them', async () => {
    const response = await page(responderA, '/org/takedowns');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<h1>Yêu cầu gỡ bỏ, chặn gửi đến tổ chức</h1>');
    expect(html).toContain('Mạng xã hội Sen Vàng');
    for (const term of ['Tổng số yêu cầu', 'Trả lời đúng hạn', 'Thời gian xử lý (trung vị)', 'Đã từ chối', 'Đang chờ xử lý', 'Đang quá hạn']) expect(html).toContain(term);
    expect(html).toContain(linked(a1.reference));
    expect(html).toContain(linked(a2.reference));
    expect(html).not.toContain(linked(b1.reference));
    expect(html).toContain('<caption>Yêu cầu gửi đến, mới nhất trước</caption>');
    expect(html).toContain('Khóa tài khoản');
    expect(html).toContain('Đã chuyển đến');
    // The first ticked box carries the field's id (the error summary points at it), the others their own.
    expect(html.match(/<input type="checkbox" id="field-ids" name="ids" value="[0-9a-f-]{36}">/g)).toHaveLength(1);
    expect(html).toMatch(new RegExp(`<label for="(field-ids|select-${a1.id})" class="visually-hidden">Chọn yêu cầu ${a1.reference}</label>`));
    expect(html).toContain('Xác nhận đã nhận các yêu cầu đã chọn');
    expectCleanPage(html);
    expect(await statusOf(a1.id)).toBe('delivered');
    expect(await statusOf(b1.id)).toBe('issued');
  });

  it('filters with a plain GET form, in English too', async () => {
    const filtered = await page(responderA, '/org/takedowns?action=suspend_account&status=open&overdue=');
    expect(filtered.body).toContain(linked(a2.reference));
    expect(filtered.body).not.toContain(linked(a1.reference));
    expect(filtered.body).toContain('<form method="get" action="/org/takedowns" class="form form-inline" role="search"');
    expect(filtered.body).toContain('<option value="suspend_account" selected>Khóa tài khoản</option>');
    const english = await page(responderA, '/org/takedowns?lang=en&status=actioned');
    expect(english.body).toContain('Takedown and blocking requests received');
    expect(english.body).toContain('No request matches these filters.');
    expect((await page(responderA, '/org/takedowns?status=bogus&action=%3Cx%3E')).statusCode).toBe(200);
  });

  it('acknowledges the ticked requests at once, all or none', async () => {
    const nothing = await post(responderA, '/org/takedowns/acknowledge', { returnTo: '/org/takedowns?action=remove_content' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('Hãy chọn ít nhất một yêu cầu chưa xác nhận.');

    const foreign = await post(responderA, '/org/takedowns/acknowledge', { ids: [a1.id, b1.id], returnTo: '/org/takedowns' });
    expect(foreign.statusCode).toBe(404);
    expect(await statusOf(a1.id)).toBe('delivered');

    const forged = await post({ ...responderA, csrf: 'forged' }, '/org/takedowns/acknowledge', { ids: [a1.id] });
    expect(forged.statusCode).toBe(403);

    const done = await post(responderA, '/org/takedowns/acknowledge', { ids: [a1.id, a2.id], returnTo: 'https://elsewhere.example/' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/org/takedowns?done=ack&n=2');
    expect(await statusOf(a1.id)).toBe('acknowledged');
    expect(await statusOf(a2.id)).toBe('acknowledged');
    const after = await page(responderA, done.headers.location ?? '');
    expect(after.body).toContain('Đã xác nhận đã nhận 2 yêu cầu.');
    expect(after.body).not.toContain(`name="ids" value="${a1.id}"`);
  });
});

describe('the recipient’s request page', () => {
  let b2: Issued;

  beforeAll(async () => {
    b2 = await issue({
      recipientOrgId: platformB.id,
      statement: 'Gian hàng bán giấy tờ giả mạo, lừa người mua chuyển khoản trước.',
      legalBasis: 'Khoản 3 Điều 174 Bộ luật Hình sự',
      urgent: true,
      evidenceLinks: ['https://bang-chung.example.vn/anh-chup-1'],
    });
  });

  it('is “not found” for another platform, an unknown id and a malformed one', async () => {
    expect((await page(responderA, `/org/takedowns/${b2.id}`)).statusCode).toBe(404);
    expect((await page(responderA, `/org/takedowns/${randomUUID()}`)).statusCode).toBe(404);
    expect((await page(responderA, '/org/takedowns/khong-phai-ma')).statusCode).toBe(404);
    expect((await post(responderA, `/org/takedowns/${b2.id}/answer`, { outcome: 'declined', note: 'Không liên quan' })).statusCode).toBe(404);
    expect(await statusOf(b2.id)).toBe('issued');
  });

  it('shows what is asked, why, by when and under which rule, with the evidence as safe links and the history', async () => {
    const response = await page(responderB, `/org/takedowns/${b2.id}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain(`<h1>Yêu cầu ${b2.reference}</h1>`);
    expect(html).toContain('Gian hàng bán giấy tờ giả mạo, lừa người mua chuyển khoản trước.');
    expect(html).toContain('Khoản 3 Điều 174 Bộ luật Hình sự');
    expect(html).toContain('Yêu cầu khẩn cấp; thời hạn theo Decree 333/2026/NĐ-CP Art. 16.');
    expect(html).toContain('<a href="https://bang-chung.example.vn/anh-chup-1" rel="noopener noreferrer nofollow">');
    expect(html).toContain('Đã gửi yêu cầu');
    expect(html).toContain('Đã chuyển đến hộp thư bên nhận');
    expect(html).toContain(`action="/org/takedowns/${b2.id}/acknowledge"`);
    expect(html).toContain(`action="/org/takedowns/${b2.id}/answer"`);
    expect(html).toContain('<time datetime="2026-09-01T03:00:00.000Z">');
    expectCleanPage(html);
    expect(await statusOf(b2.id)).toBe('delivered');
  });

  it('shows every problem of the answer in the form, keeping what was typed', async () => {
    const response = await post(responderB, `/org/takedowns/${b2.id}/answer`, { outcome: 'actioned', note: 'ok', proof: '', actionedAt: 'hôm qua' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Cần ít nhất 3 ký tự.');
    expect(response.body).toContain('Cho biết cách kiểm chứng việc đã xử lý');
    expect(response.body).toContain('Nhập ngày giờ đầy đủ');
    expect(response.body).toContain('href="#field-note"');
    expect(response.body).toContain('<input type="radio" id="field-outcome" name="outcome" value="actioned" checked');
    const future = await post(responderB, `/org/takedowns/${b2.id}/answer`, { outcome: 'actioned', note: 'Đã gỡ gian hàng.', proof: 'Gian hàng trả về 404', actionedAt: '2030-01-01T10:00' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Thời điểm xử lý phải nằm giữa lúc yêu cầu được gửi và bây giờ.');
    expect(await statusOf(b2.id)).toBe('delivered');
  });

  it('records an actioned answer with proof, publishes its statement, and refuses a second answer', async () => {
    // Half an hour later (sessions here last an hour).
    t.clock.advance(30 * 60_000);
    const answered = await post(responderB, `/org/takedowns/${b2.id}/answer`, { outcome: 'actioned', note: 'Đã gỡ gian hàng và khoá người bán.', proof: 'https://ben-thanh.example.vn/shop/123 trả về 404' });
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe(`/org/takedowns/${b2.id}?done=answered`);
    expect(await statusOf(b2.id)).toBe('actioned');
    const after = await page(responderB, answered.headers.location ?? '');
    expect(after.body).toContain('Đã ghi nhận trả lời.');
    expect(after.body).toContain('https://ben-thanh.example.vn/shop/123 trả về 404');
    expect(after.body).not.toContain(`action="/org/takedowns/${b2.id}/answer"`);

    const again = await post(responderB, `/org/takedowns/${b2.id}/answer`, { outcome: 'declined', note: 'Đổi ý.' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Yêu cầu này đã được trả lời hoặc đã bị rút lại');

    const transparency = await page(null, '/transparency');
    expect(transparency.statusCode).toBe(200);
    expect(transparency.body).toContain('Gian hàng bán giấy tờ giả mạo, lừa người mua chuyển khoản trước.');
    expect(transparency.body).toContain('Khoản 3 Điều 174 Bộ luật Hình sự');
    expect(transparency.body).toContain('Chợ trực tuyến Bến Thành');
    expect(transparency.body).toContain('Gỡ bỏ nội dung');
    expect(transparency.body).toContain('Lừa đảo, gian lận');
    expect(transparency.body).not.toContain('bang-chung.example.vn');
  });
});

describe('the authority’s pages', () => {
  let caseId: string;

  beforeAll(async () => {
    const domains = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platformA.id}/domains`, headers: adminA.headers, payload: { domain: 'sen-vang.example.vn' } });
    expect(domains.statusCode).toBe(201);
    const target = parseTarget('https://sen-vang.example.vn/bai-viet/gia-mao-123');
    const attachment = await t.database.transaction((tx) =>
      attachReport(
        tx,
        {
          reportId: randomUUID(),
          category: 'impersonation',
          provinceCode: 'ha-noi',
          description: 'Bài viết mạo danh cơ quan công an, yêu cầu chuyển tiền “xác minh”.',
          targets: [{ type: target.type, value: target.value, display: target.display, flags: [] }],
          reportedAt: t.clock.now(),
        },
        { events: t.events },
      ),
    );
    caseId = attachment.caseId;
  });

  it('links the case page to the issue form, which comes prefilled with the case’s targets, category and suggested recipient', async () => {
    const casePage = await page(analyst, `/cases/${caseId}`);
    expect(casePage.body).toContain(`href="/takedowns/new?case=${caseId}"`);
    const response = await page(analyst, `/takedowns/new?case=${caseId}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<h1>Tạo yêu cầu gỡ bỏ, chặn</h1>');
    expect(html).toContain(`<input type="hidden" name="caseId" value="${caseId}">`);
    expect(html).toMatch(/<textarea id="field-targets"[^>]*>https:\/\/sen-vang\.example\.vn\/bai-viet\/gia-mao-123<\/textarea>/);
    expect(html).toContain('<option value="impersonation" selected>');
    expect(html).toContain(`<optgroup label="Được gợi ý"><option value="${platformA.id}" selected>Mạng xã hội Sen Vàng (Nền tảng số, 1 đối tượng)</option></optgroup>`);
    expect(html).toContain(`<option value="${telecom.id}">Nhà mạng Sông Hồng</option>`);
    expectCleanPage(html);
    const missing = await page(analyst, `/takedowns/new?case=${randomUUID()}`);
    expect(missing.statusCode).toBe(200);
    expect(missing.body).toContain('Không tìm thấy vụ việc này');
  });

  it('suggests recipients for typed targets without issuing anything', async () => {
    const response = await post(analyst, '/takedowns/new', { intent: 'suggest', action: 'block_domain', targets: 'lua-dao-moi.example.vn', legalBasis: 'Điều 8' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`<optgroup label="Được gợi ý"><option value="${telecom.id}" selected>`);
    expect(response.body).toContain('value="Điều 8"');
  });

  it('shows every problem of the issue form, including a target that cannot be read and a mismatched recipient', async () => {
    const empty = await post(analyst, '/takedowns/new', { action: 'remove_content', targets: '', category: '', legalBasis: '', statement: '' });
    expect(empty.statusCode).toBe(400);
    for (const message of ['Chọn tổ chức nhận yêu cầu.', 'Nhập từ 1 đến 50 đối tượng', 'Chọn loại vi phạm.', 'Bắt buộc nhập.']) expect(empty.body).toContain(message);
    expect(empty.body).toContain('href="#field-recipientOrgId"');

    const fields = { recipientOrgId: telecom.id, action: 'remove_content', category: 'scam', legalBasis: 'Điều 8 Luật An ninh mạng', statement: 'Nội dung lừa đảo.' };
    const tooLong = await post(analyst, '/takedowns/new', { ...fields, targets: `https://a.example.vn/x\n${'x'.repeat(2001)}`, evidenceLinks: 'ftp://a.example.vn/x' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Tối đa 2000 ký tự.');
    expect(tooLong.body).toContain('Mỗi dòng phải là một liên kết bắt đầu bằng http:// hoặc https://');

    const mismatch = await post(analyst, '/takedowns/new', { ...fields, targets: 'https://a.example.vn/x' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('<li><a href="#field-action">Việc này không hợp với bên nhận');
    expect(mismatch.body).toContain('Nội dung lừa đảo.');
    expect(mismatch.body).toContain(`<option value="${telecom.id}" selected>Nhà mạng Sông Hồng</option>`);
    const { rows } = await t.database.sql.executeSql('select count(*)::int as n from takedown_requests where recipient_org_id = $1', [telecom.id]);
    expect((rows[0] as { n: number }).n).toBe(0);
  });

  it('issues a request from the form and goes to its page; the list and the case filter show it', async () => {
    const response = await post(analyst, '/takedowns/new', {
      caseId,
      recipientOrgId: platformA.id,
      action: 'remove_content',
      targets: 'https://sen-vang.example.vn/bai-viet/gia-mao-123\r\nhttps://sen-vang.example.vn/bai-viet/gia-mao-124',
      category: 'impersonation',
      legalBasis: 'Điều 8 Luật An ninh mạng 2018',
      statement: 'Bài viết mạo danh cơ quan công an để lừa chuyển tiền.',
      evidenceLinks: 'https://bang-chung.example.vn/vu-viec',
      urgent: 'yes',
    });
    expect(response.statusCode).toBe(303);
    const id = /^\/takedowns\/([0-9a-f-]{36})\?done=issued$/.exec(response.headers.location ?? '')?.[1];
    expect(id).toBeDefined();
    const { rows } = await t.database.sql.executeSql('select case_id, urgent, status, jsonb_array_length(targets) as n from takedown_requests where id = $1', [id]);
    expect(rows[0]).toMatchObject({ case_id: caseId, urgent: true, status: 'issued', n: 2 });

    const detail = await page(analyst, response.headers.location ?? '');
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Đã gửi yêu cầu. Bên nhận thấy yêu cầu ngay trong hộp thư');
    expect(detail.body).toContain(`href="/cases/${caseId}"`);
    expect(detail.body).toContain('Mạng xã hội Sen Vàng');
    expect(detail.body).not.toContain(`action="/takedowns/${id}/withdraw"`);

    const list = await page(analyst, `/takedowns?case=${caseId}`);
    expect(list.body).toContain(`href="/takedowns/${id}"`);
    expect(list.body).toContain('<caption>Yêu cầu đã gửi, mới nhất trước</caption>');
    expect((await page(analyst, `/takedowns?case=${randomUUID()}`)).body).not.toContain(`href="/takedowns/${id}"`);
    expectCleanPage(list.body);
  });

  it('sends each side to its own page of a request, and hides a request from another authority', async () => {
    const request = await issue({ recipientOrgId: platformA.id });
    const recipientOnStaffPage = await page(responderA, `/takedowns/${request.id}`);
    expect(recipientOnStaffPage.statusCode).toBe(303);
    expect(recipientOnStaffPage.headers.location).toBe(`/org/takedowns/${request.id}`);
    const staffOnRecipientPage = await page(analyst, `/org/takedowns/${request.id}`);
    expect(staffOnRecipientPage.statusCode).toBe(303);
    expect(staffOnRecipientPage.headers.location).toBe(`/takedowns/${request.id}`);
    expect((await page(hueAnalyst, `/takedowns/${request.id}`)).statusCode).toBe(404);
    expect((await page(responderB, `/takedowns/${request.id}`)).statusCode).toBe(404);
    expect((await page(hueAnalyst, '/takedowns')).body).not.toContain(`href="/takedowns/${request.id}"`);
  });

  it('lets a supervisor withdraw an open request with a reason', async () => {
    const request = await issue({ recipientOrgId: platformB.id });
    const form = await page(supervisor, `/takedowns/${request.id}`);
    expect(form.body).toContain(`action="/takedowns/${request.id}/withdraw"`);
    expect((await post(analyst, `/takedowns/${request.id}/withdraw`, { reason: 'Không cần nữa.' })).statusCode).toBe(403);
    const short = await post(supervisor, `/takedowns/${request.id}/withdraw`, { reason: 'x' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Cần ít nhất 3 ký tự.');
    const done = await post(supervisor, `/takedowns/${request.id}/withdraw`, { reason: 'Nội dung đã bị chủ tài khoản tự gỡ.' });
    expect(done.statusCode).toBe(303);
    expect(await statusOf(request.id)).toBe('withdrawn');
    const recipientView = await page(responderB, `/org/takedowns/${request.id}`);
    expect(recipientView.body).toContain('Nội dung đã bị chủ tài khoản tự gỡ.');
    expect(recipientView.body).not.toContain(`action="/org/takedowns/${request.id}/answer"`);
  });
});

describe('the transparency page', () => {
  beforeAll(async () => {
    for (const statement of ['Trang đăng nhập giả mạo Ngân hàng Hoa Sen để lấy mã OTP.', 'Tài khoản mạo danh ca sĩ nổi tiếng kêu gọi góp vốn.']) {
      const request = await issue({ recipientOrgId: platformA.id, statement });
      const answered = await post(responderA, `/org/takedowns/${request.id}/answer`, { outcome: 'actioned', note: 'Đã gỡ.', proof: 'Liên kết trả về 404' });
      expect(answered.statusCode).toBe(303);
    }
  });

  it('is public, searches by words with a GET form, and shows the figures per organisation', async () => {
    const all = await page(null, '/transparency');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<h1>Minh bạch: quyết định gỡ bỏ, chặn</h1>');
    expect(all.body).toContain('Ngân hàng Hoa Sen');
    expect(all.body).toContain('ca sĩ nổi tiếng');
    expect(all.body).toContain('<form method="get" action="/transparency" class="form form-inline" role="search"');
    expect(all.body).toContain('<caption>Số liệu theo tổ chức nhận yêu cầu</caption>');
    expect(all.body).toMatch(/<td>Mạng xã hội Sen Vàng<\/td><td>Nền tảng số<\/td><td class="numeric">\d+<\/td><td class="numeric">\d+&nbsp;%|<td>Mạng xã hội Sen Vàng<\/td><td>Nền tảng số<\/td><td class="numeric">\d+<\/td><td class="numeric">\d+\s?%/u);
    expectCleanPage(all.body);

    const search = await page(null, `/transparency?q=${encodeURIComponent('Hoa Sen')}`);
    expect(search.body).toContain('Ngân hàng Hoa Sen');
    expect(search.body).not.toContain('ca sĩ nổi tiếng');
    expect(search.body).toContain('value="Hoa Sen"');

    const none = await page(null, `/transparency?q=khong-co-gi-ca&platform=${platformA.id}&category=STATEMENT_CATEGORY_SCAMS_AND_FRAUD&from=2026-01-01&to=2026-12-31`);
    expect(none.body).toContain('Không có quyết định nào khớp điều kiện tìm kiếm.');
    expect(none.body).toContain('<option value="STATEMENT_CATEGORY_SCAMS_AND_FRAUD" selected>Lừa đảo, gian lận</option>');
    const other = await page(null, '/transparency?category=STATEMENT_CATEGORY_PROTECTION_OF_MINORS');
    expect(other.body).not.toContain('Ngân hàng Hoa Sen');
    expect((await page(null, '/transparency?from=2026-02-30&platform=x&category=%3Cb%3E')).statusCode).toBe(200);
  });

  it('links the daily dumps from yesterday back and the JSON API, in English too', async () => {
    const now = t.clock.now();
    const yesterday = new Date(now.getTime() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const english = await page(null, '/transparency?lang=en');
    expect(english.body).toContain(`href="/transparency/dumps/statements-${yesterday}.csv"`);
    expect(english.body).toContain(`href="/transparency/dumps/statements-${yesterday}.json"`);
    expect(english.body).toContain('href="/api/v1/transparency/statements"');
    expect(english.body).toContain('Scams and fraud');
    expect(english.body).toContain('Content removed');
    expect(english.body).toContain('Transparency: takedown and blocking decisions');
  });
});

describe('paging', () => {
  it('goes to the next page of the inbox by cursor, keeping the filters, and back to the first', async () => {
    const issued: Issued[] = [];
    for (let i = 0; i < 51; i++) {
      // A second apart, so newest first is one order (requests issued in the same instant go by id).
      t.clock.advance(1000);
      issued.push(await issue({ recipientOrgId: telecom.id, action: 'block_ip', value: `203.0.113.${i + 1}` }));
    }
    const first = await page(responderT, '/org/takedowns?action=block_ip');
    const next = /<a class="button button-secondary" rel="next" href="([^"]+)">Trang sau →<\/a>/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/org\/takedowns\?action=block_ip&cursor=[\w-]+$/);
    const second = await page(responderT, next ?? '');
    expect(second.statusCode).toBe(200);
    // Newest first: the first request issued is alone on the second page.
    expect(second.body).toContain(linked(issued[0]?.reference ?? ''));
    expect(second.body).not.toContain(linked(issued[50]?.reference ?? ''));
    expect(first.body).toContain(linked(issued[50]?.reference ?? ''));
    expect(second.body).toContain('href="/org/takedowns?action=block_ip">← Về trang đầu</a>');
    expect(second.body).not.toContain('rel="next"');
    expect((await page(responderT, '/org/takedowns?cursor=not-a-cursor')).statusCode).toBe(400);
  });
});

describe('a complaint routed from a report', () => {
  it('shows the platform what the reporter wrote and the contact they agreed to share, and nobody else', async () => {
    const adminB = await person(platformB.id, 'org_admin');
    const domain = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platformB.id}/domains`, headers: adminB.headers, payload: { domain: 'ben-thanh.example.vn' } });
    expect(domain.statusCode).toBe(201);
    await submit(t, { targets: [{ value: 'https://ben-thanh.example.vn/shop/lua-dao-77' }], description: 'Người bán nhận tiền cọc rồi chặn liên lạc, không giao hàng.', contact: 'nguoi.mua@example.vn', shareContact: true });
    await t.groupReports();
    const { rows } = await t.database.sql.executeSql("select id from takedown_requests where kind = 'user_complaint' and recipient_org_id = $1", [platformB.id]);
    const id = (rows[0] as { id: string } | undefined)?.id ?? '';
    expect(id).not.toBe('');
    const inbox = await page(responderB, '/org/takedowns');
    expect(inbox.body).toMatch(new RegExp(`href="/org/takedowns/${id}">YC-\\d{6}</a> <span class="badge badge-info">Khiếu nại của người dùng</span>`));
    const recipient = await page(responderB, `/org/takedowns/${id}`);
    expect(recipient.statusCode).toBe(200);
    expect(recipient.body).toContain('Khiếu nại của người dùng');
    expect(recipient.body).toContain('Người bán nhận tiền cọc rồi chặn liên lạc, không giao hàng.');
    expect(recipient.body).toContain('nguoi.mua@example.vn');
    expect(recipient.body).toContain('Khiếu nại của người dùng do hệ thống chuyển đến');
    const staff = await page(analyst, `/takedowns/${id}`);
    expect(staff.statusCode).toBe(200);
    expect(staff.body).not.toContain('nguoi.mua@example.vn');
    expect((await page(responderA, `/org/takedowns/${id}`)).statusCode).toBe(404);
  });
});

describe('overdue requests', () => {
  it('are marked in both lists and found by the supervisors’ “overdue” filter', async () => {
    const late = await issue({ recipientOrgId: telecom.id, action: 'block_domain', value: 'cham-tre.example.vn' });
    t.clock.advance(25 * 3_600_000);
    await sweepTakedowns(t.database, t.clock.now());
    // A day later: new sessions.
    supervisor = await again(supervisor);
    responderT = await again(responderT);
    const overdue = await page(supervisor, '/takedowns?overdue=true');
    expect(overdue.body).toContain(`href="/takedowns/${late.id}"`);
    expect(overdue.body).toContain('Quá hạn');
    expect(overdue.body).toContain('<option value="true" selected>Chỉ yêu cầu quá hạn</option>');
    expect((await page(supervisor, '/takedowns?overdue=false')).body).not.toContain(`href="/takedowns/${late.id}"`);
    const inbox = await page(responderT, '/org/takedowns?overdue=true');
    expect(inbox.body).toContain(linked(late.reference));
    expect(inbox.body).toContain('<span class="badge badge-danger">Quá hạn</span>');
    const detail = await page(responderT, `/org/takedowns/${late.id}`);
    expect(detail.body).toContain('Yêu cầu này đã quá hạn xử lý.');
    expect(detail.body).toContain('Quá hạn xử lý');
  });
});
