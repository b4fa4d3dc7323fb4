// The citizen's report form and tracking pages, through HTTP as a browser
// without JavaScript would use them: multipart posts with the CSRF field and
// the signed stamp, redirects, re-rendered forms, and what the tracking page
// shows (and never shows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../src/modules/cases/categories.ts';
import { decideCase, type DecisionInput } from '../src/modules/cases/index.ts';
import { statusWords } from '../src/modules/reports/messages.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { FORM_CONTENT_TYPE, formBody, hiddenCsrf, openPublicForm, type Visitor } from './helpers/form-posts.ts';
import { caseOf, countRows, tinyPng, windowsExecutable } from './helpers/reports.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Upload = { name: string; bytes: Uint8Array; type?: string };

const openForm = (url = '/report', app: TestApp = t): Promise<Visitor> => openPublicForm(app.app, url);

/** Send the form as a browser does (multipart/form-data), after a person's pause unless told otherwise. */
async function sendForm(visitor: Visitor, fields: Record<string, string>, options: { files?: Upload[]; wait?: number; url?: string; app?: TestApp } = {}) {
  const app = options.app ?? t;
  app.clock.advance(options.wait ?? 5000);
  const form = new FormData();
  form.append('_csrf', visitor.csrf);
  form.append('stamp', visitor.stamp);
  form.append('website', '');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of options.files ?? []) form.append('evidence', new Blob([file.bytes], { type: file.type ?? 'image/png' }), file.name);
  const encoded = new Response(form);
  return app.app.inject({
    method: 'POST',
    url: options.url ?? '/report',
    headers: { cookie: visitor.cookie, 'content-type': encoded.headers.get('content-type') ?? '' },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

const unique = () => Math.random().toString(36).slice(2, 8);
const scam = () => ({ category: 'scam', targets: `https://qua-tang-${unique()}.example.com/nhan-qua`, description: 'Trang web yêu cầu nhập mã OTP để nhận quà.' });
const TICKET_URL = /^\/track\/(AT-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})\?new=1$/;

describe('the report form', () => {
  it('renders in Vietnamese with every category, its hint, the honeypot and the stamp', async () => {
    const { html } = await openForm();
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain('enctype="multipart/form-data"');
    for (const category of Object.values(CATEGORIES)) expect(html).toContain(category.vi);
    expect(html).toContain('Bị lừa chuyển tiền, mua hàng không nhận được');
    expect(html).toMatch(/<div class="hp" aria-hidden="true"><label for="field-website">Để trống ô này<\/label><input id="field-website" name="website" type="text" value="" tabindex="-1" autocomplete="off"/);
    expect(html).toContain('name="evidence" type="file" multiple accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"');
    expect(html).toContain('<option value="" selected>Không rõ</option>');
    expect(html).toContain('Hà Nội');
    expect(html).toContain('href="/track"');
    expect(html).not.toMatch(/style=|<script>/);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders in English, and prefills the targets from ?value=', async () => {
    const { html } = await openForm('/report?lang=en&value=https%3A%2F%2Fsuspicious.example.com%2Fx');
    expect(html).toContain('<html lang="en"');
    for (const category of Object.values(CATEGORIES)) expect(html).toContain(category.en);
    expect(html).toContain('Leave this empty');
    expect(html).toContain('Not known');
    expect(html).toContain('Ho Chi Minh City');
    expect(html).toContain('https://suspicious.example.com/x</textarea>');
    expect(html).toContain('action="/report?lang=en"');
  });

  it('creates a report and redirects to its tracking page, which says what happens next and never shows the contact', async () => {
    const before = await countRows(t.database, 'reports');
    const visitor = await openForm();
    const response = await sendForm(visitor, { ...scam(), contact: 'nguoi.bao@example.vn', province: 'hue' });
    expect(response.statusCode).toBe(303);
    const ticket = TICKET_URL.exec(response.headers.location ?? '')?.[1];
    expect(ticket).toBeDefined();
    expect(await countRows(t.database, 'reports')).toBe(before + 1);

    const page = await t.app.inject({ method: 'GET', url: response.headers.location ?? '' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Đã gửi phản ánh. Mã theo dõi của bạn:');
    expect(page.body).toContain(`<strong class="ticket ticket-large">${ticket}</strong>`);
    expect(page.body).toContain('<span class="status-badge status-received">Đã tiếp nhận</span>');
    expect(page.body).toContain(statusWords.vi.received.next);
    expect(page.body).toMatch(/<ol class="timeline"><li class="timeline-item"><time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00">/);
    expect(page.body).toContain('Đã tiếp nhận phản ánh');
    expect(page.body).toContain('qua-tang-');
    expect(page.body).not.toContain('nguoi.bao');
    expect(page.body).not.toContain('example.vn');

    const english = await t.app.inject({ method: 'GET', url: `/track/${ticket}?lang=en` });
    expect(english.body).toContain(statusWords.en.received.next);
    expect(english.body).not.toContain('Your report was sent');
  });

  it('needs nothing but a category and one target', async () => {
    const response = await sendForm(await openForm(), { category: 'other', targets: `0912 ${String(Math.floor(Math.random() * 900_000) + 100_000)}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(TICKET_URL);
  });

  it('refuses a form sent too fast or with the honeypot filled in, storing nothing', async () => {
    const before = await countRows(t.database, 'reports');
    const visitor = await openForm();
    const fast = await sendForm(visitor, scam(), { wait: 500 });
    expect(fast.statusCode).toBe(400);
    expect(fast.body).toContain('Biểu mẫu được gửi quá nhanh');
    const bot = await sendForm(await openForm(), { ...scam(), website: 'http://spam.example' });
    expect(bot.statusCode).toBe(400);
    expect(await countRows(t.database, 'reports')).toBe(before);
    // The form comes back with a new stamp, so a person simply sends it again.
    const stamp = /name="stamp" value="([^"]+)"/.exec(fast.body)?.[1];
    expect(stamp).toBeDefined();
    expect(stamp).not.toBe(visitor.stamp);
    const again = await sendForm({ ...visitor, stamp: stamp ?? '' }, scam());
    expect(again.statusCode).toBe(303);
  });

  it('names the line of a target it cannot read and keeps what was typed', async () => {
    const before = await countRows(t.database, 'reports');
    const visitor = await openForm();
    const fields = { category: 'phishing', targets: 'https://ok.example.com/\n\n\u200b\n0912 345 678', description: 'Mô tả cần giữ lại', contact: 'giu.lai@example.vn', province: 'da-nang' };
    const response = await sendForm(visitor, fields);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dòng 3: chỉ có ký tự ẩn');
    expect(response.body).toContain('<a href="#field-targets">');
    expect(response.body).toMatch(/<textarea id="field-targets" name="targets" rows="4" required aria-describedby="field-targets-hint field-targets-error" aria-invalid="true">https:\/\/ok.example.com\//);
    expect(response.body).toContain('Mô tả cần giữ lại</textarea>');
    expect(response.body).toContain('value="giu.lai@example.vn"');
    expect(response.body).toContain('<option value="da-nang" selected>');
    expect(response.body).toMatch(/value="phishing" checked/);
    expect(await countRows(t.database, 'reports')).toBe(before);

    const english = await sendForm(await openForm('/report?lang=en'), { ...fields, category: 'nonsense' }, { url: '/report?lang=en' });
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('Line 3: only invisible characters');
    expect(english.body).toContain('Choose what kind of problem you are reporting.');
  });

  it('accepts a PNG as evidence and refuses an executable renamed .png with 415, storing nothing', async () => {
    const visitor = await openForm();
    const accepted = await sendForm(visitor, scam(), { files: [{ name: 'anh-chup.png', bytes: tinyPng('GPS 16.46,107.59') }] });
    expect(accepted.statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: accepted.headers.location ?? '' });
    expect(page.body).toContain('1 tệp');

    const reports = await countRows(t.database, 'reports');
    const evidence = await countRows(t.database, 'report_evidence');
    const refused = await sendForm(await openForm(), scam(), { files: [{ name: 'hoa-don.png', bytes: windowsExecutable() }] });
    expect(refused.statusCode).toBe(415);
    expect(refused.body).toContain('Tệp “hoa-don.png” không phải ảnh');
    expect(refused.body).toContain('hãy chọn lại tệp');
    expect(refused.body).toContain('qua-tang-');
    expect(await countRows(t.database, 'reports')).toBe(reports);
    expect(await countRows(t.database, 'report_evidence')).toBe(evidence);

    // A file over 10 MB stops the upload while the body is read; the form still comes back, usable.
    const large = await openForm();
    const tooLarge = await sendForm(large, scam(), { files: [{ name: 'video.png', bytes: new Uint8Array(10 * 1024 * 1024 + 1) }] });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toContain('lớn hơn 10 MB');
    expect(tooLarge.body).toContain('<a href="#field-evidence">');
    expect(hiddenCsrf(tooLarge.body)).toBe(large.csrf);
    expect(await countRows(t.database, 'reports')).toBe(reports);
  });

  it('refuses a post without the CSRF field', async () => {
    const visitor = await openForm();
    const response = await sendForm({ ...visitor, csrf: 'forged' }, scam());
    expect(response.statusCode).toBe(403);
  });
});

describe('tracking', () => {
  const submitted = async (fields: Record<string, string> = scam()) => {
    const response = await sendForm(await openForm(), fields);
    const ticket = TICKET_URL.exec(response.headers.location ?? '')?.[1];
    if (ticket === undefined) throw new Error(`report refused: ${response.statusCode}`);
    const { rows } = await t.database.sql.executeSql('select id from reports where ticket = $1', [ticket]);
    return { ticket, id: (rows[0] as { id: string }).id };
  };
  const decide = (caseId: string, input: DecisionInput) => t.database.transaction((tx) => decideCase(tx, t.ctx(), caseId, input, { events: t.events }));

  it('finds a report from a code typed in lower case, and refuses a malformed one', async () => {
    const { ticket } = await submitted();
    const lookup = await t.app.inject({ method: 'GET', url: `/track?ticket=${encodeURIComponent(` ${ticket.toLowerCase()} `)}` });
    expect(lookup.statusCode).toBe(303);
    expect(lookup.headers.location).toBe(`/track/${ticket}`);
    expect(lookup.headers['referrer-policy']).toBe('no-referrer');
    const direct = await t.app.inject({ method: 'GET', url: `/track/${ticket.toLowerCase()}?new=1` });
    expect(direct.statusCode).toBe(303);
    expect(direct.headers.location).toBe(`/track/${ticket}?new=1`);
    const empty = await t.app.inject({ method: 'GET', url: '/track' });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('name="ticket"');
    const bad = await t.app.inject({ method: 'GET', url: '/track?ticket=not-a-ticket' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Mã theo dõi không đúng dạng');
    expect(bad.body).toContain('value="not-a-ticket"');
  });

  it('answers an unknown ticket with a friendly 404 and the lookup form', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/track/AT-0000-0000-0000-0000' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).toContain('Không tìm thấy phản ánh nào có mã này');
    expect(response.body).toContain('action="/track"');
  });

  it('shows the staff question with an answer form, takes the answer, then shows the decision', async () => {
    const { ticket, id } = await submitted();
    const caseId = await caseOf(t, id);
    await decide(caseId, { outcome: 'more_info', question: 'Bạn đã chuyển bao nhiêu tiền?' });
    const visitor = await openForm();
    const asked = await t.app.inject({ method: 'GET', url: `/track/${ticket}`, headers: { cookie: visitor.cookie } });
    expect(asked.body).toContain('status-more_info');
    expect(asked.body).toContain(statusWords.vi.more_info.next);
    expect(asked.body).toContain('Bạn đã chuyển bao nhiêu tiền?');
    expect(asked.body).toContain(`action="/track/${ticket}/reply"`);

    const reply = (body: string) =>
      t.app.inject({ method: 'POST', url: `/track/${ticket}/reply`, headers: { cookie: visitor.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: visitor.csrf, body }) });
    const blank = await reply('   ');
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Nhập câu trả lời');
    const answered = await reply('Tôi đã chuyển 2 triệu đồng.');
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe(`/track/${ticket}?replied=1`);
    const after = await t.app.inject({ method: 'GET', url: answered.headers.location ?? '' });
    expect(after.body).toContain('Đã gửi câu trả lời');
    expect(after.body).toContain('status-in_review');
    expect(after.body).toContain('Bạn đã gửi thêm thông tin');
    expect(after.body).not.toContain(`action="/track/${ticket}/reply"`);
    expect((await reply('Thêm nữa')).statusCode).toBe(409);

    await decide(caseId, { outcome: 'verified', verdict: 'dangerous', categories: ['scam', 'phishing'], decisionGround: 'illegal_content', legalBasis: 'Điều 174 Bộ luật Hình sự', facts: 'Trang giả mạo.', automatedDetection: false, automatedDecision: false });
    const verified = await t.app.inject({ method: 'GET', url: `/track/${ticket}` });
    expect(verified.body).toContain('<span class="status-badge status-verified">Đã xác minh</span>');
    expect(verified.body).toContain('Nguy hiểm');
    expect(verified.body).toContain('Lừa đảo, Giả mạo đăng nhập (phishing)');
    expect(verified.body).toContain('Điều 174 Bộ luật Hình sự');
    expect(verified.body).not.toContain('Trang giả mạo.');
  });

  it('shows a rejection with its reason', async () => {
    const { ticket, id } = await submitted();
    await decide(await caseOf(t, id), { outcome: 'rejected', reason: 'Trang web hợp pháp.' });
    const page = await t.app.inject({ method: 'GET', url: `/track/${ticket}?lang=en` });
    expect(page.body).toContain('<span class="status-badge status-rejected">Rejected</span>');
    expect(page.body).toContain(statusWords.en.rejected.next);
    expect(page.body).toContain('<strong>Reason:</strong> Trang web hợp pháp.');
  });
});

describe('the per-target daily limit', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ config: { reportRateLimit: { max: 1000, windowSeconds: 60, perTargetPerDay: 1 } } });
  });
  afterAll(() => strict.close());

  it('brings the form back with 429 and a thank-you when the same target is reported again the same day', async () => {
    const fields = scam();
    const first = await sendForm(await openForm('/report', strict), fields, { app: strict });
    expect(first.statusCode).toBe(303);
    const second = await sendForm(await openForm('/report', strict), fields, { app: strict });
    expect(second.statusCode).toBe(429);
    expect(second.body).toContain('Bạn đã phản ánh đối tượng này nhiều lần trong hôm nay');
    expect(second.body).toContain(fields.description);
    expect(await countRows(strict.database, 'reports')).toBe(1);
  });
});
