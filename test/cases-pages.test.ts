// The staff case pages: the triage queue and the case page, rendered and
// driven through their forms exactly as a browser without JavaScript would.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachReport } from '../src/modules/cases/index.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { FORM_CONTENT_TYPE, formBody, type FormFields } from './helpers/form-posts.ts';
import { caseOf, multipartReport, tinyPng } from './helpers/reports.ts';

type Person = { id: string; cookie: string; csrf: string };

let t: TestApp;
let analyst: Person;
let supervisor: Person;
let secondSupervisor: Person;
let hueAnalyst: Person;
let platformUser: Person;

let serial = 0;

/** A case made of one report, attached as intake would. */
async function newCase(input: { category?: string; province?: string | null; description?: string } = {}) {
  serial++;
  const attachment = await t.database.transaction((tx) =>
    attachReport(
      tx,
      {
        reportId: randomUUID(),
        category: input.category ?? 'scam',
        provinceCode: input.province === undefined ? 'ha-noi' : input.province,
        description: input.description ?? `Báo cáo kiểm thử số ${serial}: một trang lạ đòi mã xác thực ${randomUUID()}.`,
        targets: [{ type: 'phone', value: `+8490${String(1_000_000 + serial)}`, display: `090 ${serial}`, flags: [] }],
        reportedAt: t.clock.now(),
      },
      { events: t.events },
    ),
  );
  return { id: attachment.caseId, ref: `VV-${attachment.caseNumber}` };
}

async function person(orgId: string, role: 'analyst' | 'supervisor' | 'org_admin'): Promise<Person> {
  const user = await t.user(orgId, role);
  const session = await t.session(user.id);
  return { id: user.id, cookie: session.cookie, csrf: session.csrf };
}

const page = (who: Person, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie, ...headers } });
const post = (who: Person, url: string, fields: FormFields) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: who.csrf, ...fields }) });

async function statusOf(caseId: string): Promise<string> {
  const { rows } = await t.database.sql.executeSql('select status from cases where id = $1', [caseId]);
  return (rows[0] as { status: string }).status;
}

/** The case reference as the queue links it (exact, so VV-1 does not match VV-12). */
const linked = (ref: string) => `>${ref}</a>`;

beforeAll(async () => {
  t = await createTestApp();
  const national = await t.org({ kind: 'authority', scope: 'national' });
  const hue = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  const platform = await t.org({ kind: 'platform' });
  analyst = await person(national.id, 'analyst');
  supervisor = await person(national.id, 'supervisor');
  secondSupervisor = await person(national.id, 'supervisor');
  hueAnalyst = await person(hue.id, 'analyst');
  platformUser = await person(platform.id, 'org_admin');
});
afterAll(async () => {
  await t.close();
});

describe('the triage queue', () => {
  it('lists open cases for national staff, in Vietnamese, with a nav link', async () => {
    const a = await newCase();
    const b = await newCase({ category: 'phishing', province: 'hue' });
    const response = await page(analyst, '/cases');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Hàng đợi vụ việc</h1>');
    expect(response.body).toContain(linked(a.ref));
    expect(response.body).toContain(linked(b.ref));
    expect(response.body).toContain(`href="/cases/${a.id}"`);
    expect(response.body).toContain('Mới tiếp nhận');
    expect(response.body).toContain('Giả mạo đăng nhập (phishing)');
    expect(response.body).toMatch(/<a href="\/cases" aria-current="page">Vụ việc<\/a>/);
    expect(response.body).toContain('name="caseIds"');
    expect(response.body).toContain('action="/cases/bulk"');
  });

  it('shows the queue in English on request', async () => {
    await newCase();
    const response = await page(analyst, '/cases?lang=en');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Case queue</h1>');
    expect(response.body).toContain('>New<');
  });

  it('finds "lừa đảo" when searching "lua dao" (accents aside)', async () => {
    const scam = await newCase({ description: 'Kẻ lừa đảo gọi điện xưng là công an, yêu cầu chuyển tiền vào tài khoản an toàn.' });
    const other = await newCase({ description: 'Tin nhắn quảng cáo vay tiền nhanh không cần thế chấp.' });
    const response = await page(analyst, `/cases?q=${encodeURIComponent('lua dao')}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(linked(scam.ref));
    expect(response.body).not.toContain(linked(other.ref));
    expect(response.body).toContain('value="lua dao"');
  });

  it('filters by category and ignores values it does not know', async () => {
    const fake = await newCase({ category: 'fake_news' });
    const scam = await newCase({ category: 'scam' });
    const response = await page(analyst, '/cases?category=fake_news&targetType=nonsense&from=not-a-date');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(linked(fake.ref));
    expect(response.body).not.toContain(linked(scam.ref));
  });

  it('shows a provincial analyst only their province, and 404 for another province’s case', async () => {
    const hueCase = await newCase({ province: 'hue' });
    const hanoiCase = await newCase({ province: 'ha-noi' });
    const queue = await page(hueAnalyst, '/cases?status=all');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(linked(hueCase.ref));
    expect(queue.body).not.toContain(linked(hanoiCase.ref));
    expect((await page(hueAnalyst, `/cases/${hueCase.id}`)).statusCode).toBe(200);
    const other = await page(hueAnalyst, `/cases/${hanoiCase.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(hanoiCase.ref);
    expect((await page(hueAnalyst, `/cases/${randomUUID()}`)).statusCode).toBe(404);
    // Nor can the province's analyst act on it through a form.
    const claim = await post(hueAnalyst, `/cases/${hanoiCase.id}/claim`, {});
    expect(claim.statusCode).toBe(404);
    expect(await statusOf(hanoiCase.id)).toBe('new');
  });

  it('refuses people outside the authorities, and sends visitors to log in', async () => {
    const c = await newCase();
    expect((await page(platformUser, '/cases')).statusCode).toBe(403);
    expect([403, 404]).toContain((await page(platformUser, `/cases/${c.id}`)).statusCode);
    expect((await page(platformUser, '/')).body).not.toContain('href="/cases"');
    const anonymous = await t.app.inject({ method: 'GET', url: '/cases' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fcases');
  });

  it('rejects two cases as spam in bulk, telling reporters why', async () => {
    const a = await newCase();
    const b = await newCase();
    const untouched = await newCase();
    const response = await post(analyst, '/cases/bulk', { action: 'reject_spam', caseIds: [a.id, b.id], returnTo: '/cases?status=open' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/cases?status=open&done=bulk&n=2');
    expect(await statusOf(a.id)).toBe('rejected');
    expect(await statusOf(b.id)).toBe('rejected');
    expect(await statusOf(untouched.id)).toBe('new');
    const { rows } = await t.database.sql.executeSql("select public_note from case_events where case_id = $1 and kind = 'rejected'", [a.id]);
    expect((rows[0] as { public_note: string }).public_note).toContain('thư rác');
    const back = await page(analyst, response.headers.location ?? '');
    expect(back.body).toContain('Đã xử lý 2 vụ việc.');
    expect(back.body).not.toContain(linked(a.ref));
  });

  it('re-renders the queue with the problem when nothing is selected, changing nothing', async () => {
    const c = await newCase();
    const response = await post(analyst, '/cases/bulk', { action: 'reject_spam', returnTo: '/cases' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Hãy chọn ít nhất một vụ việc trong bảng.');
    expect(response.body).toContain('<option value="reject_spam" selected>');
    expect(await statusOf(c.id)).toBe('new');
  });

  it('assigns cases in bulk, then merges them into a case named by its reference', async () => {
    const a = await newCase();
    const b = await newCase();
    const primary = await newCase();
    const assigned = await post(analyst, '/cases/bulk', { action: 'assign', caseIds: [a.id, b.id], assigneeId: supervisor.id, returnTo: '/cases' });
    expect(assigned.statusCode).toBe(303);
    const { rows } = await t.database.sql.executeSql('select assignee_id from cases where id = any($1::uuid[])', [[a.id, b.id]]);
    expect(rows).toEqual([{ assignee_id: supervisor.id }, { assignee_id: supervisor.id }]);
    // The primary may be among the selected cases: it is skipped, not merged into itself.
    const merged = await post(analyst, '/cases/bulk', { action: 'merge', caseIds: [a.id, primary.id, b.id], into: primary.ref.toLowerCase(), returnTo: '/cases' });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe('/cases?done=bulk&n=2');
    expect(await statusOf(primary.id)).toBe('new');
    expect(await statusOf(a.id)).toBe('duplicate');
    expect(await statusOf(b.id)).toBe('duplicate');
    const { rows: counts } = await t.database.sql.executeSql('select report_count from cases where id = $1', [primary.id]);
    expect(counts[0]).toEqual({ report_count: 3 });
  });
});

describe('the case page', () => {
  it('shows a reported case with its report, evidence image, targets and history', async () => {
    const { payload, headers } = await multipartReport(
      { category: 'scam', targets: [{ value: 'https://vietcombank-uu-dai.example.com/otp' }], description: 'Trang giả mạo ngân hàng.\nYêu cầu nhập OTP.', province: 'hue' },
      [{ name: 'chup-man-hinh.png', bytes: tinyPng(), type: 'image/png' }],
    );
    const report = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload, headers });
    expect(report.statusCode).toBe(201);
    const caseId = await caseOf(t, json<{ id: string }>(report).id);
    const response = await page(analyst, `/cases/${caseId}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/<h1>Vụ việc VV-\d+<\/h1>/);
    expect(response.body).toContain('<blockquote class="report-text" lang="vi">Trang giả mạo ngân hàng.\nYêu cầu nhập OTP.</blockquote>');
    expect(response.body).toMatch(/<img src="\/evidence\/[0-9a-f-]{36}" alt="Ảnh bằng chứng do người phản ánh gửi: chup-man-hinh\.png"/);
    expect(response.body).toContain('vietcombank-uu-dai.example.com');
    expect(response.body).toContain('Huế');
    expect(response.body).toContain('Tiếp nhận phản ánh');
    expect(response.body).not.toMatch(/\sstyle=/);
  });

  it('claims a case through the form: it moves to review and is mine', async () => {
    const c = await newCase();
    const response = await post(analyst, `/cases/${c.id}/claim`, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/cases/${c.id}?done=claimed`);
    expect(await statusOf(c.id)).toBe('in_review');
    const after = await page(analyst, response.headers.location ?? '');
    expect(after.body).toContain('Bạn đã nhận xử lý vụ việc.');
    expect(after.body).toContain('Đang giao cho: Bạn');
    expect(after.body).toContain('Bắt đầu xem xét');
  });

  it('refuses a form without its CSRF token', async () => {
    const c = await newCase();
    const response = await t.app.inject({ method: 'POST', url: `/cases/${c.id}/claim`, headers: { cookie: analyst.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: '' });
    expect(response.statusCode).toBe(403);
    expect(await statusOf(c.id)).toBe('new');
  });

  it('adds an internal note', async () => {
    const c = await newCase();
    const response = await post(analyst, `/cases/${c.id}/notes`, { body: 'Đã gọi thử số này: thuê bao không liên lạc được.' });
    expect(response.statusCode).toBe(303);
    const after = await page(analyst, `/cases/${c.id}`);
    expect(after.body).toContain('Đã gọi thử số này: thuê bao không liên lạc được.');
  });

  it('verifies a scam case from the decision form, after refusing an incomplete one', async () => {
    const c = await newCase({ category: 'scam' });
    const incomplete = await post(analyst, `/cases/${c.id}/decisions`, { outcome: 'verified', verdict: 'dangerous', legalBasis: 'Đ' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('error-summary-title-verified');
    expect(incomplete.body).toContain('href="#field-verified-decisionGround"');
    expect(incomplete.body).toContain('Cần ít nhất 3 ký tự.');
    expect(await statusOf(c.id)).toBe('new');

    const response = await post(analyst, `/cases/${c.id}/decisions`, {
      outcome: 'verified',
      verdict: 'dangerous',
      categories: ['scam', 'impersonation'],
      decisionGround: 'illegal_content',
      legalBasis: 'Điều 174 Bộ luật Hình sự 2015',
      facts: 'Số điện thoại mạo danh công an, yêu cầu chuyển tiền; 1 người phản ánh, đã gọi kiểm tra.',
      automatedDetection: 'yes',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/cases/${c.id}?done=decided`);
    expect(await statusOf(c.id)).toBe('verified');
    const { rows } = await t.database.sql.executeSql('select verdict, categories, automated_detection, automated_decision, state from case_decisions where case_id = $1', [c.id]);
    expect(rows).toEqual([{ verdict: 'dangerous', categories: ['scam', 'impersonation'], automated_detection: true, automated_decision: false, state: 'in_effect' }]);
    const after = await page(analyst, response.headers.location ?? '');
    expect(after.body).toContain('Đã ghi quyết định; quyết định có hiệu lực.');
    expect(after.body).toContain('Điều 174 Bộ luật Hình sự 2015');
    expect(after.body).not.toContain('action="/cases/' + c.id + '/decisions"');
  });

  it('shows a field error for an unknown primary case instead of an error page', async () => {
    const c = await newCase();
    const response = await post(analyst, `/cases/${c.id}/decisions`, { outcome: 'duplicate', duplicateOf: 'VV-999999' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Không tìm thấy vụ việc “VV-999999”');
    expect(await statusOf(c.id)).toBe('new');
  });

  it('holds a fake-news verification for a second supervisor, refusing the decider’s own approval', async () => {
    const c = await newCase({ category: 'fake_news', description: 'Bài đăng bịa đặt về dịch bệnh tại Hà Nội.' });
    const before = await page(supervisor, `/cases/${c.id}`);
    expect(before.body).toContain('một giám sát viên khác phê duyệt');

    const decided = await post(supervisor, `/cases/${c.id}/decisions`, {
      outcome: 'verified',
      verdict: 'suspicious',
      categories: 'fake_news',
      decisionGround: 'illegal_content',
      legalBasis: 'Điều 8 Luật An ninh mạng 2018',
      facts: 'Thông tin sai sự thật về dịch bệnh, đối chiếu với thông báo của Sở Y tế.',
    });
    expect(decided.statusCode).toBe(303);
    expect(decided.headers.location).toBe(`/cases/${c.id}?done=pending`);
    expect(await statusOf(c.id)).toBe('pending_approval');
    const { rows } = await t.database.sql.executeSql("select id from case_decisions where case_id = $1 and state = 'pending_approval'", [c.id]);
    const decisionId = (rows[0] as { id: string }).id;

    const ownPage = await page(supervisor, `/cases/${c.id}`);
    expect(ownPage.body).toContain('Bạn đã đề xuất quyết định này');
    const own = await post(supervisor, `/cases/${c.id}/decisions/${decisionId}/review`, { approve: 'yes' });
    expect(own.statusCode).toBe(403);
    expect(own.body).toContain('Bạn không thể tự phê duyệt quyết định do chính mình đề xuất.');
    expect(own.body).toContain('<h1>Vụ việc');
    expect(await statusOf(c.id)).toBe('pending_approval');

    // An analyst may not approve at all, and sees no approval form.
    const analystView = await page(analyst, `/cases/${c.id}`);
    expect(analystView.body).not.toContain(`/decisions/${decisionId}/review`);
    expect((await post(analyst, `/cases/${c.id}/decisions/${decisionId}/review`, { approve: 'yes' })).statusCode).toBe(403);

    const otherView = await page(secondSupervisor, `/cases/${c.id}`);
    expect(otherView.body).toContain(`action="/cases/${c.id}/decisions/${decisionId}/review"`);
    const approved = await post(secondSupervisor, `/cases/${c.id}/decisions/${decisionId}/review`, { approve: 'yes', note: 'Đồng ý.' });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe(`/cases/${c.id}?done=approved`);
    expect(await statusOf(c.id)).toBe('verified');
    const after = await page(secondSupervisor, approved.headers.location ?? '');
    expect(after.body).toContain('Đã phê duyệt; quyết định có hiệu lực.');
    expect(after.body).toContain('Đồng ý.');
  });

  it('merges a suggested case into this one', async () => {
    const text = 'Nhóm Zalo mời đầu tư tiền ảo lãi 30% mỗi tháng, sau đó khoá tài khoản và chiếm đoạt tiền của nhiều người.';
    const a = await newCase({ description: text });
    const b = await newCase({ description: text });
    const view = await page(analyst, `/cases/${a.id}`);
    expect(view.body).toContain(`Gộp ${b.ref} vào vụ này`);
    const response = await post(analyst, `/cases/${a.id}/merge`, { from: b.id });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/cases/${a.id}?done=merged`);
    expect(await statusOf(b.id)).toBe('duplicate');
    expect(await statusOf(a.id)).toBe('new');
  });
});
