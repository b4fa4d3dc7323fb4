// The public transparency database: the statement of reasons an actioned request publishes (DSA
// fields, and nothing that names a target or a person), its filters, the per-organisation table
// with numbers from a known scenario, and the daily dumps of a Vietnam day once it has ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENT_COLUMNS } from '../src/modules/takedowns/present.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { rows, type ErrorBody } from './helpers/cases.ts';
import { actioned, anonymous, answer, declined, HOUR, issue, member, send, vn, type Caller, type StatementJson, type TakedownJson } from './helpers/takedown-api.ts';

type Org = { id: string; name: string };
type StatementPage = { items: StatementJson[]; nextCursor: string | null };
type PlatformRow = { orgId: string; name: string; kind: string; requests: number; onTimeShare: number | null; medianHoursToAction: number | null; actioned: number; declined: number };

let t: TestApp;
let analyst: Caller;
let supervisor: Caller;
const T = vn('2026-06-01T09:00:00');
const at = (hours: number) => new Date(T.getTime() + hours * HOUR);

beforeAll(async () => {
  t = await createTestApp({ start: T });
  const authority = await t.org({ kind: 'authority', scope: 'national' });
  analyst = await member(t, authority.id, 'analyst');
  supervisor = await member(t, authority.id, 'supervisor');
});
afterAll(() => t.close());

/** A recipient organisation and its responder. */
async function recipient(kind: 'platform' | 'telecom', name: string): Promise<{ org: Org; responder: Caller }> {
  const org = await t.org({ kind, name });
  return { org, responder: await member(t, org.id, 'responder') };
}

async function statements(query = ''): Promise<{ raw: string; page: StatementPage }> {
  const response = await send(t, anonymous, 'GET', `/api/v1/transparency/statements${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return { raw: response.body, page: response.json<StatementPage>() };
}

const statementCount = async () => (await rows<{ n: number }>(t, 'select count(*)::int as n from transparency_statements'))[0]?.n;

describe('statements of reasons', () => {
  const target = 'https://Lua-Dao-Chim-Lac.example.vn/trung-thuong?ma=0912345678';
  let chimLac: { org: Org; responder: Caller };
  let request: TakedownJson;

  beforeAll(async () => {
    t.clock.set(T);
    chimLac = await recipient('platform', 'Mạng xã hội Chim Lạc');
    request = await issue(t, analyst, chimLac.org.id, {
      targets: [{ value: target }],
      legalBasis: 'Điều 8 Luật An ninh mạng 2018',
      statement: 'Trang giả mạo chương trình trúng thưởng, đòi nộp phí và mã OTP để "nhận quà", giao hàng, lừa đảo.',
    });
    t.clock.set(at(2));
    await answer(t, chimLac.responder, request.id, { outcome: 'actioned', note: `Đã gỡ; liên hệ ${chimLac.responder.email ?? ''}`, proof: 'Nguyễn Văn An đã xác nhận qua điện thoại 0912 345 678' });
  });

  it('publishes an actioned request with the DSA fields, readable by anyone', async () => {
    const { page } = await statements(`?platform=${chimLac.org.id}`);
    expect(page.items).toEqual([
      {
        uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
        platform_name: 'Mạng xã hội Chim Lạc',
        platform_uid: chimLac.org.id,
        decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
        decision_account: null,
        decision_provision: null,
        decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
        illegal_content_legal_ground: 'Điều 8 Luật An ninh mạng 2018',
        illegal_content_explanation: request.statement,
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        content_type: ['CONTENT_TYPE_TEXT'],
        automated_detection: 'No',
        automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
        source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
        territorial_scope: ['VN'],
        application_date: at(2).toISOString(),
        created_at: at(2).toISOString(),
        outcome: 'actioned',
        on_time: true,
        appeal_outcome: null,
      },
    ]);
  });

  it('holds no target value, no email, no name, and not the recipient’s note or proof', async () => {
    const { raw } = await statements();
    const stored = request.targets[0]?.value ?? '';
    expect(stored).toContain('lua-dao-chim-lac.example.vn');
    for (const secret of [target, stored, 'lua-dao-chim-lac', '0912345678', '0912 345 678', 'Nguyễn Văn An', chimLac.responder.email, chimLac.responder.displayName, analyst.email, analyst.displayName, '@']) {
      expect(raw, String(secret)).not.toContain(secret);
    }
  });

  it('maps each action and category to its DSA values, and publishes partial action too', async () => {
    const lam = await recipient('platform', 'Nền tảng video Lam');
    const telecom = await recipient('telecom', 'Nhà mạng Sông Hồng');
    t.clock.set(at(3));
    const suspend = await issue(t, analyst, lam.org.id, { action: 'suspend_account', category: 'privacy', targets: [{ value: 'https://www.tiktok.com/@lo.lot.du.lieu' }], statement: 'Tài khoản đăng dữ liệu cá nhân bị lộ lọt.' });
    const block = await issue(t, analyst, telecom.org.id, { action: 'block_domain', category: 'phishing', targets: [{ value: 'dang-nhap-ngan-hang.example.vn' }], statement: 'Tên miền giả mạo trang đăng nhập ngân hàng.' });
    await answer(t, lam.responder, suspend.id, { ...actioned, outcome: 'partially_actioned' });
    await answer(t, telecom.responder, block.id, actioned);

    const ofLam = (await statements(`?platform=${lam.org.id}`)).page.items;
    expect(ofLam).toEqual([
      expect.objectContaining({ decision_visibility: [], decision_account: 'DECISION_ACCOUNT_SUSPENDED', decision_provision: 'DECISION_PROVISION_TOTAL_SUSPENSION', category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS', content_type: ['CONTENT_TYPE_OTHER'], outcome: 'partially_actioned' }),
    ]);
    const ofTelecom = (await statements(`?platform=${telecom.org.id}`)).page.items;
    expect(ofTelecom).toEqual([expect.objectContaining({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'], decision_account: null, category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', platform_name: 'Nhà mạng Sông Hồng' })]);
  });

  it('publishes nothing for a declined or withdrawn request', async () => {
    const before = await statementCount();
    const cua = await recipient('platform', 'Diễn đàn Cua');
    const refused = await issue(t, analyst, cua.org.id);
    const withdrawn = await issue(t, analyst, cua.org.id);
    await answer(t, cua.responder, refused.id, declined);
    expect((await send(t, supervisor, 'POST', `/api/v1/takedowns/${withdrawn.id}/withdraw`, { reason: 'Đã xử lý theo hướng khác.' })).statusCode).toBe(200);
    expect(await statementCount()).toBe(before);
    expect((await statements(`?platform=${cua.org.id}`)).page.items).toEqual([]);
  });

  it('filters by platform, category and text (wildcards taken literally), pages with a cursor, and refuses a bad filter', async () => {
    const all = (await statements()).page.items;
    expect(all).toHaveLength(3);
    // Newest first.
    expect(all.map((s) => s.created_at)).toEqual([...all.map((s) => s.created_at)].sort().reverse());
    const privacy = await statements('?category=STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS');
    expect(privacy.page.items.map((s) => s.platform_name)).toEqual(['Nền tảng video Lam']);
    const scams = await statements('?category=STATEMENT_CATEGORY_SCAMS_AND_FRAUD');
    expect(scams.page.items.map((s) => s.platform_name).sort()).toEqual(['Mạng xã hội Chim Lạc', 'Nhà mạng Sông Hồng'].sort());
    expect((await statements('?q=otp')).page.items.map((s) => s.platform_name)).toEqual(['Mạng xã hội Chim Lạc']);
    expect((await statements(`?q=${encodeURIComponent('Sông Hồng')}`)).page.items.map((s) => s.platform_name)).toEqual(['Nhà mạng Sông Hồng']);
    expect((await statements(`?q=${encodeURIComponent('%')}`)).page.items).toEqual([]);
    expect((await statements(`?q=${encodeURIComponent('_')}`)).page.items).toEqual([]);
    expect((await statements('?from=2026-06-01&to=2026-06-01')).page.items).toHaveLength(3);
    expect((await statements('?from=2026-06-02')).page.items).toEqual([]);

    const first = await statements('?limit=2');
    expect(first.page.items).toHaveLength(2);
    const second = await statements(`?limit=2&cursor=${encodeURIComponent(first.page.nextCursor ?? '')}`);
    expect(second.page.nextCursor).toBeNull();
    expect([...first.page.items, ...second.page.items].map((s) => s.uuid)).toEqual(all.map((s) => s.uuid));

    for (const query of ['?category=scam', '?platform=chim-lac', '?from=2026-02-31', '?cursor=garbage']) {
      const refused = await send(t, anonymous, 'GET', `/api/v1/transparency/statements${query}`);
      expect([refused.statusCode, refused.json<ErrorBody>().error.code], query).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});

describe('the per-organisation table', () => {
  it('counts requests, the share answered on time, median hours to action and declines, without withdrawn ones', async () => {
    const hac = await recipient('platform', 'Mạng xã hội Hạc');
    t.clock.set(T);
    const [onTime, late, refused, withdrawn, unanswered] = [
      await issue(t, analyst, hac.org.id),
      await issue(t, analyst, hac.org.id),
      await issue(t, analyst, hac.org.id),
      await issue(t, analyst, hac.org.id),
      await issue(t, analyst, hac.org.id),
    ];
    t.clock.set(at(1));
    expect((await send(t, supervisor, 'POST', `/api/v1/takedowns/${withdrawn.id}/withdraw`, { reason: 'Trùng yêu cầu khác.' })).statusCode).toBe(200);
    t.clock.set(at(2));
    await answer(t, hac.responder, onTime.id, actioned);
    t.clock.set(at(5));
    await answer(t, hac.responder, refused.id, declined);
    t.clock.set(at(30));
    await answer(t, hac.responder, late.id, actioned);
    expect(unanswered.dueAt).toBe(at(24).toISOString());

    const table = await send(t, anonymous, 'GET', '/api/v1/transparency/platforms');
    expect(table.statusCode).toBe(200);
    // On time: the 2 h action and the 5 h decline; late: the 30 h action and the request still open past its deadline.
    expect(table.json<{ items: PlatformRow[] }>().items.find((row) => row.orgId === hac.org.id)).toEqual({
      orgId: hac.org.id,
      name: 'Mạng xã hội Hạc',
      kind: 'platform',
      requests: 4,
      onTimeShare: 0.5,
      medianHoursToAction: 16,
      actioned: 2,
      declined: 1,
      appealed: 0,
      restored: 0,
    });
    const own = await send(t, hac.responder, 'GET', '/api/v1/takedowns/figures');
    expect(own.json()).toEqual({ requests: 4, answered: 3, onTime: 2, late: 2, actioned: 2, declined: 1, open: 1, overdue: 1, onTimeShare: 0.5, medianHoursToAction: 16 });

    const statementsOfHac = (await statements(`?platform=${hac.org.id}`)).page.items;
    expect(statementsOfHac.map((s) => [s.application_date, s.on_time])).toEqual([
      [at(30).toISOString(), false],
      [at(2).toISOString(), true],
    ]);
  });
});

describe('daily dumps', () => {
  const DAY = '2026-06-01';
  const NEXT = '2026-06-02';
  let lastOfDay: string;
  let firstOfNext: string;

  /** The ids of the statements published in a Vietnam day, oldest first, as stored. */
  async function publishedOn(day: string): Promise<string[]> {
    const start = vn(`${day}T00:00:00`);
    const found = await rows<{ id: string }>(t, "select id from transparency_statements where published_at >= $1 and published_at < $1::timestamptz + interval '1 day' order by published_at, id", [start.toISOString()]);
    return found.map((row) => row.id);
  }

  beforeAll(async () => {
    const dem = await recipient('platform', 'Diễn đàn "Đêm", Khuya');
    t.clock.set(vn(`${DAY}T23:00:00`));
    const late = await issue(t, analyst, dem.org.id, { statement: 'Bài đăng lừa đảo, với dấu phẩy, "ngoặc kép"\nvà xuống dòng.' });
    const later = await issue(t, analyst, dem.org.id);
    // Answered in the last millisecond of the day, and in the first of the next.
    t.clock.set(new Date(vn(`${NEXT}T00:00:00`).getTime() - 1));
    await answer(t, dem.responder, late.id, actioned);
    t.clock.set(vn(`${NEXT}T00:00:00`));
    await answer(t, dem.responder, later.id, actioned);
    const ids = await rows<{ id: string; request_id: string }>(t, 'select id, request_id from transparency_statements where request_id = any($1::uuid[])', [[late.id, later.id]]);
    lastOfDay = ids.find((row) => row.request_id === late.id)?.id ?? '';
    firstOfNext = ids.find((row) => row.request_id === later.id)?.id ?? '';
  });

  it('serves a day that has ended as CSV, one row per statement published that Vietnam day', async () => {
    t.clock.set(vn(`${NEXT}T16:00:00`));
    const expected = await publishedOn(DAY);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(expected).toContain(lastOfDay);
    expect(expected).not.toContain(firstOfNext);

    const csv = await send(t, anonymous, 'GET', `/transparency/dumps/statements-${DAY}.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="statements-${DAY}.csv"`);
    const [header, ...records] = parseCsv(csv.body);
    expect(header).toEqual([...STATEMENT_COLUMNS]);
    expect(csv.body.split('\n')[0]).toBe(STATEMENT_COLUMNS.join(','));
    expect(records.map((record) => record[0])).toEqual(expected);
    expect(records.every((record) => record.length === STATEMENT_COLUMNS.length)).toBe(true);
    const quoted = records.find((record) => record[0] === lastOfDay);
    expect(quoted?.[STATEMENT_COLUMNS.indexOf('platform_name')]).toBe('Diễn đàn "Đêm", Khuya');
    expect(quoted?.[STATEMENT_COLUMNS.indexOf('illegal_content_explanation')]).toBe('Bài đăng lừa đảo, với dấu phẩy, "ngoặc kép"\nvà xuống dòng.');
    expect(quoted?.[STATEMENT_COLUMNS.indexOf('territorial_scope')]).toBe('VN');
  });

  it('serves the same day as a JSON array of the statements the API shows', async () => {
    const expected = await publishedOn(DAY);
    const dump = await send(t, anonymous, 'GET', `/transparency/dumps/statements-${DAY}.json`);
    expect(dump.statusCode).toBe(200);
    expect(dump.headers['content-type']).toBe('application/json; charset=utf-8');
    const parsed = JSON.parse(dump.body) as StatementJson[];
    expect(parsed.map((s) => s.uuid)).toEqual(expected);
    const { page } = await statements('?limit=100');
    for (const statement of parsed) expect(statement).toEqual(page.items.find((s) => s.uuid === statement.uuid));
  });

  it('has no dump for a day still under way, one that has not come, or a date that does not exist', async () => {
    const now = vn(`${NEXT}T16:00:00`);
    t.clock.set(now);
    for (const file of [`statements-${NEXT}.csv`, `statements-${NEXT}.json`, 'statements-2026-06-03.csv', 'statements-2026-02-31.csv', 'statements-2026-13-01.json']) {
      const response = await send(t, anonymous, 'GET', `/transparency/dumps/${file}`);
      expect([response.statusCode, response.json<ErrorBody>().error.code], file).toEqual([404, 'NOT_FOUND']);
    }
    expect((await send(t, anonymous, 'GET', '/transparency/dumps/statements-2026-6-1.csv')).statusCode).toBe(400);
    // The day ends at Vietnam midnight: a millisecond before, still 404; at it, the dump.
    t.clock.set(new Date(vn('2026-06-03T00:00:00').getTime() - 1));
    expect((await send(t, anonymous, 'GET', `/transparency/dumps/statements-${NEXT}.json`)).statusCode).toBe(404);
    t.clock.set(vn('2026-06-03T00:00:00'));
    const next = await send(t, anonymous, 'GET', `/transparency/dumps/statements-${NEXT}.json`);
    expect(next.statusCode).toBe(200);
    expect((JSON.parse(next.body) as StatementJson[]).map((s) => s.uuid)).toEqual(await publishedOn(NEXT));
    expect(await publishedOn(NEXT)).toContain(firstOfNext);
  });
});

/** RFC 4180 records (quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
