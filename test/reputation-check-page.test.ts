// The public check page (/check): the verdict in words, shape and colour, why, what to do, the
// links to report and to ask for delisting; unreadable values; languages; no personal data.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { call, newCase, person, verifyBody, type Person } from './helpers/cases.ts';
import { list } from './helpers/reputation.ts';

let t: TestApp;
let analyst: Person;
const START = new Date('2026-03-02T03:00:00Z');
const DAY = 86_400_000;

const open = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const checkPage = (value: string, extra = '') => open(`/check?value=${encodeURIComponent(value)}${extra}`);

/** Every id of a page is unique (labels and error links point at one control). */
function expectUniqueIds(html: string) {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size).toBe(ids.length);
}

beforeAll(async () => {
  t = await createTestApp({ start: START });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  analyst = await person(t, national.id, 'analyst');
});
afterAll(() => t.close());

describe('the check page', () => {
  it('shows the form alone, in Vietnamese, with a label, examples and the type choice', async () => {
    const response = await open('/check');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain('<form method="get" action="/check" role="search"');
    expect(html).toContain('<label for="field-value">Điều bạn muốn kiểm tra</label>');
    expect(html).toContain('aria-describedby="field-value-hint"');
    expect(html).toContain('VCB:0123456789');
    expect(html).toContain('<option value="" selected>Tự nhận biết</option>');
    expect(html).toContain('<option value="bank_account">Tài khoản ngân hàng</option>');
    expect(html).not.toContain('verdict-panel');
    expect(html).not.toMatch(/style=|<script>/);
    expectUniqueIds(html);
  });

  it('explains a dangerous listed link: verdict words, shape and class, categories, dates, reports, sources, advice, report and appeal links — and nothing about the reporter', async () => {
    const contact = 'nguoi.bao.tin@example.vn';
    const description = 'Tôi bị lừa mất 5 triệu đồng khi nhập mã OTP vào trang này, nhà tôi ở số 12 phố Huế.';
    const made = await newCase(t, { targets: [{ value: 'https://vcb-qua-tang.example.net/nhan-qua' }], contact, description });
    const decided = await call(t, analyst.headers, 'POST', `/api/v1/cases/${made.id}/decisions`, verifyBody({ verdict: 'dangerous', categories: ['scam', 'impersonation'] }));
    expect(decided.statusCode).toBe(201);
    await t.catchUpIndex();
    t.clock.advance(2 * DAY);

    const response = await checkPage('HTTPS://VCB-qua-tang.example.NET/nhan-qua');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const value = 'https://vcb-qua-tang.example.net/nhan-qua';
    expect(html).toContain('<section class="verdict-panel verdict-dangerous"');
    expect(html).toMatch(/<span class="verdict-icon" aria-hidden="true">✖<\/span>/);
    expect(html).toContain('<span class="verdict-word">Nguy hiểm</span>');
    expect(html).toContain('<title>Kết quả kiểm tra: Nguy hiểm');
    expect(html).toContain(`<code class="check-value">${value}</code>`);
    expect(html).toContain('Đường dẫn');
    expect(html).toContain('Lừa đảo, Giả mạo');
    expect(html).toContain(`<time datetime="${START.toISOString()}">2 tháng 3, 2026</time>`);
    expect(html).toContain('1 phản ánh');
    expect(html).toContain('Quyết định xử lý vụ việc của cơ quan chức năng');
    expect(html).toContain('Đừng truy cập, đừng chuyển tiền');
    expect(html).toContain('gọi ngay tổng đài ngân hàng');
    expect(html).toContain(`href="/report?target=${encodeURIComponent(value)}"`);
    expect(html).toContain('Báo cáo giá trị này');
    expect(html).toContain(`href="/appeal?value=${encodeURIComponent(value)}"`);
    expect(html).toContain('Bạn là chủ sở hữu?');
    // The input stays in the box, as typed.
    expect(html).toContain('value="HTTPS://VCB-qua-tang.example.NET/nhan-qua"');
    // Nothing a reporter wrote or left.
    expect(html).not.toContain(contact);
    expect(html).not.toContain('phố Huế');
    expect(html).not.toContain('VV-');
    expect(html).not.toMatch(/style=|<script>/);
    expectUniqueIds(html);
  });

  it('names the impersonated organisation with a link to its trust page, and lists a wildcard match', async () => {
    const entityId = randomUUID();
    await t.database.sql.executeSql(
      "insert into trust_entities (id, slug, name, status, created_at, updated_at) values ($1, 'ngan-hang-mau', 'Ngân hàng Mẫu', 'approved', now(), now())",
      [entityId],
    );
    await list(t, [{ value: '*.ngan-hang-mau-gia.example.com', verdict: 'suspicious', categories: ['phishing'], impersonatedEntityId: entityId, reportCount: 4 }]);
    const html = (await checkPage('dang-nhap.ngan-hang-mau-gia.example.com')).body;
    expect(html).toContain('<section class="verdict-panel verdict-suspicious"');
    expect(html).toContain('<span class="verdict-word">Đáng ngờ</span>');
    expect(html).toContain('⚠');
    expect(html).toContain('Giả mạo đăng nhập (phishing)');
    expect(html).toContain('4 phản ánh');
    expect(html).toContain('Ngân hàng Mẫu — <a href="/trust/ngan-hang-mau">');
    expect(html).toContain('<code class="check-value">*.ngan-hang-mau-gia.example.com</code> (tên miền và mọi tên miền con)');
    expect(html).toContain('Danh sách cảnh báo được nhập');
    expect(html).toContain('href="/appeal?value=dang-nhap.ngan-hang-mau-gia.example.com"');
  });

  it('answers an unknown value with advice and a report link, and no appeal link', async () => {
    const response = await checkPage('0912 777 888');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<section class="verdict-panel verdict-unknown"');
    expect(html).toContain('<span class="verdict-word">Chưa có thông tin</span>');
    expect(html).toContain('<code class="check-value">+84912777888</code>');
    expect(html).toContain('Số điện thoại');
    expect(html).toContain('Chưa có trong dữ liệu của chúng tôi');
    expect(html).toContain('Chưa có thông tin không có nghĩa là an toàn');
    expect(html).toContain(`href="/report?target=${encodeURIComponent('+84912777888')}"`);
    expect(html).not.toContain('/appeal?');
    expect(html).not.toContain('Vì sao có kết quả này');
  });

  it('shows a trusted value in green words with its source, and no appeal link', async () => {
    await list(t, [{ value: 'ngan-hang-that.example.vn', type: 'domain', verdict: 'trusted', categories: [], source: 'registry', sourceKey: 'registry' }]);
    const html = (await checkPage('ngan-hang-that.example.vn')).body;
    expect(html).toContain('<section class="verdict-panel verdict-trusted"');
    expect(html).toContain('<span class="verdict-word">Tín nhiệm</span>');
    expect(html).toContain('✔');
    expect(html).toContain('Danh bạ tín nhiệm mạng');
    expect(html).toContain('kẻ gian thường dùng tên miền na ná');
    expect(html).not.toContain('/appeal?');
  });

  it('explains a look-alike domain', async () => {
    // "vietcombаnk" with a Cyrillic а.
    const html = (await checkPage('https://vietcomb\u0430nk.com.example.org/')).body;
    expect(html).toContain('Dấu hiệu cần chú ý');
    expect(html).toContain('Tên miền có ký tự giống chữ Latin — có thể giả mạo.');
    expect(html).toMatch(/Trông giống: vietcombank\.com\.example\.org/);
  });

  it('keeps the input and shows the parser’s reason beside the box when a value cannot be read (400)', async () => {
    const response = await checkPage('12ab', '&type=phone');
    expect(response.statusCode).toBe(400);
    const html = response.body;
    expect(html).toContain('<div class="field field-invalid">');
    expect(html).toContain('<p class="field-error" id="field-value-error">');
    expect(html).toContain('not a valid phone number');
    expect(html).toContain('Không đọc được giá trị này theo loại đã chọn');
    expect(html).toContain('value="12ab"');
    expect(html).toContain('aria-describedby="field-value-hint field-value-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<option value="phone" selected>Số điện thoại</option>');
    expect(html).not.toContain('verdict-panel');
    expectUniqueIds(html);
  });

  it('escapes what is checked', async () => {
    const response = await checkPage('<script>alert(1)</script> "x"');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('speaks English with ?lang=en (kept in the form and the links) or the language cookie', async () => {
    await list(t, [{ value: 'tieng-anh.example.com', categories: ['malware'] }]);
    const html = (await checkPage('tieng-anh.example.com', '&lang=en')).body;
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<span class="verdict-word">Dangerous</span>');
    expect(html).toContain('Malware');
    expect(html).toContain('Do not visit, pay or share passwords');
    expect(html).toContain('<input type="hidden" name="lang" value="en"');
    expect(html).toContain('href="/report?target=tieng-anh.example.com&amp;lang=en">Report it</a>');
    expect(html).toContain('Is this yours? <a href="/appeal?value=tieng-anh.example.com&amp;lang=en">Ask for delisting</a>');
    const cookie = (await open('/check?value=tieng-anh.example.com', { cookie: 'antoan_lang=en' })).body;
    expect(cookie).toContain('<span class="verdict-word">Dangerous</span>');
    expect(cookie).toContain('href="/report?target=tieng-anh.example.com">Report it</a>');
    const unknown = (await checkPage('chua-biet.example.com', '&lang=en')).body;
    expect(unknown).toContain('<span class="verdict-word">No information yet</span>');
    const unreadable = await checkPage('abc', '&type=email&lang=en');
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('This could not be read as the chosen type');
  });

  it('reflects a revocation at once', async () => {
    await list(t, [{ value: 'se-duoc-go.example.com' }]);
    expect((await checkPage('se-duoc-go.example.com')).body).toContain('verdict-dangerous');
    const { revokeIndicators } = await import('../src/modules/reputation/listings.ts');
    const [row] = (await t.database.sql.executeSql("select id from indicators where value = 'se-duoc-go.example.com'")).rows as { id: string }[];
    await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), [row?.id ?? ''], 'nhầm lẫn'));
    await t.catchUpIndex();
    expect((await checkPage('se-duoc-go.example.com')).body).toContain('verdict-unknown');
  });
});

describe('the report form from the check page', () => {
  it('prefills the first target from ?target=', async () => {
    const response = await open(`/report?target=${encodeURIComponent('https://vcb-qua-tang.example.net/nhan-qua')}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('https://vcb-qua-tang.example.net/nhan-qua</textarea>');
    const bank = await open(`/report?target=${encodeURIComponent('VCB:0123456789')}&lang=en`);
    expect(bank.body).toContain('VCB:0123456789</textarea>');
  });
});
