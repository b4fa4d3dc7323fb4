// Complaints routed to platforms: a report about content on a registered platform reaches that
// platform as a user complaint on the 48-hour rule, with the reporter's contact only when the
// reporter agreed; the platform's answer reaches the reporter's tracking page and the
// transparency database (without the reporter's words).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { postReport, buildReport } from './helpers/reports.ts';

type RequestJson = { id: string; kind: string; action: string; status: string; issuedAt: string; dueAt: string; complaintText: string | null; caseId: string | null; deadlineRule: { key: string } };

let t: TestApp;
let platform: { id: string; name: string };
let platformHeaders: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-10-05T01:00:00Z') });
  platform = await t.org({ kind: 'platform', name: 'Mạng xã hội Ví dụ' });
  const admin = await t.user(platform.id, 'org_admin');
  platformHeaders = (await t.session(admin.id)).headers;
  const registered = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${platform.id}/domains`, headers: platformHeaders, payload: { domain: 'mxh-vidu.vn' } });
  expect(registered.statusCode, registered.body).toBe(201);
});
afterAll(async () => t.close());

async function report(body: object): Promise<{ ticket: string }> {
  const response = await postReport(t, body);
  expect(response.statusCode, response.body).toBe(201);
  await t.groupReports();
  return json<{ ticket: string }>(response);
}

async function inbox(): Promise<RequestJson[]> {
  const response = await t.app.inject({ url: '/api/v1/takedowns/inbox', headers: platformHeaders });
  expect(response.statusCode).toBe(200);
  return json<{ items: RequestJson[] }>(response).items;
}

describe('complaint routing', () => {
  it('sends a report about a registered platform’s content to it, due 48 h after the report, with the contact the reporter agreed to share', async () => {
    const description = 'Trang này giả danh ngân hàng và xin mã OTP của tôi.';
    await report(buildReport({ targets: [{ value: 'https://m.mxh-vidu.vn/fake.bank.page' }], description, contact: 'nguoi.dan@example.vn', shareContact: true }));
    const [complaint] = await inbox();
    expect(complaint).toMatchObject({ kind: 'user_complaint', action: 'remove_content', complaintText: description, deadlineRule: { key: 'takedown.user_complaint' } });
    expect(new Date(complaint?.dueAt ?? '').getTime() - new Date(complaint?.issuedAt ?? '').getTime()).toBe(48 * 3_600_000);
    const detail = await t.app.inject({ url: `/api/v1/takedowns/${complaint?.id}`, headers: platformHeaders });
    expect(json<{ complainantContact: string | null }>(detail).complainantContact).toBe('nguoi.dan@example.vn');
    // The national centre follows complaints; it is not the platform, so it never gets the contact.
    const national = await t.app.inject({ url: `/api/v1/takedowns/${complaint?.id}`, headers: await t.adminHeaders() });
    expect(national.statusCode).toBe(200);
    expect(national.body).not.toContain('nguoi.dan@example.vn');
  });

  it('keeps the contact from the platform unless the reporter agreed, and opens one complaint per case', async () => {
    const target = 'https://mxh-vidu.vn/another.scam';
    await report(buildReport({ targets: [{ value: target }], contact: 'kin.dao@example.vn' }));
    await report(buildReport({ targets: [{ value: target }], contact: 'nguoi.khac@example.vn', shareContact: true }));
    const complaints = (await inbox()).filter((r) => r.complaintText !== null && r.kind === 'user_complaint');
    const forTarget = [];
    for (const c of complaints) {
      const body = (await t.app.inject({ url: `/api/v1/takedowns/${c.id}`, headers: platformHeaders })).body;
      if (body.includes('another.scam')) forTarget.push(body);
    }
    expect(forTarget).toHaveLength(1);
    expect(forTarget[0]).not.toContain('kin.dao@example.vn');
    expect(JSON.parse(forTarget[0] ?? '{}')).toMatchObject({ complainantContact: null });
  });

  it('routes nothing for content on hosts no platform registered', async () => {
    const before = (await inbox()).length;
    await report(buildReport({ targets: [{ value: 'https://chua-dang-ky.vn/page' }] }));
    expect(await inbox()).toHaveLength(before);
  });

  it('shows the platform’s answer on the reporter’s tracking page and publishes a statement without the reporter’s words', async () => {
    const description = 'Tài khoản này lừa tiền đặt cọc, tôi đã mất 5 triệu đồng.';
    const { ticket } = await report(buildReport({ targets: [{ value: 'https://mxh-vidu.vn/deposit.scam' }], description }));
    const complaint = (await inbox()).find((r) => r.complaintText === description);
    if (complaint === undefined) throw new Error('no complaint');
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${complaint.id}/response`,
      headers: platformHeaders,
      payload: { outcome: 'actioned', note: 'Đã gỡ trang', proof: 'https://mxh-vidu.vn/deposit.scam trả về 404' },
    });
    expect(answered.statusCode, answered.body).toBe(200);

    const tracking = json<{ history: { kind: string; label: string; note: string | null }[] }>(await t.app.inject({ url: `/api/v1/reports/${ticket}` }));
    expect(tracking.history).toContainEqual(expect.objectContaining({ kind: 'action_taken', note: 'Mạng xã hội Ví dụ: Gỡ bỏ nội dung / Remove content' }));
    const page = await t.app.inject({ url: `/track/${ticket}` });
    expect(page.body).toContain('Mạng xã hội Ví dụ: Gỡ bỏ nội dung');

    const statements = await t.app.inject({ url: `/api/v1/transparency/statements?platform=${platform.id}` });
    const items = json<{ items: { source_type: string; illegal_content_explanation: string }[] }>(statements).items;
    const statement = items.find((i) => i.source_type === 'SOURCE_ARTICLE_16');
    expect(statement?.illegal_content_explanation).toBe('Người dùng phản ánh nội dung này: Lừa đảo. / A user reported this content: Scam or fraud.');
    expect(statements.body).not.toContain('5 triệu');
    expect(statements.body).not.toContain('deposit.scam');
  });

  it('leaves complaints to the national centre: a provincial authority does not see them', async () => {
    const province = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
    const analyst = await t.user(province.id, 'analyst');
    const listed = await t.app.inject({ url: '/api/v1/takedowns', headers: (await t.session(analyst.id)).headers });
    expect(listed.statusCode).toBe(200);
    expect(json<{ items: RequestJson[] }>(listed).items.filter((r) => r.kind === 'user_complaint')).toEqual([]);
    const national = json<{ items: RequestJson[] }>(await t.app.inject({ url: '/api/v1/takedowns', headers: await t.adminHeaders() }));
    expect(national.items.filter((r) => r.kind === 'user_complaint').length).toBeGreaterThanOrEqual(3);
  });
});
