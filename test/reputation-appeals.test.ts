// Appeals and delisting over the API: filing (checks, not listed, evidence), tracking without
// personal data, the staff decision (grant delists every source at the next serial, in this
// process's index and in another's; refuse keeps it), 409 on a second decision, who may decide,
// the emails to the appellant, and reinstatement by a later verified case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveIndex } from '../src/modules/reputation/index.ts';
import { parseTarget } from '../src/modules/targets/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { call, person, rows, type ErrorBody, type Person } from './helpers/cases.ts';
import { countRows, multipartReport, tinyPng, windowsExecutable } from './helpers/reports.ts';
import { check, historyOf, list, verifiedCase } from './helpers/reputation.ts';
import { startSmtpServer, type ReceivedMail, type SmtpTestServer } from './helpers/smtp.ts';

type Created = { id: string; ticket: string; status: string; trackUrl: string };
type Tracking = { ticket: string; status: string; statusLabel: string; nextStep: string; type: string; value: string; ground: string; evidenceCount: number; decision: { reason: string; decidedAt: string } | null };
type Detail = {
  id: string;
  status: string;
  value: string;
  appellantName: string;
  hasContact: boolean;
  decision: { status: string; reason: string; decidedByName: string | null } | null;
  evidence: { id: string; contentType: string; url: string }[];
  listings: { id: string; source: string; sourceKey: string; status: string; history: { action: string; note: string | null }[] }[];
};

let t: TestApp;
let smtp: SmtpTestServer;
let analyst: Person;
let provincialAnalyst: Person;
let platformAdmin: Person;
let nationalId: string;
const TICKET = /^KN-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
/** Every response body and email of this file, to show the contacts never appear in any. */
const seen: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ worker: true, start: new Date('2026-04-01T02:00:00Z'), config: { smtp: { url: smtp.url, from: 'An toàn <no-reply@antoan.test>' } } });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  nationalId = national.id;
  analyst = await person(t, national.id, 'analyst');
  provincialAnalyst = await person(t, (await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' })).id, 'analyst');
  platformAdmin = await person(t, (await t.org({ kind: 'platform' })).id, 'org_admin');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const unique = () => Math.random().toString(36).slice(2, 8);
let contacts = 0;
const newContact = () => `chu.so.huu.${++contacts}.${unique()}@example.vn`;

function appealBody(value: string, overrides: Record<string, unknown> = {}) {
  return { value, ground: 'new_owner', statement: 'Tôi đã mua lại tên miền này vào tháng 3/2026; chủ cũ đã dùng nó để lừa đảo.', appellantName: 'Công ty TNHH Chủ Mới', contact: newContact(), ...overrides };
}

async function api(headers: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await call(t, headers, method, url, payload);
  seen.push(response.body);
  return response;
}

async function fileAppeal(value: string, overrides: Record<string, unknown> = {}) {
  // A second apart, so that "oldest first" has something to order.
  t.clock.advance(1000);
  const response = await api({}, 'POST', '/api/v1/appeals', appealBody(value, overrides));
  if (response.statusCode !== 201) throw new Error(`appeal refused: ${response.statusCode} ${response.body}`);
  return response.json<Created>();
}

const decide = (who: Person, id: string, decision: string, reason: string) => api(who.headers, 'POST', `/api/v1/appeals/by-id/${id}/decision`, { decision, reason });

/** The messages to one address, once `count` have arrived (jobs run every half second). */
async function mailsTo(address: string, count: number, timeoutMs = 15_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.messages.filter((m) => m.to.includes(address));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} emails to an appellant, got ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('filing an appeal', () => {
  it('accepts an appeal about a listed value, normalised, and answers with a KN- ticket', async () => {
    await list(t, [{ value: 'chu-moi.example.com' }]);
    const contact = newContact();
    const response = await api({}, 'POST', '/api/v1/appeals', appealBody(' CHU-MOI.Example.COM. ', { type: 'domain', contact }));
    expect(response.statusCode).toBe(201);
    const created = response.json<Created>();
    expect(created.ticket).toMatch(TICKET);
    expect(created.status).toBe('received');
    expect(created.trackUrl).toBe(`${t.config.publicUrl}/appeal/${created.ticket}`);
    const [row] = await rows<{ type: string; value: string; status: string; contact_ciphertext: string; locale: string }>(t, 'select * from indicator_appeals where id = $1', [created.id]);
    expect(row).toMatchObject({ type: 'domain', value: 'chu-moi.example.com', status: 'received', locale: 'vi' });
    // Encrypted at rest, and only the box opens it.
    expect(row?.contact_ciphertext).not.toContain(contact);
    expect(t.box.decrypt(row?.contact_ciphertext ?? '')).toBe(contact);
  });

  it('refuses a value that is not listed with 422, storing nothing', async () => {
    const before = await countRows(t.database, 'indicator_appeals');
    const response = await api({}, 'POST', '/api/v1/appeals', appealBody('khong-bi-liet-ke.example.com'));
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error).toMatchObject({ code: 'NOT_LISTED', details: [{ field: 'value', message: 'not listed: nothing to appeal' }] });
    // Listed once, revoked since: nothing to appeal either.
    await list(t, [{ value: 'da-go.example.com' }]);
    const [listed] = await rows<{ id: string }>(t, "select id from indicators where value = 'da-go.example.com'");
    const { revokeIndicators } = await import('../src/modules/reputation/listings.ts');
    await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), [listed?.id ?? ''], 'staff correction'));
    expect((await api({}, 'POST', '/api/v1/appeals', appealBody('da-go.example.com'))).statusCode).toBe(422);
    expect(await countRows(t.database, 'indicator_appeals')).toBe(before);
  });

  it('lists every problem of a bad appeal at once', async () => {
    await list(t, [{ value: 'sai-du-lieu.example.com' }]);
    const response = await api({}, 'POST', '/api/v1/appeals', appealBody('sai-du-lieu.example.com', { statement: '   ', appellantName: ' ', contact: 'khong-phai-email' }));
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['appellantName', 'contact', 'statement']);
    const badValue = await api({}, 'POST', '/api/v1/appeals', appealBody('http://', { type: 'url' }));
    expect(badValue.statusCode).toBe(400);
    expect(badValue.json<ErrorBody>().error).toMatchObject({ code: 'TARGET_INVALID', details: [{ field: 'value' }] });
    // The schema: a ground that does not exist, a statement too long, an unknown field, a missing contact.
    expect((await api({}, 'POST', '/api/v1/appeals', appealBody('sai-du-lieu.example.com', { ground: 'because' }))).statusCode).toBe(400);
    expect((await api({}, 'POST', '/api/v1/appeals', appealBody('sai-du-lieu.example.com', { statement: 'x'.repeat(5001) }))).statusCode).toBe(400);
    expect((await api({}, 'POST', '/api/v1/appeals', appealBody('sai-du-lieu.example.com', { appellantName: 'x'.repeat(201) }))).statusCode).toBe(400);
    expect((await api({}, 'POST', '/api/v1/appeals', { ...appealBody('sai-du-lieu.example.com'), role: 'admin' })).json<ErrorBody>().error.code).toBe('UNKNOWN_FIELD');
    const { contact: _contact, ...withoutContact } = appealBody('sai-du-lieu.example.com');
    expect((await api({}, 'POST', '/api/v1/appeals', withoutContact)).statusCode).toBe(400);
  });

  it('takes evidence as multipart (images and PDFs, checked by content); a renamed executable is refused with 415', async () => {
    await list(t, [{ value: '0912 345 678', type: 'phone' }]);
    const before = await countRows(t.database, 'appeal_evidence');
    const appealField = (body: object) => {
      const form = new FormData();
      form.append('appeal', JSON.stringify(body));
      return form;
    };
    // multipartReport names its JSON field `report`; appeals use `appeal`.
    const send = async (body: object, files: { name: string; bytes: Uint8Array; field?: string }[]) => {
      const form = appealField(body);
      for (const file of files) form.append(file.field ?? 'evidence', new Blob([file.bytes]), file.name);
      const encoded = new Response(form);
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/appeals', headers: { 'content-type': encoded.headers.get('content-type') ?? '' }, payload: Buffer.from(await encoded.arrayBuffer()) });
      seen.push(response.body);
      return response;
    };
    const accepted = await send(appealBody('+84912345678', { ground: 'recycled_number' }), [{ name: 'hop-dong.png', bytes: tinyPng('GPS 21.0,105.8') }]);
    expect(accepted.statusCode).toBe(201);
    const [stored] = await rows<{ content_type: string; file_name: string }>(t, 'select e.content_type, e.file_name from appeal_evidence e join indicator_appeals a on a.id = e.appeal_id where a.id = $1', [accepted.json<Created>().id]);
    expect(stored).toEqual({ content_type: 'image/png', file_name: 'hop-dong.png' });

    const exe = await send(appealBody('0912345678'), [{ name: 'giay-to.png', bytes: windowsExecutable() }]);
    expect(exe.statusCode).toBe(415);
    expect(exe.json<ErrorBody>().error.code).toBe('EVIDENCE_TYPE_NOT_ALLOWED');
    const wrongField = await send(appealBody('0912345678'), [{ name: 'a.png', bytes: tinyPng(), field: 'attachment' }]);
    expect(wrongField.statusCode).toBe(400);
    const tooMany = await send(appealBody('0912345678'), Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: tinyPng() })));
    expect(tooMany.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/appeals', ...(await multipartReport(appealBody('0912345678'), [])) })).statusCode).toBe(400);
    expect(await countRows(t.database, 'appeal_evidence')).toBe(before + 1);
  });

  it('emails a receipt with the ticket and the tracking link, in the appeal’s language', async () => {
    await list(t, [{ value: 'bien-lai.example.com' }]);
    const contact = newContact();
    const created = await fileAppeal('bien-lai.example.com', { contact, locale: 'en', appellantName: 'Nguyen Van A' });
    const [receipt] = await mailsTo(contact, 1);
    seen.push(receipt?.raw ?? '');
    expect(receipt?.subject).toBe(`Appeal ${created.ticket}: received`);
    expect(receipt?.text).toContain('Hello Nguyen Van A,');
    expect(receipt?.text).toContain('We received your request to delist: bien-lai.example.com');
    expect(receipt?.text).toContain(`${t.config.publicUrl}/appeal/${created.ticket}`);
  });
});

describe('tracking an appeal', () => {
  it('shows the status in plain words with what happens next, and no personal data', async () => {
    await list(t, [{ value: 'theo-doi.example.com' }]);
    const contact = newContact();
    const created = await fileAppeal('theo-doi.example.com', { contact, appellantName: 'Trần Thị Bí Mật' });
    const response = await api({}, 'GET', `/api/v1/appeals/${created.ticket}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const view = response.json<Tracking>();
    expect(view).toMatchObject({ ticket: created.ticket, status: 'received', statusLabel: 'Đã tiếp nhận', type: 'domain', value: 'theo-doi.example.com', ground: 'new_owner', evidenceCount: 0, decision: null });
    expect(view.nextStep).toMatch(/vẫn nằm trong danh sách/);
    expect(response.body).not.toContain(contact);
    expect(response.body).not.toContain('Bí Mật');
    const english = await api({}, 'GET', `/api/v1/appeals/${created.ticket.toLowerCase().replace(/-/g, ' ')}?lang=en`);
    expect(english.json<Tracking>()).toMatchObject({ statusLabel: 'Received' });
    expect((await api({}, 'GET', '/api/v1/appeals/KN-0000-0000-0000-0000')).statusCode).toBe(404);
    expect((await api({}, 'GET', '/api/v1/appeals/not-a-ticket')).statusCode).toBe(404);
  });
});

describe('deciding an appeal', () => {
  it('granting revokes every source’s listing: the check says unknown, this index and another process’s drop it, the history keeps it', async () => {
    const value = `https://da-doi-chu-${unique()}.example.net/`;
    await list(t, [{ value }]);
    await verifiedCase(t, analyst, [{ value }]);
    const target = parseTarget(value);
    const other = new LiveIndex();
    await other.catchUp(t.database.db);
    expect(other.lookup(target, t.clock.now().getTime())).toHaveLength(2);
    expect((await check(t, value)).verdict).toBe('dangerous');

    const contact = newContact();
    const created = await fileAppeal(value, { contact });
    const queue = await api(analyst.headers, 'GET', '/api/v1/appeals?status=received');
    expect(queue.statusCode).toBe(200);
    expect(queue.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(created.id);
    const detail = (await api(analyst.headers, 'GET', `/api/v1/appeals/by-id/${created.id}`)).json<Detail>();
    expect(detail).toMatchObject({ status: 'received', value: target.value, appellantName: 'Công ty TNHH Chủ Mới', hasContact: true, decision: null });
    expect(detail.listings.map((l) => [l.sourceKey, l.status]).sort()).toEqual([
      ['case', 'active'],
      ['import:test', 'active'],
    ]);
    expect(detail.listings.every((l) => l.history.some((h) => h.action === 'listed'))).toBe(true);

    const serial = t.app.reputationIndex.serial;
    const granted = await decide(analyst, created.id, 'grant', 'Chủ sở hữu mới đã chứng minh quyền sở hữu từ 03/2026.');
    expect(granted.statusCode).toBe(200);
    const after = granted.json<Detail>();
    expect(after.status).toBe('granted');
    expect(after.decision).toMatchObject({ status: 'granted', reason: 'Chủ sở hữu mới đã chứng minh quyền sở hữu từ 03/2026.', decidedByName: analyst.name });
    expect(after.listings.map((l) => l.status)).toEqual(['revoked', 'revoked']);
    // Caught up before the answer, both listings at the next serials.
    expect(t.app.reputationIndex.serial).toBe(serial + 2);
    expect((await check(t, value)).verdict).toBe('unknown');
    expect(t.app.reputationIndex.lookup(target, t.clock.now().getTime())).toHaveLength(0);
    await other.catchUp(t.database.db);
    expect(other.serial).toBe(serial + 2);
    expect(other.lookup(target, t.clock.now().getTime())).toHaveLength(0);

    const note = `appeal ${created.ticket}: Chủ sở hữu mới đã chứng minh quyền sở hữu từ 03/2026.`;
    expect((await historyOf(t, target.value)).filter((h) => h.action === 'revoked').map((h) => [h.status, h.note])).toEqual([
      ['revoked', note],
      ['revoked', note],
    ]);
    const [row] = await rows<{ status: string; decision_reason: string; decided_by: string; decided_at: Date }>(t, 'select * from indicator_appeals where id = $1', [created.id]);
    expect(row).toMatchObject({ status: 'granted', decision_reason: 'Chủ sở hữu mới đã chứng minh quyền sở hữu từ 03/2026.', decided_by: analyst.id });

    const tracking = (await api({}, 'GET', `/api/v1/appeals/${created.ticket}`)).json<Tracking>();
    expect(tracking).toMatchObject({ status: 'granted', statusLabel: 'Đã chấp nhận — đã gỡ khỏi danh sách', decision: { reason: 'Chủ sở hữu mới đã chứng minh quyền sở hữu từ 03/2026.' } });
    expect(tracking.nextStep).toMatch(/nhà mạng/);
    expect(JSON.stringify(tracking)).not.toContain(analyst.name);

    // A second decision, either way, is a conflict; nothing changes.
    const again = await decide(analyst, created.id, 'refuse', 'Đổi ý.');
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.code).toBe('APPEAL_ALREADY_DECIDED');
    expect((await decide(analyst, created.id, 'grant', 'Lần nữa.')).statusCode).toBe(409);
    expect(t.app.reputationIndex.serial).toBe(serial + 2);

    // The appellant is told once: a receipt, then the outcome with the reason.
    const mails = await mailsTo(contact, 2);
    seen.push(...mails.map((m) => m.raw));
    expect(mails[1]?.subject).toBe(`Yêu cầu gỡ ${created.ticket}: Đã chấp nhận — đã gỡ khỏi danh sách`);
    expect(mails[1]?.text).toContain('Lý do: Chủ sở hữu mới đã chứng minh quyền sở hữu từ 03/2026.');
    expect(mails[1]?.text).toContain(`/appeal/${created.ticket}`);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(smtp.messages.filter((m) => m.to.includes(contact))).toHaveLength(2);
  });

  it('refusing keeps the value listed and tells the appellant why', async () => {
    const value = `0987 ${String(100_000 + Math.floor(Math.random() * 800_000))}`;
    await list(t, [{ value, type: 'phone' }]);
    const contact = newContact();
    const created = await fileAppeal(value, { ground: 'recycled_number', contact, locale: 'en' });
    const refused = await decide(analyst, created.id, 'refuse', 'The operator confirms the number was not reassigned.');
    expect(refused.statusCode).toBe(200);
    expect(refused.json<Detail>().listings.map((l) => l.status)).toEqual(['active']);
    expect((await check(t, value)).verdict).toBe('dangerous');
    expect((await api({}, 'GET', `/api/v1/appeals/${created.ticket}?lang=en`)).json<Tracking>()).toMatchObject({ status: 'refused', statusLabel: 'Refused', decision: { reason: 'The operator confirms the number was not reassigned.' } });
    expect((await decide(analyst, created.id, 'refuse', 'Again.')).statusCode).toBe(409);
    const mails = await mailsTo(contact, 2);
    expect(mails[1]?.subject).toBe(`Appeal ${created.ticket}: Refused`);
    expect(mails[1]?.text).toContain('Reason: The operator confirms the number was not reassigned.');
  });

  it('checks the decision: a reason the appellant can read, grant or refuse, an appeal that exists', async () => {
    await list(t, [{ value: 'kiem-tra-quyet-dinh.example.com' }]);
    const created = await fileAppeal('kiem-tra-quyet-dinh.example.com');
    expect((await decide(analyst, created.id, 'grant', '  ')).statusCode).toBe(400);
    expect((await decide(analyst, created.id, 'delist', 'Đủ căn cứ.')).statusCode).toBe(400);
    expect((await decide(analyst, created.id, 'grant', 'x'.repeat(2001))).statusCode).toBe(400);
    expect((await decide(analyst, '00000000-0000-4000-8000-000000000000', 'grant', 'Đủ căn cứ.')).statusCode).toBe(404);
    expect((await decide(analyst, 'not-a-uuid', 'grant', 'Đủ căn cứ.')).statusCode).toBe(404);
    expect((await rows<{ status: string }>(t, 'select status from indicator_appeals where id = $1', [created.id]))[0]?.status).toBe('received');
  });

  it('after a grant, a case verified later lists the value again; the revoked import stays revoked', async () => {
    const value = `lai-lua-dao-${unique()}.example.org`;
    await list(t, [{ value }]);
    const created = await fileAppeal(value);
    expect((await decide(analyst, created.id, 'grant', 'Chủ mới, không còn hoạt động lừa đảo.')).statusCode).toBe(200);
    expect((await check(t, value)).verdict).toBe('unknown');
    // The new owner turns out to scam too: reported, and the case verified.
    await verifiedCase(t, analyst, [{ value }]);
    const answer = await check(t, value);
    expect(answer.verdict).toBe('dangerous');
    expect(answer.matches.map((m) => m.source)).toEqual(['case']);
    const lines = await rows<{ source_key: string; action: string }>(t, 'select i.source_key, c.action from indicator_changes c join indicators i on i.id = c.indicator_id where i.value = $1 order by c.serial', [value]);
    expect(lines.map((l) => [l.source_key, l.action])).toEqual([
      ['import:test', 'listed'],
      ['import:test', 'revoked'],
      ['case', 'listed'],
    ]);
    // The appeal keeps its decision; listed again, the value can be appealed again.
    expect((await rows<{ status: string }>(t, 'select status from indicator_appeals where id = $1', [created.id]))[0]?.status).toBe('granted');
    expect((await api({}, 'POST', '/api/v1/appeals', appealBody(value))).statusCode).toBe(201);
  });

  it('a new verified decision naming a value whose case listing was delisted reinstates that listing', async () => {
    const value = `https://tai-pham-${unique()}.example.org/`;
    const made = await verifiedCase(t, analyst, [{ value }]);
    const created = await fileAppeal(value);
    expect((await decide(analyst, created.id, 'grant', 'Đã đổi chủ.')).statusCode).toBe(200);
    expect((await check(t, value)).verdict).toBe('unknown');
    // A case decision publishes `case.decided` in its transaction; the reputation subscriber lists its targets with reinstate.
    const normalized = parseTarget(value).value;
    await t.database.transaction((tx) =>
      t.events.publish(tx, { type: 'case.decided', aggregateId: made.id, payload: { caseId: made.id, caseNumber: 9001, outcome: 'verified', verdict: 'suspicious', categories: ['scam'], reportCount: 3, targets: [{ type: 'url', value: normalized }] } }, t.clock.now()),
    );
    await t.catchUpIndex();
    expect((await check(t, value)).verdict).toBe('suspicious');
    expect((await historyOf(t, normalized)).map((h) => [h.action, h.note])).toEqual([
      ['listed', expect.stringMatching(/^decision on VV-\d+$/)],
      ['revoked', `appeal ${created.ticket}: Đã đổi chủ.`],
      ['reinstated', 'decision on VV-9001'],
    ]);
  });
});

describe('who may see and decide appeals', () => {
  let appealId: string;
  let evidenceId: string;
  beforeAll(async () => {
    await list(t, [{ value: 'quyen-han.example.com' }]);
    const form = new FormData();
    form.append('appeal', JSON.stringify(appealBody('quyen-han.example.com')));
    form.append('evidence', new Blob([tinyPng()]), 'giay-phep.png');
    const encoded = new Response(form);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/appeals', headers: { 'content-type': encoded.headers.get('content-type') ?? '' }, payload: Buffer.from(await encoded.arrayBuffer()) });
    appealId = response.json<Created>().id;
    const [evidence] = await rows<{ id: string }>(t, 'select id from appeal_evidence where appeal_id = $1', [appealId]);
    evidenceId = evidence?.id ?? '';
  });

  const attempts = () => [
    { method: 'GET' as const, url: '/api/v1/appeals' },
    { method: 'GET' as const, url: `/api/v1/appeals/by-id/${appealId}` },
    { method: 'GET' as const, url: `/admin/appeals/evidence/${evidenceId}` },
    { method: 'POST' as const, url: `/api/v1/appeals/by-id/${appealId}/decision`, payload: { decision: 'refuse', reason: 'Không đủ căn cứ.' } },
  ];

  it('refuses anonymous callers (401), other kinds of organisation and provincial authorities (403)', async () => {
    const unverified = await person(t, nationalId, 'analyst', false);
    const callers: [Record<string, string>, number][] = [
      [{}, 401],
      [platformAdmin.headers, 403],
      [provincialAnalyst.headers, 403],
      [unverified.headers, 403],
      [await t.token(nationalId, ['indicators:read']), 403],
    ];
    for (const [headers, status] of callers) {
      for (const attempt of attempts()) {
        const response = await t.app.inject({ method: attempt.method, url: attempt.url, headers, ...(attempt.payload === undefined ? {} : { payload: attempt.payload }) });
        expect([attempt.url, response.statusCode]).toEqual([attempt.url, status]);
      }
    }
    expect((await rows<{ status: string }>(t, 'select status from indicator_appeals where id = $1', [appealId]))[0]?.status).toBe('received');
  });

  it('lets national analysts and national tokens with indicators:write through; evidence is served safely and audited', async () => {
    const token = await t.token(nationalId, ['indicators:write']);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/appeals', headers: token });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ total: number; items: { id: string; status: string; createdAt: string }[] }>().items;
    // Open first, oldest first.
    const firstDecided = items.findIndex((i) => i.status !== 'received');
    expect(items.slice(firstDecided).every((i) => i.status !== 'received')).toBe(true);
    const open = items.slice(0, firstDecided).map((i) => i.createdAt);
    expect(open).toEqual([...open].sort());

    const file = await t.app.inject({ method: 'GET', url: `/admin/appeals/evidence/${evidenceId}`, headers: analyst.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.headers['cache-control']).toBe('private, no-store');
    const audits = await rows<{ action: string; summary: { appealId?: string } }>(t, "select action, summary from audit_log where action = 'appeal_evidence.viewed' and subject_id = $1", [evidenceId]);
    expect(audits).toEqual([{ action: 'appeal_evidence.viewed', summary: { appealId } }]);
    expect((await t.app.inject({ method: 'GET', url: '/admin/appeals/evidence/00000000-0000-4000-8000-000000000000', headers: analyst.headers })).statusCode).toBe(404);

    const decided = await t.app.inject({ method: 'POST', url: `/api/v1/appeals/by-id/${appealId}/decision`, headers: token, payload: { decision: 'refuse', reason: 'Giấy phép không khớp với tên miền.' } });
    expect(decided.statusCode).toBe(200);
    expect(decided.json<Detail>().decision?.decidedByName).toBe('token:test');
  });
});

describe('the contact', () => {
  it('never appears in a response, an email other than to the appellant, or an audit summary', async () => {
    const all = await rows<{ contact_ciphertext: string }>(t, 'select contact_ciphertext from indicator_appeals');
    const addresses = all.map((r) => t.box.decrypt(r.contact_ciphertext));
    expect(addresses.length).toBeGreaterThan(5);
    const audit = await rows<{ action: string; summary: unknown }>(t, "select action, summary from audit_log where action like 'appeal%'");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['appeal.received', 'appeal.granted', 'appeal.refused']));
    // Emails in `seen` went to their appellant: the address is in their To header, nowhere else.
    const bodies = seen.map((s) => s.replace(/^To:.*$/gim, '')).join('\n') + JSON.stringify(audit);
    expect(seen.length).toBeGreaterThan(30);
    for (const address of addresses) expect(bodies).not.toContain(address);
  });
});
