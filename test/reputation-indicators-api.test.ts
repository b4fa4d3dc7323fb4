// The staff indicator API (/api/v1/indicators) and pages (/admin/indicators): search and keyset
// paging, one indicator with its history, listing by hand and revoking (both reach the check at
// once, both audited), who may do what, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { call, person, rows, type ErrorBody, type Headers, type Person } from './helpers/cases.ts';
import { FORM_CONTENT_TYPE, formBody, hiddenCsrf } from './helpers/form-posts.ts';
import { check, list } from './helpers/reputation.ts';

type Indicator = { id: string; type: string; value: string; verdict: string; categories: string[]; confidence: number; source: string; sourceKey: string; status: string; inForce: boolean; serial: number; expiresAt: string | null; evidenceUrl: string | null };
type Page = { items: Indicator[]; next: number | null };
type Detail = Indicator & { history: { serial: number; action: string; status: string; actorName: string; note: string | null }[]; otherListings: { id: string; source: string; status: string }[] };

let t: TestApp;
let analyst: Person;
let hueAnalyst: Person;
let platformAdmin: Person;
let noTwoFactor: Person;
let readToken: Headers;
let writeToken: Headers;
let casesToken: Headers;
let platformToken: Headers;
const START = new Date('2026-04-06T02:00:00Z');
const DAY = 86_400_000;

const get = <T>(headers: Headers, url: string) => call(t, headers, 'GET', url).then((r) => ({ status: r.statusCode, body: r.json<T>() }));
const idOf = async (value: string, sourceKey = 'import:test') => (await rows<{ id: string }>(t, 'select id from indicators where value = $1 and source_key = $2', [value, sourceKey]))[0]?.id ?? '';
const audits = (action: string, subjectId: string) => rows<{ summary: Record<string, unknown> }>(t, 'select summary from audit_log where action = $1 and subject_id = $2', [action, subjectId]);
const listBody = (overrides: Record<string, unknown> = {}) => ({ value: 'https://thu-cong.example.com/dang-nhap', verdict: 'dangerous', categories: ['phishing'], note: 'Xác minh qua đường dây nóng của ngân hàng.', ...overrides });

beforeAll(async () => {
  t = await createTestApp({ start: START });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  const hue = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  const platform = await t.org({ kind: 'platform' });
  analyst = await person(t, national.id, 'analyst');
  hueAnalyst = await person(t, hue.id, 'analyst');
  platformAdmin = await person(t, platform.id, 'org_admin');
  noTwoFactor = await person(t, national.id, 'supervisor', false);
  readToken = await t.token(national.id, ['indicators:read']);
  writeToken = await t.token(national.id, ['indicators:read', 'indicators:write']);
  casesToken = await t.token(national.id, ['cases:read']);
  platformToken = await t.token(platform.id, ['indicators:read', 'indicators:write']);
});
afterAll(() => t.close());

describe('who may use the indicator API', () => {
  it('refuses anonymous callers, other kinds of organisation, tokens without the scope and staff without two-factor', async () => {
    expect((await call(t, {}, 'GET', '/api/v1/indicators')).statusCode).toBe(401);
    expect((await call(t, {}, 'POST', '/api/v1/indicators', listBody())).statusCode).toBe(401);
    const platform = await call(t, platformAdmin.headers, 'GET', '/api/v1/indicators');
    expect(platform.statusCode).toBe(403);
    expect(platform.json<ErrorBody>().error.code).toBe('FORBIDDEN');
    expect((await call(t, platformToken, 'GET', '/api/v1/indicators')).statusCode).toBe(403);
    expect((await call(t, platformToken, 'POST', '/api/v1/indicators', listBody())).statusCode).toBe(403);
    const scope = await call(t, casesToken, 'GET', '/api/v1/indicators');
    expect(scope.statusCode).toBe(403);
    expect(scope.json<ErrorBody>().error.code).toBe('SCOPE_MISSING');
    expect((await call(t, noTwoFactor.headers, 'GET', '/api/v1/indicators')).statusCode).toBe(403);
    expect(await rows(t, "select 1 from indicators where source = 'staff'")).toHaveLength(0);
  });

  it('lets every authority analyst read and manage, and read-only tokens only read', async () => {
    expect((await call(t, hueAnalyst.headers, 'GET', '/api/v1/indicators')).statusCode).toBe(200);
    expect((await call(t, readToken, 'GET', '/api/v1/indicators')).statusCode).toBe(200);
    const readOnly = await call(t, readToken, 'POST', '/api/v1/indicators', listBody({ value: 'chi-doc.example.com' }));
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json<ErrorBody>().error.code).toBe('SCOPE_MISSING');
    const hue = await call(t, hueAnalyst.headers, 'POST', '/api/v1/indicators', listBody({ value: 'tinh-hue.example.com' }));
    expect(hue.statusCode).toBe(201);
    const byToken = await call(t, writeToken, 'POST', '/api/v1/indicators', listBody({ value: 'bang-token.example.com' }));
    expect(byToken.statusCode).toBe(201);
    // A platform cannot read one either, even knowing its id.
    const id = byToken.json<{ indicator: Indicator }>().indicator.id;
    expect((await call(t, platformAdmin.headers, 'GET', `/api/v1/indicators/${id}`)).statusCode).toBe(403);
    expect((await call(t, platformAdmin.headers, 'POST', `/api/v1/indicators/${id}/revoke`, { reason: 'không phải của tôi' })).statusCode).toBe(403);
    expect((await call(t, {}, 'GET', `/api/v1/indicators/${id}`)).statusCode).toBe(401);
  });
});

describe('searching and paging', () => {
  it('pages by change serial, newest first, with a cursor, and filters by type, verdict, status and source', async () => {
    await list(t, [
      { value: 'trang-1.tim-kiem.example.org' },
      { value: 'trang-2.tim-kiem.example.org' },
      { value: 'trang-3.tim-kiem.example.org', verdict: 'suspicious' },
      { value: 'trang-4.tim-kiem.example.org', verdict: 'trusted', categories: [], source: 'registry', sourceKey: 'registry' },
      { value: '0912 345 001', categories: ['scam'] },
    ]);
    const first = await get<Page>(analyst.headers, '/api/v1/indicators?q=tim-kiem&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i) => i.value)).toEqual(['trang-4.tim-kiem.example.org', 'trang-3.tim-kiem.example.org']);
    expect(first.body.items[0]?.serial).toBeGreaterThan(first.body.items[1]?.serial ?? Infinity);
    expect(first.body.next).toBe(first.body.items[1]?.serial);
    const second = await get<Page>(analyst.headers, `/api/v1/indicators?q=tim-kiem&limit=2&after=${first.body.next}`);
    expect(second.body.items.map((i) => i.value)).toEqual(['trang-2.tim-kiem.example.org', 'trang-1.tim-kiem.example.org']);
    // The last page says so: no cursor to an empty page.
    expect(second.body.next).toBeNull();
    const three = await get<Page>(analyst.headers, '/api/v1/indicators?q=tim-kiem&limit=3');
    expect(three.body.items).toHaveLength(3);
    expect((await get<Page>(analyst.headers, `/api/v1/indicators?q=tim-kiem&limit=3&after=${three.body.next}`)).body).toMatchObject({ items: [{ value: 'trang-1.tim-kiem.example.org' }], next: null });

    expect((await get<Page>(analyst.headers, '/api/v1/indicators?q=tim-kiem&verdict=suspicious')).body.items.map((i) => i.value)).toEqual(['trang-3.tim-kiem.example.org']);
    expect((await get<Page>(analyst.headers, '/api/v1/indicators?q=tim-kiem&source=registry')).body.items.map((i) => i.verdict)).toEqual(['trusted']);
    const phones = (await get<Page>(analyst.headers, '/api/v1/indicators?type=phone')).body.items;
    expect(phones.map((i) => i.value)).toEqual(['+84912345001']);
    expect(phones[0]).toMatchObject({ type: 'phone', status: 'active', inForce: true, source: 'import', sourceKey: 'import:test', categories: ['scam'] });
    expect((await get<Page>(analyst.headers, '/api/v1/indicators?q=tim-kiem&status=revoked')).body.items).toEqual([]);
  });

  it('normalises a query that parses, matches part of a value in any case, and takes LIKE wildcards literally', async () => {
    await list(t, [{ value: 'https://ky-tu.example.com/a_b' }, { value: 'https://ky-tu.example.com/axb' }]);
    // A phone number as people write it finds its normal form.
    expect((await get<Page>(analyst.headers, `/api/v1/indicators?q=${encodeURIComponent('0912 345 001')}`)).body.items.map((i) => i.value)).toEqual(['+84912345001']);
    expect((await get<Page>(analyst.headers, '/api/v1/indicators?q=TRANG-2.TIM')).body.items.map((i) => i.value)).toEqual(['trang-2.tim-kiem.example.org']);
    expect((await get<Page>(analyst.headers, '/api/v1/indicators?q=a_b')).body.items.map((i) => i.value)).toEqual(['https://ky-tu.example.com/a_b']);
    expect((await get<Page>(analyst.headers, '/api/v1/indicators?q=%25')).body.items).toEqual([]);
  });

  it('refuses bad filters', async () => {
    for (const query of ['verdict=evil', 'type=planet', 'status=x', 'source=x', 'limit=0', 'limit=201', 'after=abc', 'other=1', `q=${'x'.repeat(2049)}`]) {
      expect((await call(t, analyst.headers, 'GET', `/api/v1/indicators?${query}`)).statusCode, query).toBe(400);
    }
  });
});

describe('one indicator with its full history', () => {
  it('shows every change, newest first, and the other listings of the same value', async () => {
    await list(t, [{ value: 'lich-su.example.com', categories: ['phishing'] }]);
    const id = await idOf('lich-su.example.com');
    await list(t, [{ value: 'lich-su.example.com', categories: ['phishing', 'scam'] }]);
    await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody({ value: 'lich-su.example.com', categories: ['scam'] }));
    const detail = await get<Detail>(readToken, `/api/v1/indicators/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id, value: 'lich-su.example.com', type: 'domain', source: 'import' });
    expect(detail.body.categories.sort()).toEqual(['phishing', 'scam']);
    expect(detail.body.history.map((h) => h.action)).toEqual(['updated', 'listed']);
    expect(detail.body.history[0]?.serial).toBeGreaterThan(detail.body.history[1]?.serial ?? Infinity);
    expect(detail.body.otherListings).toMatchObject([{ source: 'staff', status: 'active' }]);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await call(t, analyst.headers, 'GET', '/api/v1/indicators/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await call(t, analyst.headers, 'GET', '/api/v1/indicators/not-an-id')).statusCode).toBe(404);
    expect((await call(t, analyst.headers, 'POST', '/api/v1/indicators/not-an-id/revoke', { reason: 'nhầm lẫn' })).statusCode).toBe(404);
  });
});

describe('listing by hand and revoking', () => {
  it('lists a value (source staff), which the check answers at once; listing it again changes nothing or updates it; both audited', async () => {
    const created = await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody({ value: 'HTTPS://Thu-Cong.example.com/dang-nhap', evidenceUrl: 'https://ho-so.example.vn/123' }));
    expect(created.statusCode).toBe(201);
    const { change, indicator } = created.json<{ change: string; indicator: Indicator }>();
    expect(change).toBe('listed');
    expect(indicator).toMatchObject({ type: 'url', value: 'https://thu-cong.example.com/dang-nhap', verdict: 'dangerous', source: 'staff', sourceKey: 'staff', confidence: 90, status: 'active', inForce: true, evidenceUrl: 'https://ho-so.example.vn/123' });
    // The seeded rule keeps a URL 90 days.
    expect(Date.parse(indicator.expiresAt ?? '') - START.getTime()).toBe(90 * DAY);
    // No catch-up here: the write caught this process's index up itself.
    expect((await check(t, 'https://thu-cong.example.com/dang-nhap')).verdict).toBe('dangerous');
    const [audit] = await audits('indicator.listed', indicator.id);
    expect(audit?.summary).toMatchObject({ type: 'url', value: 'https://thu-cong.example.com/dang-nhap', verdict: 'dangerous', note: 'Xác minh qua đường dây nóng của ngân hàng.' });

    const same = await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody({ evidenceUrl: 'https://ho-so.example.vn/123' }));
    expect(same.statusCode).toBe(200);
    expect(same.json<{ change: string }>().change).toBe('unchanged');
    const changed = await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody({ verdict: 'suspicious', confidence: 60 }));
    expect(changed.statusCode).toBe(200);
    expect(changed.json<{ change: string; indicator: Indicator }>()).toMatchObject({ change: 'updated', indicator: { id: indicator.id, verdict: 'suspicious', confidence: 60, evidenceUrl: null } });
    expect((await check(t, 'https://thu-cong.example.com/dang-nhap')).verdict).toBe('suspicious');
    expect(await audits('indicator.updated', indicator.id)).toHaveLength(1);
  });

  it('revokes a listing, which leaves the check at once; revoking again changes nothing; listing it by hand again reinstates it', async () => {
    await list(t, [{ value: 'go-bo.example.com' }]);
    const id = await idOf('go-bo.example.com');
    expect((await check(t, 'go-bo.example.com')).verdict).toBe('dangerous');
    const revoked = await call(t, writeToken, 'POST', `/api/v1/indicators/${id}/revoke`, { reason: 'Chủ sở hữu chứng minh tên miền đã đổi chủ.' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<{ changed: boolean; indicator: Indicator }>()).toMatchObject({ changed: true, indicator: { id, status: 'revoked', inForce: false } });
    expect((await check(t, 'go-bo.example.com')).verdict).toBe('unknown');
    expect(await audits('indicator.revoked', id)).toMatchObject([{ summary: { value: 'go-bo.example.com', previousStatus: 'active', reason: 'Chủ sở hữu chứng minh tên miền đã đổi chủ.' } }]);
    const again = await call(t, writeToken, 'POST', `/api/v1/indicators/${id}/revoke`, { reason: 'lần nữa' });
    expect(again.json<{ changed: boolean }>().changed).toBe(false);
    expect(await audits('indicator.revoked', id)).toHaveLength(1);
    const detail = await get<Detail>(analyst.headers, `/api/v1/indicators/${id}`);
    expect(detail.body.history.map((h) => [h.action, h.note, h.actorName])).toEqual([
      ['revoked', 'Chủ sở hữu chứng minh tên miền đã đổi chủ.', 'token:test'],
      ['listed', null, 'test'],
    ]);

    // A staff listing of a revoked staff entry reinstates it.
    const staff = await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody({ value: 'go-bo-2.example.com' }));
    const staffId = staff.json<{ indicator: Indicator }>().indicator.id;
    await call(t, analyst.headers, 'POST', `/api/v1/indicators/${staffId}/revoke`, { reason: 'nhầm lẫn' });
    expect((await check(t, 'go-bo-2.example.com')).verdict).toBe('unknown');
    const back = await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody({ value: 'go-bo-2.example.com' }));
    expect(back.json<{ change: string; indicator: Indicator }>()).toMatchObject({ change: 'updated', indicator: { id: staffId, status: 'active' } });
    expect((await check(t, 'go-bo-2.example.com')).verdict).toBe('dangerous');
    expect((await get<Detail>(analyst.headers, `/api/v1/indicators/${staffId}`)).body.history.map((h) => h.action)).toEqual(['reinstated', 'revoked', 'listed']);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await rows(t, 'select serial from indicator_changes');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ value: 'abc', type: 'phone' }, 'TARGET_INVALID', 'value'],
      [{ value: 'một câu chữ bất kỳ' }, 'TARGET_INVALID', 'value'],
      [{ value: 'khong-loai.example.com', categories: [] }, 'VALIDATION_FAILED', 'categories'],
      [{ value: 'bang-chung.example.com', evidenceUrl: 'javascript:alert(1)' }, 'VALIDATION_FAILED', 'evidenceUrl'],
    ];
    for (const [overrides, code, field] of cases) {
      const response = await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      const error = response.json<ErrorBody>().error;
      expect(error.code).toBe(code);
      expect(error.details.some((d) => d.field === field)).toBe(true);
    }
    for (const body of [listBody({ note: 'x' }), listBody({ confidence: 101 }), listBody({ verdict: 'maybe' }), listBody({ categories: ['planet'] }), listBody({ extra: 1 }), { value: 'x.example.com' }, listBody({ value: '' })]) {
      expect((await call(t, analyst.headers, 'POST', '/api/v1/indicators', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    await list(t, [{ value: 'ly-do.example.com' }]);
    const id = await idOf('ly-do.example.com');
    for (const body of [{}, { reason: 'x' }, { reason: 'y'.repeat(2001) }, { reason: 'đủ dài', more: true }]) {
      expect((await call(t, analyst.headers, 'POST', `/api/v1/indicators/${id}/revoke`, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    // A text value may be listed when its type is named.
    const text = await call(t, analyst.headers, 'POST', '/api/v1/indicators', listBody({ value: 'Chúc mừng bạn trúng thưởng iPhone, bấm vào đây', type: 'text', categories: ['scam'] }));
    expect(text.statusCode).toBe(201);
    expect((await rows(t, 'select serial from indicator_changes')).length).toBe(before.length + 2);
  });
});

describe('the staff pages', () => {
  const page = (who: Person, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: who.headers.cookie ?? '' } });
  const post = (who: Person, url: string, csrf: string, fields: Record<string, string | string[]>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: who.headers.cookie ?? '', 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: csrf, ...fields }) });

  it('lists, filters and pages indicators for staff, and refuses others', async () => {
    await list(t, [{ value: 'trang-quan-tri.example.com', categories: ['malware'] }]);
    const response = await page(hueAnalyst, '/admin/indicators?q=quan-tri');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<h1>Danh sách tín nhiệm mạng</h1>');
    expect(html).toContain('>trang-quan-tri.example.com</a>');
    expect(html).toContain('Tên miền');
    expect(html).toContain('<span class="badge badge-danger"><span aria-hidden="true">✖ </span>Nguy hiểm</span>');
    expect(html).toContain('Nhập danh sách');
    expect(html).toContain('Đang hiệu lực');
    expect(html).toContain('href="/admin/indicators/new"');
    expect(html).toContain('value="quan-tri"');
    expect(html).not.toMatch(/style=|<script>/);
    // Fifty a page; the next page follows the cursor and keeps the filters.
    await list(t, Array.from({ length: 51 }, (_, i) => ({ value: `p${String(i).padStart(2, '0')}.nhieu-trang.example.com` })));
    const first = await page(analyst, '/admin/indicators?q=nhieu-trang&verdict=dangerous&type=nonsense');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('>p50.nhieu-trang.example.com</a>');
    expect(first.body).not.toContain('>p00.nhieu-trang.example.com</a>');
    const next = /<a class="button button-secondary" rel="next" href="([^"]+)">/.exec(first.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(next).toMatch(/^\/admin\/indicators\?q=nhieu-trang&verdict=dangerous&after=\d+$/);
    const second = await page(analyst, next);
    expect(second.body).toContain('>p00.nhieu-trang.example.com</a>');
    expect(second.body).not.toContain('>p01.nhieu-trang.example.com</a>');
    expect(second.body).toContain('href="/admin/indicators?q=nhieu-trang&amp;verdict=dangerous">← Về trang đầu</a>');
    expect(second.body).not.toContain('rel="next"');
    expect((await page(platformAdmin, '/admin/indicators')).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/indicators' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Findicators');
    expect((await page(platformAdmin, `/admin/indicators/${await idOf('trang-quan-tri.example.com')}`)).statusCode).toBe(403);
    expect((await page(platformAdmin, '/admin/indicators/new')).statusCode).toBe(403);
  });

  it('shows an indicator with its history and revokes it through the form (CSRF checked)', async () => {
    await list(t, [{ value: 'trang-thu-hoi.example.com' }]);
    const id = await idOf('trang-thu-hoi.example.com');
    const shown = await page(analyst, `/admin/indicators/${id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Mục trang-thu-hoi.example.com');
    expect(shown.body).toContain('<ol class="timeline"><li class="timeline-item">');
    expect(shown.body).toContain('Đưa vào danh sách');
    expect(shown.body).toContain(`action="/admin/indicators/${id}/revoke"`);
    expect(shown.body).toContain('href="/check?value=trang-thu-hoi.example.com&amp;type=domain"');
    const csrf = hiddenCsrf(shown.body) ?? '';
    expect(csrf).not.toBe('');

    expect((await post(analyst, `/admin/indicators/${id}/revoke`, 'forged', { reason: 'Không còn hoạt động.' })).statusCode).toBe(403);
    const tooShort = await post(analyst, `/admin/indicators/${id}/revoke`, csrf, { reason: 'x' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.body).toContain('Cần ít nhất 3 ký tự.');
    expect((await check(t, 'trang-thu-hoi.example.com')).verdict).toBe('dangerous');

    const done = await post(analyst, `/admin/indicators/${id}/revoke`, csrf, { reason: 'Không còn hoạt động.' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/indicators/${id}?done=revoked`);
    expect((await check(t, 'trang-thu-hoi.example.com')).verdict).toBe('unknown');
    const after = await page(analyst, done.headers.location ?? '');
    expect(after.body).toContain('Đã gỡ mục khỏi danh sách.');
    expect(after.body).toContain('<p class="timeline-note">Không còn hoạt động.</p>');
    expect(after.body).not.toContain(`action="/admin/indicators/${id}/revoke"`);
    expect((await page(analyst, '/admin/indicators/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lists a value through the form, showing every problem at once and keeping what was typed', async () => {
    const form = await page(analyst, '/admin/indicators/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<h1>Thêm một giá trị vào danh sách</h1>');
    const csrf = hiddenCsrf(form.body) ?? '';
    const ids = [...form.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);

    const wrong = await post(analyst, '/admin/indicators/new', csrf, { value: 'sai-mau.example.com', confidence: '500', evidenceUrl: 'ftp://x', note: '' });
    expect(wrong.statusCode).toBe(400);
    for (const message of ['Hãy chọn một giá trị.', 'Nhập một số nguyên từ 0 đến 100.', 'Nhập một địa chỉ bắt đầu bằng http:// hoặc https://.', 'Trường này là bắt buộc.']) expect(wrong.body).toContain(message);
    expect(wrong.body).toContain('value="sai-mau.example.com"');

    const unreadable = await post(analyst, '/admin/indicators/new', csrf, { value: 'abc', type: 'phone', verdict: 'dangerous', categories: 'scam', note: 'Có căn cứ.' });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('Không đọc được giá trị này (not a valid phone number).');

    const listed = await post(analyst, '/admin/indicators/new', csrf, { value: '0987 111 222', verdict: 'dangerous', categories: ['scam', 'impersonation'], note: 'Giả danh công an gọi điện.' });
    expect(listed.statusCode).toBe(303);
    expect(listed.headers.location).toMatch(/^\/admin\/indicators\/[0-9a-f-]{36}\?done=listed$/);
    expect((await check(t, '+84987111222')).verdict).toBe('dangerous');
    const shown = await page(analyst, listed.headers.location ?? '');
    expect(shown.body).toContain('Đã đưa giá trị vào danh sách.');
    expect(shown.body).toContain('Lừa đảo, Giả mạo');
    expect(shown.body).toContain('<p class="timeline-note">Giả danh công an gọi điện.</p>');
  });
});
