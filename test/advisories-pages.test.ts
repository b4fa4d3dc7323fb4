// The advisory pages as a browser without JavaScript uses them: the public list and page in both
// languages, organisation-audience pages only for their members, the staff list, the form (new and
// edit, with its problems at their fields), and the review forms (submit, return with a note,
// approve, archive), all behind the staff guard and CSRF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { FORM_CONTENT_TYPE, formBody, type FormFields } from './helpers/form-posts.ts';
import { call, person, published, rows, type Advisory, type Person } from './advisories-helpers.ts';

let t: TestApp;
let analyst: Person;
let supervisor: Person;
let otherSupervisor: Person;
let telecomMember: Person;
let platformMember: Person;
let telecom: { id: string };

const page = (who: Person | null, url: string) => t.app.inject({ method: 'GET', url, headers: who === null ? {} : { cookie: who.cookie } });
const post = (who: Person, url: string, fields: FormFields, csrf = who.csrf) => t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: csrf, ...fields }) });
const statusOf = async (id: string) => (await rows<{ status: string }>(t, 'select status from advisories where id = $1', [id]))[0]?.status;

function expectCleanPage(html: string): void {
  expect(html).not.toMatch(/\sstyle=|<style|<script(?![^>]*\ssrc=)/i);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
}

const FORM: FormFields = {
  titleVi: 'Cảnh báo ứng dụng giả mạo cơ quan thuế',
  titleEn: 'Fake tax authority app',
  bodyVi: '# Thủ đoạn\r\n\r\nKẻ gian gọi điện, yêu cầu cài **ứng dụng** giả.',
  bodyEn: '# How it works\r\n\r\nCriminals call and ask you to install a fake **app**.',
  severity: 'high',
  categories: ['malware', 'impersonation'],
  audience: 'public',
  audienceOrgKind: 'bank',
  audienceOrgId: '',
  indicatorIds: '',
  caseIds: '',
  campaignRefs: 'Chiến dịch 2026',
};

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  telecom = await t.org({ kind: 'telecom' });
  const platform = await t.org({ kind: 'platform' });
  analyst = await person(t, national.id, 'analyst');
  supervisor = await person(t, national.id, 'supervisor');
  otherSupervisor = await person(t, national.id, 'supervisor');
  telecomMember = await person(t, telecom.id, 'responder');
  platformMember = await person(t, platform.id, 'responder');
});
afterAll(async () => {
  await t.close();
});

describe('public pages', () => {
  let open: Advisory;
  let forTelecoms: Advisory;
  beforeAll(async () => {
    open = await published(t, analyst, supervisor, { title: { vi: 'Cảnh báo lừa đảo đầu tư tiền ảo', en: 'Crypto investment scam warning' } });
    forTelecoms = await published(t, analyst, supervisor, { title: { vi: 'Cảnh báo riêng cho nhà mạng', en: 'For telecoms only' }, audience: 'org_kind', audienceOrgKind: 'telecom' });
  });

  it('list the published public advisories in Vietnamese, and in English with ?lang=en', async () => {
    const vi = await page(null, '/advisories');
    expect(vi.statusCode).toBe(200);
    expectCleanPage(vi.body);
    expect(vi.body).toContain('Cảnh báo lừa đảo đầu tư tiền ảo');
    expect(vi.body).not.toContain('Cảnh báo riêng cho nhà mạng');
    expect(vi.body).toContain('href="/feeds/advisories.atom"');
    const en = await page(null, '/advisories?lang=en&severity=high&category=scam');
    expect(en.body).toContain('Crypto investment scam warning');
    expect(en.body).toContain('Severity: High');
    expect((await page(null, '/advisories?severity=low')).body).not.toContain('Cảnh báo lừa đảo đầu tư tiền ảo');
  });

  it('show one advisory by reference, number or id, in the page’s language', async () => {
    for (const ref of [open.reference, String(open.number), open.id]) expect((await page(null, `/advisories/${ref}`)).statusCode, ref).toBe(200);
    const en = await page(null, `/advisories/${open.reference}?lang=en`);
    expectCleanPage(en.body);
    expect(en.body).toContain('<h1>Crypto investment scam warning</h1>');
    expect(en.body).toContain('<strong>messages</strong>');
    expect((await page(null, '/advisories/CB-999999')).statusCode).toBe(404);
  });

  it('show an organisation-kind advisory to members of that kind only, logged in', async () => {
    expect((await page(null, `/advisories/${forTelecoms.reference}`)).statusCode).toBe(404);
    expect((await page(platformMember, `/advisories/${forTelecoms.reference}`)).statusCode).toBe(404);
    const member = await page(telecomMember, `/advisories/${forTelecoms.reference}`);
    expect(member.statusCode).toBe(200);
    expect(member.body).toContain('Dành riêng cho tổ chức của bạn');
    expect((await page(telecomMember, '/advisories')).body).toContain('Cảnh báo riêng cho nhà mạng');
  });
});

describe('staff pages', () => {
  it('are behind the login and the advisory permission', async () => {
    const anonymous = await page(null, '/advisories/manage');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
    expect((await page(platformMember, '/advisories/manage')).statusCode).toBe(403);
    expect((await page(platformMember, '/advisories/new')).statusCode).toBe(403);
    expect((await post(platformMember, '/advisories/new', FORM)).statusCode).toBe(403);
  });

  it('take a whole advisory from the form to publication and the archive', async () => {
    const created = await post(analyst, '/advisories/new', FORM);
    expect(created.statusCode, created.body).toBe(303);
    const id = /\/advisories\/manage\/([0-9a-f-]{36})\?done=created$/.exec(created.headers.location as string)?.[1] ?? '';
    const [stored] = await rows<{ body_vi: string; audience_org_kind: string | null; campaign_refs: string[] }>(t, 'select body_vi, audience_org_kind, campaign_refs from advisories where id = $1', [id]);
    // CRLF from the browser stored as LF; the kind chosen with another audience is not kept.
    expect(stored).toEqual({ body_vi: '# Thủ đoạn\n\nKẻ gian gọi điện, yêu cầu cài **ứng dụng** giả.', audience_org_kind: null, campaign_refs: ['Chiến dịch 2026'] });

    const detail = await page(analyst, `/advisories/manage/${id}?done=created`);
    expect(detail.statusCode).toBe(200);
    expectCleanPage(detail.body);
    expect(detail.body).toContain('Đã lưu bản nháp.');
    expect(detail.body).toContain('<h3>Thủ đoạn</h3>');
    expect(detail.body).toContain(`action="/advisories/manage/${id}/submit"`);

    const editForm = await page(analyst, `/advisories/manage/${id}/edit`);
    expect(editForm.statusCode).toBe(200);
    expect(editForm.body).toContain('value="Cảnh báo ứng dụng giả mạo cơ quan thuế"');
    expect((await post(analyst, `/advisories/manage/${id}/edit`, { ...FORM, severity: 'critical' })).statusCode).toBe(303);

    expect((await post(analyst, `/advisories/manage/${id}/submit`, {}, 'forged')).statusCode).toBe(403);
    expect((await post(analyst, `/advisories/manage/${id}/submit`, {})).headers.location).toBe(`/advisories/manage/${id}?done=submitted`);
    expect(await statusOf(id)).toBe('in_review');

    const review = await page(supervisor, `/advisories/manage/${id}`);
    expect(review.body).toContain(`action="/advisories/manage/${id}/approve"`);
    expect(review.body).toContain(`action="/advisories/manage/${id}/return"`);
    const emptyNote = await post(supervisor, `/advisories/manage/${id}/return`, { note: ' ' });
    expect(emptyNote.statusCode).toBe(400);
    expect(emptyNote.body).toContain('Cần từ 3 đến 2000 ký tự.');
    expect((await post(supervisor, `/advisories/manage/${id}/return`, { note: 'Bổ sung số điện thoại kẻ gian dùng.' })).statusCode).toBe(303);
    const returned = await page(analyst, `/advisories/manage/${id}`);
    expect(returned.body).toContain('Người duyệt đã trả lại cảnh báo để sửa: Bổ sung số điện thoại kẻ gian dùng.');

    await post(analyst, `/advisories/manage/${id}/submit`, {});
    expect((await post(otherSupervisor, `/advisories/manage/${id}/approve`, {})).headers.location).toBe(`/advisories/manage/${id}?done=published`);
    expect(await statusOf(id)).toBe('published');
    expect((await page(null, '/advisories')).body).toContain('Cảnh báo ứng dụng giả mạo cơ quan thuế');
    const again = await post(otherSupervisor, `/advisories/manage/${id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Cảnh báo đã chuyển sang trạng thái khác');
    expect((await post(supervisor, `/advisories/manage/${id}/archive`, {})).statusCode).toBe(303);
    expect((await page(null, '/advisories')).body).not.toContain('Cảnh báo ứng dụng giả mạo cơ quan thuế');
  });

  it('tell the author they cannot approve their own advisory', async () => {
    const created = await post(supervisor, '/advisories/new', FORM);
    const id = (created.headers.location as string).split('/')[3]?.split('?')[0] ?? '';
    await post(supervisor, `/advisories/manage/${id}/submit`, {});
    const own = await page(supervisor, `/advisories/manage/${id}?lang=en`);
    expect(own.body).toContain('You wrote this advisory: another supervisor must approve it.');
    expect(own.body).not.toContain(`action="/advisories/manage/${id}/approve"`);
    const forced = await post(supervisor, `/advisories/manage/${id}/approve`, {});
    expect(forced.statusCode).toBe(403);
    expect(await statusOf(id)).toBe('in_review');
  });

  it('show the form again with each problem at its field', async () => {
    const response = await post(analyst, '/advisories/new', { ...FORM, titleEn: 'x', categories: [], audience: 'org', audienceOrgId: '', indicatorIds: 'not-an-id' });
    expect(response.statusCode).toBe(400);
    expectCleanPage(response.body);
    expect(response.body).toContain('href="#field-titleEn"');
    expect(response.body).toContain('Hãy chọn từ 1 đến 12 loại vi phạm.');
    expect(response.body).toContain('Hãy chọn một tổ chức đang hoạt động.');
    expect(response.body).toContain('Dòng 1: không phải là mã hợp lệ');
    expect(response.body).toContain('value="Cảnh báo ứng dụng giả mạo cơ quan thuế"');
  });

  it('list the authority’s advisories by status', async () => {
    const list = await page(analyst, '/advisories/manage?status=archived');
    expect(list.statusCode).toBe(200);
    expectCleanPage(list.body);
    expect(list.body).toContain('Cảnh báo ứng dụng giả mạo cơ quan thuế');
    expect((await page(analyst, '/advisories/manage?status=draft')).body).not.toContain('Cảnh báo ứng dụng giả mạo cơ quan thuế');
    expect((await call(t, analyst, 'GET', '/api/v1/advisories/manage?status=archived')).json<{ items: Advisory[] }>().items).toHaveLength(1);
  });
});
