// Appeals against takedown actions: filing by the statement of reasons or the request reference
// (JSON and multipart with evidence), tracking without personal data, the refusals (unknown, not
// actioned, already appealed, hostile input), who decides (supervisors and admins of the issuing
// authority; analysts 403, the platform and other provinces 404), and what each outcome writes:
// the history line, the statement's appeal_outcome, the restore notices, the appellant's email and
// the figures. The pages: the public form and tracking page, the staff queue and decision form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealFiguresByOrganization } from '../src/modules/takedowns/index.ts';
import { appealStatusWords } from '../src/modules/takedowns/appeals/messages.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { call, person, rows, type ErrorBody, type Headers, type Person } from './helpers/cases.ts';
import { FORM_CONTENT_TYPE, formBody, openPublicForm } from './helpers/form-posts.ts';
import { countRows, tinyPng, windowsExecutable } from './helpers/reports.ts';
import { startSmtpServer, type ReceivedMail, type SmtpTestServer } from './helpers/smtp.ts';

type Created = { ticket: string; status: string; trackUrl: string };
type Tracking = {
  ticket: string;
  status: string;
  statusLabel: string;
  nextStep: string;
  evidenceCount: number;
  decision: { reason: string; decidedAt: string } | null;
  action: { statementId: string; platformName: string; action: string };
};
type Detail = {
  id: string;
  status: string;
  appellantName: string;
  hasContact: boolean;
  statement: string;
  decision: { status: string; reason: string; decidedByName: string | null } | null;
  evidence: { id: string; contentType: string; fileName: string; url: string }[];
  request: { id: string; reference: string; status: string };
  history: { kind: string; actorName: string; note: string | null }[];
  statementOfReasons: { uuid: string } | null;
};
type Action = { id: string; reference: string; statementId: string };

let t: TestApp;
let smtp: SmtpTestServer;
let platformId: string;
let hueId: string;
let nationalId: string;
let endpointId: string;
let hueSupervisor: Person;
let hueAnalyst: Person;
let natSupervisor: Person;
let natAnalyst: Person;
let dnSupervisor: Person;
let responder: Person;
const TICKET = /^KC-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
/** Every public answer of this file (filing, tracking, pages), to show no contact is in any. */
const publicAnswers: string[] = [];
let contacts = 0;
const newContact = () => `chu.noi.dung.${++contacts}.${Math.random().toString(36).slice(2, 8)}@example.vn`;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ worker: true, start: new Date('2026-09-01T02:00:00Z'), config: { smtp: { url: smtp.url, from: 'An toàn <no-reply@antoan.test>' } } });
  nationalId = (await t.org({ kind: 'authority', scope: 'national' })).id;
  hueId = (await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' })).id;
  const daNang = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'da-nang' });
  const platform = await t.org({ kind: 'platform', name: 'Mạng xã hội Sen Vàng' });
  platformId = platform.id;
  await t.database.sql.executeSql('update organizations set contact_email = $1 where id = $2', [PLATFORM_CONTACT, platformId]);
  hueSupervisor = await person(t, hueId, 'supervisor');
  hueAnalyst = await person(t, hueId, 'analyst');
  natSupervisor = await person(t, nationalId, 'supervisor');
  natAnalyst = await person(t, nationalId, 'analyst');
  dnSupervisor = await person(t, daNang.id, 'supervisor');
  responder = await person(t, platformId, 'responder');
  const admin = await person(t, platformId, 'org_admin');
  const hook = await call(t, admin.headers, 'POST', `/api/v1/orgs/${platformId}/webhooks`, { url: 'https://hooks.senvang.example/antoan' });
  expect(hook.statusCode).toBe(201);
  endpointId = hook.json<{ id: string }>().id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Issue a request to the platform as `issuer`; `answer` decides what the platform does with it. */
async function request(issuer: Person, answer: 'actioned' | 'partially_actioned' | 'declined' | 'open' = 'actioned'): Promise<Action> {
  const issued = await call(t, issuer.headers, 'POST', '/api/v1/takedowns', {
    recipientOrgId: platformId,
    action: 'remove_content',
    targets: [{ value: `https://senvang.example/bai-viet/${Math.random().toString(36).slice(2, 10)}` }],
    category: 'fake_news',
    legalBasis: 'Điều 8 Luật An ninh mạng 2018',
    statement: 'Bài viết đưa tin sai sự thật về dịch bệnh, gây hoang mang.',
  });
  expect(issued.statusCode).toBe(201);
  const { id, reference } = issued.json<{ id: string; reference: string }>();
  if (answer !== 'open') {
    const body = answer === 'declined' ? { outcome: 'declined', note: 'Nội dung không vi phạm quy định của nền tảng.' } : { outcome: answer, note: 'Đã gỡ bài viết.', proof: 'Ảnh chụp màn hình #88' };
    expect((await call(t, responder.headers, 'POST', `/api/v1/takedowns/${id}/response`, body)).statusCode).toBe(200);
  }
  const [statement] = await rows<{ id: string }>(t, 'select id from transparency_statements where request_id = $1', [id]);
  return { id, reference, statementId: statement?.id ?? '' };
}

function appealBody(reference: string, overrides: Record<string, unknown> = {}) {
  return { reference, name: 'Nguyễn Văn Chủ Bài', contact: newContact(), statement: 'Bài viết của tôi trích dẫn đúng thông cáo của Bộ Y tế; tôi gửi kèm bản gốc.', ...overrides };
}

/** A JSON or multipart call as the public (no session), remembered for the last test. */
async function publicCall(method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await call(t, {}, method, url, payload);
  publicAnswers.push(response.body);
  return response;
}

/** POST /api/v1/takedown-appeals as multipart: the `appeal` JSON field (raw text allowed) and files. */
async function multipart(appeal: object | string, files: { name: string; bytes: Uint8Array; field?: string }[]) {
  const form = new FormData();
  form.append('appeal', typeof appeal === 'string' ? appeal : JSON.stringify(appeal));
  for (const file of files) form.append(file.field ?? 'evidence', new Blob([file.bytes]), file.name);
  const encoded = new Response(form);
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/takedown-appeals', headers: { 'content-type': encoded.headers.get('content-type') ?? '' }, payload: Buffer.from(await encoded.arrayBuffer()) });
  publicAnswers.push(response.body);
  return response;
}

async function fileAppeal(reference: string, overrides: Record<string, unknown> = {}): Promise<Created & { id: string }> {
  const response = await publicCall('POST', '/api/v1/takedown-appeals', appealBody(reference, overrides));
  if (response.statusCode !== 201) throw new Error(`appeal refused: ${response.statusCode} ${response.body}`);
  const created = response.json<Created>();
  const [row] = await rows<{ id: string }>(t, 'select id from takedown_appeals where ticket = $1', [created.ticket]);
  return { ...created, id: row?.id ?? '' };
}

const decide = (headers: Headers, id: string, outcome: string, reason: string) => call(t, headers, 'POST', `/api/v1/takedown-appeals/by-id/${id}/decision`, { outcome, reason });

const PLATFORM_CONTACT = 'phap-che@senvang.example';

/** The restore notices queued about a request, email first. */
function restoreNotices(requestId: string) {
  return rows<{ org_id: string; template: string; channel: string; endpoint_id: string | null }>(
    t,
    "select org_id, template, channel, endpoint_id from notifications where subject_id = $1 and template = 'takedown.restore' order by channel",
    [requestId],
  );
}

/** The messages to one address, once `count` have arrived (the worker delivers every 100 ms). */
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
  it('files by the statement’s uuid with evidence (multipart): a KC- ticket, the contact encrypted, a history line and an audit entry without personal data', async () => {
    const action = await request(hueSupervisor);
    const contact = newContact();
    const response = await multipart(appealBody(action.statementId.toUpperCase(), { contact }), [{ name: 'thong-cao-bo-y-te.png', bytes: tinyPng('GPS 16.46,107.59') }]);
    expect(response.statusCode).toBe(201);
    const created = response.json<Created>();
    expect(created.ticket).toMatch(TICKET);
    expect(created).toEqual({ ticket: created.ticket, status: 'received', trackUrl: `${t.config.publicUrl}/takedown-appeal/${created.ticket}` });
    const [row] = await rows<{ id: string; request_id: string; statement_id: string; status: string; contact_ciphertext: string; locale: string }>(t, 'select * from takedown_appeals where ticket = $1', [created.ticket]);
    expect(row).toMatchObject({ request_id: action.id, statement_id: action.statementId, status: 'received', locale: 'vi' });
    expect(row?.contact_ciphertext).not.toContain(contact);
    expect(t.box.decrypt(row?.contact_ciphertext ?? '')).toBe(contact);
    const evidence = await rows<{ content_type: string; file_name: string }>(t, 'select content_type, file_name from takedown_appeal_evidence where appeal_id = $1', [row?.id]);
    expect(evidence).toEqual([{ content_type: 'image/png', file_name: 'thong-cao-bo-y-te.png' }]);
    const history = await rows<{ kind: string; actor_name: string; note: string | null }>(t, 'select kind, actor_name, note from takedown_events where request_id = $1 order by id', [action.id]);
    expect(history.at(-1)).toEqual({ kind: 'appeal_filed', actor_name: 'appellant', note: null });
    await t.drainAudit();
    const [audit] = await rows<{ org_id: string; summary: Record<string, unknown> }>(t, "select org_id, summary from audit_log where action = 'takedown.appeal_received' and subject_id = $1", [row?.id]);
    expect(audit).toMatchObject({ org_id: hueId, summary: { requestId: action.id, evidence: 1, contact: true, channel: 'api' } });
    expect(JSON.stringify(audit)).not.toContain(contact);
    expect(JSON.stringify(audit)).not.toContain(created.ticket);
    expect(JSON.stringify(audit)).not.toContain('Chủ Bài');

    // The receipt, in the appeal's language, with the tracking link.
    const [receipt] = await mailsTo(contact, 1);
    expect(receipt?.subject).toBe(`Khiếu nại ${created.ticket}: đã tiếp nhận`);
    expect(receipt?.text).toContain('Xin chào Nguyễn Văn Chủ Bài,');
    expect(receipt?.text).toContain('Mạng xã hội Sen Vàng: Gỡ bỏ nội dung');
    expect(receipt?.text).toContain(`${t.config.publicUrl}/takedown-appeal/${created.ticket}`);
  });

  it('files by the request reference as typed (any case, spaces, no zero padding), and without a contact: nobody to email', async () => {
    const action = await request(hueSupervisor, 'partially_actioned');
    const typed = ` yc ${Number(action.reference.slice(3))} `;
    const toAppellants = () => smtp.messages.filter((m) => !m.to.includes(PLATFORM_CONTACT)).length;
    const before = toAppellants();
    const created = await fileAppeal(typed, { contact: '', locale: 'en' });
    const [row] = await rows<{ request_id: string; contact_ciphertext: string | null; locale: string }>(t, 'select request_id, contact_ciphertext, locale from takedown_appeals where id = $1', [created.id]);
    expect(row).toEqual({ request_id: action.id, contact_ciphertext: null, locale: 'en' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(toAppellants()).toBe(before);
  });

  it('tracks an appeal by ticket: the status in words with what happens next, the public facts of the action, no name or contact', async () => {
    const action = await request(hueSupervisor);
    const contact = newContact();
    const created = await fileAppeal(action.statementId, { contact, name: 'Trần Thị Bí Mật' });
    const response = await publicCall('GET', `/api/v1/takedown-appeals/${created.ticket}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const view = response.json<Tracking>();
    expect(view).toMatchObject({
      ticket: created.ticket,
      status: 'received',
      statusLabel: 'Đã tiếp nhận',
      nextStep: appealStatusWords.vi.received.next,
      evidenceCount: 0,
      decision: null,
      action: { statementId: action.statementId, platformName: 'Mạng xã hội Sen Vàng', action: 'remove_content' },
    });
    expect(response.body).not.toContain(contact);
    expect(response.body).not.toContain('Bí Mật');
    const typed = await publicCall('GET', `/api/v1/takedown-appeals/${created.ticket.toLowerCase().replace(/-/g, ' ')}?lang=en`);
    expect(typed.json<Tracking>()).toMatchObject({ ticket: created.ticket, statusLabel: 'Received' });
    expect((await publicCall('GET', '/api/v1/takedown-appeals/KC-0000-0000-0000-0000')).statusCode).toBe(404);
    expect((await publicCall('GET', '/api/v1/takedown-appeals/not-a-ticket')).statusCode).toBe(404);
    expect((await publicCall('GET', `/api/v1/takedown-appeals/${created.ticket.replace('KC', 'KN')}`)).statusCode).toBe(404);
  });

  it('refuses an unknown reference (422) and one that took no action: open, declined or withdrawn (422); nothing is stored', async () => {
    const before = await countRows(t.database, 'takedown_appeals');
    for (const reference of ['YC-999999', '0b5e6c1a-3f1d-4c6e-9a7b-2d8f1e4c5a6b']) {
      const response = await publicCall('POST', '/api/v1/takedown-appeals', appealBody(reference));
      expect(response.statusCode).toBe(422);
      expect(response.json<ErrorBody>().error).toMatchObject({ code: 'TAKEDOWN_APPEAL_REFERENCE_UNKNOWN', details: [{ field: 'reference' }] });
    }
    const open = await request(hueSupervisor, 'open');
    const declined = await request(hueSupervisor, 'declined');
    const withdrawn = await request(hueSupervisor, 'open');
    expect((await call(t, hueSupervisor.headers, 'POST', `/api/v1/takedowns/${withdrawn.id}/withdraw`, { reason: 'Đã tự gỡ trước khi xử lý.' })).statusCode).toBe(200);
    // A request's own id names it too (the recipient was given it).
    for (const reference of [open.reference, declined.reference, withdrawn.reference, open.id]) {
      const response = await publicCall('POST', '/api/v1/takedown-appeals', appealBody(reference));
      expect([reference, response.statusCode]).toEqual([reference, 422]);
      expect(response.json<ErrorBody>().error.code).toBe('TAKEDOWN_APPEAL_NOT_APPEALABLE');
    }
    expect(await countRows(t.database, 'takedown_appeals')).toBe(before);
  });

  it('refuses a second appeal while one is open (409), by either reference', async () => {
    const action = await request(hueSupervisor);
    await fileAppeal(action.reference);
    for (const reference of [action.reference, action.statementId]) {
      const response = await publicCall('POST', '/api/v1/takedown-appeals', appealBody(reference));
      expect(response.statusCode).toBe(409);
      expect(response.json<ErrorBody>().error).toMatchObject({ code: 'TAKEDOWN_APPEAL_OPEN', details: [{ field: 'reference' }] });
    }
    expect((await rows(t, 'select id from takedown_appeals where request_id = $1', [action.id])).length).toBe(1);
  });

  it('refuses malformed, oversized, wrong-type and hostile input with a 4xx, storing nothing', async () => {
    const action = await request(hueSupervisor);
    const appeals = await countRows(t.database, 'takedown_appeals');
    const files = await countRows(t.database, 'takedown_appeal_evidence');
    const body = (overrides: Record<string, unknown>) => appealBody(action.reference, overrides);
    const refusals: [object, number, string][] = [
      [body({ reference: 'lua-dao' }), 400, 'VALIDATION_FAILED'],
      [body({ reference: 'YC-0' }), 400, 'VALIDATION_FAILED'],
      [body({ reference: 'YC-99999999999' }), 400, 'VALIDATION_FAILED'],
      [body({ reference: 'x'.repeat(61) }), 400, 'VALIDATION_FAILED'],
      [body({ reference: "YC-1' or '1'='1" }), 400, 'VALIDATION_FAILED'],
      [body({ statement: '   ', name: ' ', contact: 'khong-phai-email' }), 400, 'VALIDATION_FAILED'],
      [body({ statement: 'x'.repeat(5001) }), 400, 'VALIDATION_FAILED'],
      [body({ name: 'x'.repeat(201) }), 400, 'VALIDATION_FAILED'],
      [body({ contact: `${'a'.repeat(320)}@example.vn` }), 400, 'VALIDATION_FAILED'],
      [body({ statement: 'nul \u0000 byte' }), 400, 'VALIDATION_FAILED'],
      [body({ locale: 'fr' }), 400, 'VALIDATION_FAILED'],
      [body({ name: 42 }), 400, 'VALIDATION_FAILED'],
      [{ ...body({}), status: 'restored' }, 400, 'UNKNOWN_FIELD'],
      [{ name: 'A', statement: 'B' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of refusals) {
      const response = await publicCall('POST', '/api/v1/takedown-appeals', payload);
      expect([JSON.stringify(payload).slice(0, 80), response.statusCode, response.json<ErrorBody>().error.code]).toEqual([JSON.stringify(payload).slice(0, 80), status, code]);
    }
    const all = await publicCall('POST', '/api/v1/takedown-appeals', body({ statement: '   ', name: ' ', contact: 'khong-phai-email' }));
    expect(all.json<ErrorBody>().error.details.map((d) => d.field).sort()).toEqual(['contact', 'name', 'statement']);

    // Multipart: a renamed executable, a file in another field, six files, a field that is not JSON, no field at all.
    const exe = await multipart(body({}), [{ name: 'giay-to.png', bytes: windowsExecutable() }]);
    expect([exe.statusCode, exe.json<ErrorBody>().error.code]).toEqual([415, 'EVIDENCE_TYPE_NOT_ALLOWED']);
    expect((await multipart(body({}), [{ name: 'a.png', bytes: tinyPng(), field: 'attachment' }])).statusCode).toBe(400);
    expect((await multipart(body({}), Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: tinyPng() })))).statusCode).toBe(400);
    expect((await multipart(body({}), [{ name: '../../etc/passwd.png', bytes: tinyPng() }])).statusCode).toBe(400);
    expect((await multipart(body({}), [{ name: 'trong.png', bytes: new Uint8Array() }])).statusCode).toBe(400);
    const notJson = await multipart('{"reference": ', []);
    expect([notJson.statusCode, notJson.json<ErrorBody>().error.code]).toEqual([400, 'MALFORMED_JSON']);
    // A body of another type, and a file sent to the tracking route, which takes none.
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/takedown-appeals', headers: { 'content-type': 'text/plain' }, payload: 'reference=YC-1' });
    expect(text.statusCode).toBe(415);
    expect(await countRows(t.database, 'takedown_appeals')).toBe(appeals);
    expect(await countRows(t.database, 'takedown_appeal_evidence')).toBe(files);
  });
});

describe('who may see and decide an appeal', () => {
  let appealId: string;
  let evidenceId: string;
  beforeAll(async () => {
    const action = await request(hueSupervisor);
    const response = await multipart(appealBody(action.statementId), [{ name: 'ban-goc.png', bytes: tinyPng() }]);
    const [row] = await rows<{ id: string }>(t, 'select id from takedown_appeals where ticket = $1', [response.json<Created>().ticket]);
    appealId = row?.id ?? '';
    const [evidence] = await rows<{ id: string }>(t, 'select id from takedown_appeal_evidence where appeal_id = $1', [appealId]);
    evidenceId = evidence?.id ?? '';
  });

  const attempts = () => [
    { method: 'GET' as const, url: `/api/v1/takedown-appeals/by-id/${appealId}` },
    { method: 'GET' as const, url: `/takedowns/appeals/evidence/${evidenceId}` },
    { method: 'POST' as const, url: `/api/v1/takedown-appeals/by-id/${appealId}/decision`, payload: { outcome: 'restore', reason: 'Không đủ căn cứ.' } },
  ];

  it('refuses the public (401), analysts of the issuer and of the national centre (403), the platform, another province and staff without two-factor (404)', async () => {
    const platformAdmin = await person(t, platformId, 'org_admin');
    const unverified = await person(t, hueId, 'supervisor', false);
    const readOnly = await t.token(hueId, ['takedowns:read']);
    const callers: [string, Headers, number][] = [
      ['anonymous', {}, 401],
      ['issuer analyst', hueAnalyst.headers, 403],
      ['national analyst', natAnalyst.headers, 403],
      ['issuer token without takedowns:write', readOnly, 403],
      ['recipient responder', responder.headers, 404],
      ['recipient admin', platformAdmin.headers, 404],
      ['another province’s supervisor', dnSupervisor.headers, 404],
      ['supervisor before two-factor', unverified.headers, 404],
    ];
    for (const [who, headers, status] of callers) {
      for (const attempt of attempts()) {
        const response = await t.app.inject({ method: attempt.method, url: attempt.url, headers, ...(attempt.payload === undefined ? {} : { payload: attempt.payload }) });
        expect([who, attempt.url, response.statusCode]).toEqual([who, attempt.url, status]);
      }
    }
    // The queue: the public 401, analysts and the platform 403; another province sees its own, not this one.
    for (const [headers, status] of [[{}, 401], [hueAnalyst.headers, 403], [natAnalyst.headers, 403], [responder.headers, 403]] as const) {
      expect((await call(t, headers, 'GET', '/api/v1/takedown-appeals')).statusCode).toBe(status);
    }
    const other = await call(t, dnSupervisor.headers, 'GET', '/api/v1/takedown-appeals');
    expect(other.statusCode).toBe(200);
    expect(other.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(appealId);
    expect((await rows<{ status: string }>(t, 'select status from takedown_appeals where id = $1', [appealId]))[0]?.status).toBe('received');
  });

  it('lets the issuer’s supervisors and the national centre through: the queue (open first, oldest first), the detail without the contact, evidence served safely and audited', async () => {
    for (const who of [hueSupervisor, natSupervisor]) {
      const list = await call(t, who.headers, 'GET', '/api/v1/takedown-appeals?status=received');
      expect(list.statusCode).toBe(200);
      const items = list.json<{ total: number; items: { id: string; status: string; reference: string; recipientName: string; createdAt: string }[] }>().items;
      expect(items.map((i) => i.id)).toContain(appealId);
      expect(items.every((i) => i.status === 'received' && /^YC-\d{6}$/.test(i.reference) && i.recipientName === 'Mạng xã hội Sen Vàng')).toBe(true);
      const times = items.map((i) => i.createdAt);
      expect(times).toEqual([...times].sort());
    }
    const detail = await call(t, hueSupervisor.headers, 'GET', `/api/v1/takedown-appeals/by-id/${appealId}`);
    expect(detail.statusCode).toBe(200);
    const view = detail.json<Detail>();
    expect(view).toMatchObject({ status: 'received', appellantName: 'Nguyễn Văn Chủ Bài', hasContact: true, decision: null, request: { status: 'actioned' } });
    expect(view.statement).toContain('Bộ Y tế');
    expect(view.history.map((h) => h.kind)).toEqual(['issued', 'actioned', 'appeal_filed']);
    expect(view.statementOfReasons).not.toBeNull();
    expect(view.evidence).toMatchObject([{ id: evidenceId, contentType: 'image/png', fileName: 'ban-goc.png', url: `/takedowns/appeals/evidence/${evidenceId}` }]);
    expect(detail.body).not.toContain('@example.vn');

    const file = await t.app.inject({ method: 'GET', url: `/takedowns/appeals/evidence/${evidenceId}`, headers: natSupervisor.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.headers['cache-control']).toBe('private, no-store');
    await t.drainAudit();
    expect(await rows(t, "select action from audit_log where action = 'takedown_appeal_evidence.viewed' and subject_id = $1", [evidenceId])).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/takedowns/appeals/evidence/00000000-0000-4000-8000-000000000000', headers: natSupervisor.headers })).statusCode).toBe(404);
    expect((await call(t, hueSupervisor.headers, 'GET', '/api/v1/takedown-appeals/by-id/not-a-uuid')).statusCode).toBe(404);
  });

  it('a national request’s appeal is the national centre’s: the province does not see it', async () => {
    const action = await request(natSupervisor);
    const created = await fileAppeal(action.reference);
    expect((await call(t, hueSupervisor.headers, 'GET', `/api/v1/takedown-appeals/by-id/${created.id}`)).statusCode).toBe(404);
    expect((await call(t, hueSupervisor.headers, 'GET', '/api/v1/takedown-appeals')).json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(created.id);
    expect((await call(t, natSupervisor.headers, 'GET', `/api/v1/takedown-appeals/by-id/${created.id}`)).statusCode).toBe(200);
  });
});

describe('deciding an appeal', () => {
  it('restore: the history line, the statement’s appeal_outcome, restore notices to the recipient, the audit entry and the appellant’s email; then 409', async () => {
    const action = await request(hueSupervisor);
    const contact = newContact();
    const created = await fileAppeal(action.statementId, { contact });
    const restoresBefore = await restoreNotices(action.id);
    expect(restoresBefore).toEqual([]);
    const reason = 'Bài viết trích dẫn đúng thông cáo chính thức; yêu cầu gỡ không còn căn cứ.';
    const decided = await decide(hueSupervisor.headers, created.id, 'restore', reason);
    expect(decided.statusCode).toBe(200);
    const view = decided.json<Detail>();
    expect(view).toMatchObject({ status: 'restored', decision: { status: 'restored', reason, decidedByName: hueSupervisor.name } });
    expect(view.history.at(-1)).toMatchObject({ kind: 'appeal_restored', actorName: hueSupervisor.name, note: reason });

    const [statement] = await rows<{ appeal_outcome: string | null; outcome: string }>(t, 'select appeal_outcome, outcome from transparency_statements where id = $1', [action.statementId]);
    expect(statement).toEqual({ appeal_outcome: 'restored', outcome: 'actioned' });
    // The request keeps its status: the restore is on its history and its statement.
    expect((await rows<{ status: string }>(t, 'select status from takedown_requests where id = $1', [action.id]))[0]?.status).toBe('actioned');
    // Queued for the recipient through the notification engine (whose worker may have sent them already).
    expect(await restoreNotices(action.id)).toEqual([
      { org_id: platformId, template: 'takedown.restore', channel: 'email', endpoint_id: null },
      { org_id: platformId, template: 'takedown.restore', channel: 'webhook', endpoint_id: endpointId },
    ]);
    await t.drainAudit();
    const [audit] = await rows<{ org_id: string; summary: Record<string, unknown> }>(t, "select org_id, summary from audit_log where action = 'takedown.appeal_restored' and subject_id = $1", [created.id]);
    expect(audit).toMatchObject({ org_id: hueId, summary: { requestId: action.id, statementId: action.statementId, notices: 2 } });

    // The appellant: the outcome on the tracking page (no staff name) and by email, after the receipt.
    const tracking = (await publicCall('GET', `/api/v1/takedown-appeals/${created.ticket}`)).json<Tracking>();
    expect(tracking).toMatchObject({ status: 'restored', statusLabel: appealStatusWords.vi.restored.label, nextStep: appealStatusWords.vi.restored.next, decision: { reason } });
    expect(JSON.stringify(tracking)).not.toContain(hueSupervisor.name);
    // Receipt and outcome may go in the same run of the worker: find the outcome by its subject.
    const outcome = (await mailsTo(contact, 2)).find((m) => m.subject === `Khiếu nại ${created.ticket}: ${appealStatusWords.vi.restored.label}`);
    expect(outcome?.text).toContain(`Lý do: ${reason}`);
    expect(outcome?.text).not.toContain(hueSupervisor.name);

    // Decided once: a second decision either way, and a new appeal against the same action, are refused.
    for (const outcome of ['confirm', 'restore']) {
      const again = await decide(natSupervisor.headers, created.id, outcome, 'Xem xét lại.');
      expect([again.statusCode, again.json<ErrorBody>().error.code]).toEqual([409, 'TAKEDOWN_APPEAL_DECIDED']);
    }
    const refiled = await publicCall('POST', '/api/v1/takedown-appeals', appealBody(action.reference));
    expect([refiled.statusCode, refiled.json<ErrorBody>().error.code]).toEqual([409, 'TAKEDOWN_APPEAL_DECIDED']);
    expect(await restoreNotices(action.id)).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(smtp.messages.filter((m) => m.to.includes(contact))).toHaveLength(2);
  });

  it('confirm: the history line and the statement say confirmed, no restore notice, the appellant is told in their language', async () => {
    const action = await request(hueSupervisor);
    const contact = newContact();
    const created = await fileAppeal(action.reference, { contact, locale: 'en' });
    const reason = 'The post repeats a claim the Ministry of Health denied on 2 September.';
    const decided = await decide(natSupervisor.headers, created.id, 'confirm', reason);
    expect(decided.statusCode).toBe(200);
    expect(decided.json<Detail>()).toMatchObject({ status: 'confirmed', decision: { status: 'confirmed', reason, decidedByName: natSupervisor.name } });
    const history = await rows<{ kind: string; note: string | null; actor_org_id: string | null }>(t, 'select kind, note, actor_org_id from takedown_events where request_id = $1 order by id', [action.id]);
    expect(history.map((h) => h.kind)).toEqual(['issued', 'actioned', 'appeal_filed', 'appeal_confirmed']);
    expect(history.at(-1)).toMatchObject({ note: reason, actor_org_id: nationalId });
    expect((await rows<{ appeal_outcome: string | null }>(t, 'select appeal_outcome from transparency_statements where id = $1', [action.statementId]))[0]?.appeal_outcome).toBe('confirmed');
    expect(await restoreNotices(action.id)).toEqual([]);
    expect((await publicCall('GET', `/api/v1/takedown-appeals/${created.ticket}?lang=en`)).json<Tracking>()).toMatchObject({ status: 'confirmed', statusLabel: 'Action confirmed', decision: { reason } });
    const outcome = (await mailsTo(contact, 2)).find((m) => m.subject === `Appeal ${created.ticket}: Action confirmed`);
    expect(outcome?.text).toContain(`Reason: ${reason}`);
  });

  it('checks the decision: an outcome that exists, a reason the appellant can read, an appeal that exists', async () => {
    const action = await request(hueSupervisor);
    const created = await fileAppeal(action.reference);
    expect((await decide(hueSupervisor.headers, created.id, 'restore', '  ')).statusCode).toBe(400);
    expect((await decide(hueSupervisor.headers, created.id, 'restore', 'ok')).statusCode).toBe(400);
    expect((await decide(hueSupervisor.headers, created.id, 'delist', 'Đủ căn cứ.')).statusCode).toBe(400);
    expect((await decide(hueSupervisor.headers, created.id, 'restore', 'x'.repeat(2001))).statusCode).toBe(400);
    expect((await call(t, hueSupervisor.headers, 'POST', `/api/v1/takedown-appeals/by-id/${created.id}/decision`, { outcome: 'restore', reason: 'Đủ căn cứ.', notify: false })).statusCode).toBe(400);
    expect((await decide(hueSupervisor.headers, '00000000-0000-4000-8000-000000000000', 'restore', 'Đủ căn cứ.')).statusCode).toBe(404);
    expect((await decide(hueSupervisor.headers, 'not-a-uuid', 'restore', 'Đủ căn cứ.')).statusCode).toBe(404);
    expect((await rows<{ status: string }>(t, 'select status from takedown_appeals where id = $1', [created.id]))[0]?.status).toBe('received');
    expect((await rows<{ appeal_outcome: string | null }>(t, 'select appeal_outcome from transparency_statements where id = $1', [action.statementId]))[0]?.appeal_outcome).toBeNull();
  });

  it('counts appeals and restorations per organisation that acted, for the transparency figures', async () => {
    const figures = await appealFiguresByOrganization(t.database.db);
    const [counts] = await rows<{ appealed: number; restored: number }>(
      t,
      "select count(*)::int as appealed, count(*) filter (where a.status = 'restored')::int as restored from takedown_appeals a join takedown_requests r on r.id = a.request_id where r.recipient_org_id = $1",
      [platformId],
    );
    expect(figures.get(platformId)).toEqual(counts);
    expect(counts?.restored).toBeGreaterThanOrEqual(1);
    expect(counts?.appealed).toBeGreaterThan(counts?.restored ?? 0);
    expect(figures.has(hueId)).toBe(false);
    // The public per-organisation table carries them.
    const table = (await publicCall('GET', '/api/v1/transparency/platforms')).json<{ items: { orgId: string; appealed: number; restored: number }[] }>();
    expect(table.items.find((row) => row.orgId === platformId)).toMatchObject(counts ?? {});
  });
});

describe('the pages', () => {
  const staffPage = (who: Person, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: who.headers.cookie ?? '' } });

  it('the public form: Vietnamese first, multipart with the stamp and honeypot, ?reference= prefilled; English on request', async () => {
    const { html } = await openPublicForm(t.app, '/takedown-appeal?reference=YC-000042');
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain('Khiếu nại biện pháp gỡ bỏ hoặc chặn');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('value="YC-000042"');
    expect(html).toMatch(/<div class="hp" aria-hidden="true">/);
    expect(html).toContain('name="evidence" type="file" multiple');
    expect(html).toContain('href="/takedown-appeal/track"');
    expect(html).not.toMatch(/style=|<script>/);
    const english = await openPublicForm(t.app, '/takedown-appeal?lang=en');
    expect(english.html).toContain('Appeal a takedown or blocking action');
    expect(english.html).toContain('action="/takedown-appeal?lang=en"');
  });

  it('files through the form with a file and redirects to the tracking page; a reference that took no action comes back under its field', async () => {
    const action = await request(hueSupervisor);
    const contact = newContact();
    const send = async (reference: string) => {
      const visitor = await openPublicForm(t.app, '/takedown-appeal');
      t.clock.advance(5000);
      const form = new FormData();
      for (const [name, value] of Object.entries({ _csrf: visitor.csrf, stamp: visitor.stamp, website: '', reference, statement: 'Tôi là tác giả; bài viết đúng sự thật.', name: 'Phạm Văn Tác Giả', contact })) form.append(name, value);
      form.append('evidence', new Blob([tinyPng()], { type: 'image/png' }), 'anh.png');
      const encoded = new Response(form);
      // A refused form comes back to its sender with what they typed (their own address): not a public answer.
      return t.app.inject({ method: 'POST', url: '/takedown-appeal', headers: { cookie: visitor.cookie, 'content-type': encoded.headers.get('content-type') ?? '' }, payload: Buffer.from(await encoded.arrayBuffer()) });
    };
    const open = await request(hueSupervisor, 'open');
    const refused = await send(open.reference);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Yêu cầu này chưa dẫn đến biện pháp nào');
    expect(refused.body).toContain(`value="${open.reference}"`);

    const response = await send(action.statementId);
    expect(response.statusCode).toBe(303);
    const location = response.headers.location ?? '';
    expect(location).toMatch(/^\/takedown-appeal\/KC-[0-9A-Z-]{19}\?new=1$/);
    const tracking = await t.app.inject({ method: 'GET', url: location });
    publicAnswers.push(tracking.body);
    expect(tracking.statusCode).toBe(200);
    expect(tracking.headers['referrer-policy']).toBe('no-referrer');
    expect(tracking.body).toContain('Đã gửi khiếu nại. Mã theo dõi của bạn:');
    expect(tracking.body).toContain(appealStatusWords.vi.received.next);
    expect(tracking.body).toContain('Mạng xã hội Sen Vàng');
    expect(tracking.body).toContain('1 tệp');
    expect(tracking.body).not.toContain(contact);
    expect(tracking.body).not.toContain('Tác Giả');
    const ticket = /KC-[0-9A-Z-]{19}/.exec(location)?.[0];
    const [row] = await rows<{ statement_id: string; files: number }>(t, 'select a.statement_id, (select count(*)::int from takedown_appeal_evidence e where e.appeal_id = a.id) as files from takedown_appeals a where a.ticket = $1', [ticket]);
    expect(row).toEqual({ statement_id: action.statementId, files: 1 });
    const lookup = await t.app.inject({ method: 'GET', url: '/takedown-appeal/track?ticket=khong-phai-ma' });
    expect(lookup.statusCode).toBe(400);
  });

  it('the staff queue and appeal page, and the decision form (supervisors after two-factor; analysts refused)', async () => {
    const action = await request(hueSupervisor);
    const created = await fileAppeal(action.reference, { name: 'Đỗ Thị Khiếu Nại' });
    const queue = await staffPage(hueSupervisor, '/takedowns/appeals');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`href="/takedowns/appeals/${created.id}"`);
    expect(queue.body).toContain(action.reference);
    const page = await staffPage(hueSupervisor, `/takedowns/appeals/${created.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đỗ Thị Khiếu Nại');
    expect(page.body).toContain('Bộ Y tế');
    expect(page.body).toContain(`action="/takedowns/appeals/${created.id}/decision"`);
    expect(page.body).not.toContain('@example.vn');
    expect((await staffPage(hueAnalyst, `/takedowns/appeals/${created.id}`)).statusCode).toBe(403);
    expect((await staffPage(dnSupervisor, `/takedowns/appeals/${created.id}`)).statusCode).toBe(404);
    const unverified = await person(t, hueId, 'supervisor', false);
    const redirected = await staffPage(unverified, '/takedowns/appeals');
    expect(redirected.statusCode).toBe(303);
    expect(redirected.headers.location).toMatch(/two-factor\?next=%2Ftakedowns%2Fappeals$/);

    const post = (fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/takedowns/appeals/${created.id}/decision`, headers: { cookie: hueSupervisor.headers.cookie ?? '', 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: hueSupervisor.headers['x-csrf-token'] ?? '', ...fields }) });
    const missing = await post({ reason: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Chọn chấp nhận hoặc không chấp nhận.');
    const done = await post({ outcome: 'confirm', reason: 'Nội dung sai sự thật đã được xác minh.' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/takedowns/appeals/${created.id}?done=confirmed`);
    const after = await staffPage(hueSupervisor, done.headers.location ?? '');
    expect(after.body).toContain('Đã ghi quyết định giữ nguyên biện pháp.');
    expect(after.body).not.toContain(`action="/takedowns/appeals/${created.id}/decision"`);
    const again = await post({ outcome: 'restore', reason: 'Đổi ý.' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Khiếu nại này đã được quyết định trước đó.');
  });
});

describe('the appellant’s contact', () => {
  it('never appears in any public answer of this file', async () => {
    const all = await rows<{ contact_ciphertext: string | null }>(t, 'select contact_ciphertext from takedown_appeals where contact_ciphertext is not null');
    const addresses = all.map((r) => t.box.decrypt(r.contact_ciphertext ?? ''));
    expect(addresses.length).toBeGreaterThan(5);
    expect(publicAnswers.length).toBeGreaterThan(30);
    const text = publicAnswers.join('\n');
    for (const address of addresses) expect(text).not.toContain(address);
    // Every receipt and outcome went to its appellant alone; waiting for them also lets the queue
    // finish before the database closes.
    const [expected] = await rows<{ n: number }>(t, "select (count(*) + count(*) filter (where status <> 'received'))::int as n from takedown_appeals where contact_ciphertext is not null");
    // Once the worker has delivered every appellant email, each is at the server (the platform's own notices go to its contact address).
    for (let waited = 0; (await rows(t, "select 1 from notifications where template = 'takedown.appeal' and status <> 'delivered'")).length > 0; waited += 100) {
      if (waited > 15_000) throw new Error('appellant emails still undelivered');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const mails = smtp.messages.filter((m) => !m.to.includes(PLATFORM_CONTACT));
    expect(mails).toHaveLength(expected?.n ?? 0);
    for (const mail of mails) expect(addresses.filter((address) => mail.raw.includes(address))).toEqual(mail.to);
  });
});
