// Report intake over the API: one channel for every violation, grouping into
// cases, idempotency, limits, evidence checks and the public status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logging.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { buildReport, caseOf, countRows, multipartReport, postReport, submit, tinyPng, windowsExecutable } from './helpers/reports.ts';

type ErrorBody = { error: { code: string; message: string; details: { field?: string; message: string }[] } };

describe('intake and tracking', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 201 with an unguessable ticket and a tracking URL', async () => {
    const response = await postReport(t, buildReport());
    expect(response.statusCode).toBe(201);
    const body = json<{ id: string; ticket: string; status: string; trackUrl: string }>(response);
    expect(body.status).toBe('received');
    expect(body.ticket).toMatch(/^AT-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(body.trackUrl).toBe(`${t.config.publicUrl}/track/${body.ticket}`);
    const other = await submit(t);
    expect(other.ticket).not.toBe(body.ticket);
  });

  it('shows the public status and history by ticket, in either language, with what happens next', async () => {
    const { ticket } = await submit(t);
    const vi = json<{ status: string; statusLabel: string; nextStep: string; history: { kind: string; text: string }[] }>(await t.app.inject({ method: 'GET', url: `/api/v1/reports/${ticket}` }));
    expect(vi.status).toBe('received');
    expect(vi.statusLabel).toBe('Đã tiếp nhận');
    expect(vi.nextStep.length).toBeGreaterThan(20);
    expect(vi.history.map((h) => h.kind)).toEqual(['received']);
    const en = json<{ statusLabel: string }>(await t.app.inject({ method: 'GET', url: `/api/v1/reports/${ticket.toLowerCase()}?lang=en` }));
    expect(en.statusLabel).toBe('Received');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/reports/AT-0000-0000-0000-0000' });
    expect(missing.statusCode).toBe(404);
  });

  it('groups reports of the same normalised target into one case', async () => {
    const first = await submit(t, { targets: [{ value: 'HTTP://Grouping.Example.COM/a/../login' }] });
    const second = await submit(t, { targets: [{ value: 'http://grouping.example.com/login' }] });
    const phone = await submit(t, { targets: [{ value: '0912 345 678' }] });
    const samePhone = await submit(t, { targets: [{ value: '+84 912.345.678' }], category: 'impersonation' });
    expect(await caseOf(t, first.id)).toBe(await caseOf(t, second.id));
    expect(await caseOf(t, phone.id)).toBe(await caseOf(t, samePhone.id));
    expect(await caseOf(t, phone.id)).not.toBe(await caseOf(t, first.id));
    const { rows } = await t.database.sql.executeSql('select report_count, categories from cases where id = $1', [await caseOf(t, phone.id)]);
    const row = rows[0] as { report_count: number; categories: string[] };
    expect(row.report_count).toBe(2);
    expect([...row.categories].sort()).toEqual(['impersonation', 'scam']);
  });

  it('suggests merging cases whose descriptions are near duplicates, accents aside', async () => {
    const text = 'Tôi nhận được tin nhắn báo trúng thưởng một chiếc xe máy, yêu cầu chuyển phí nhận thưởng vào tài khoản lạ.';
    const a = await submit(t, { description: text, targets: [{ value: '0987 111 222' }] });
    const b = await submit(t, { description: 'toi nhan duoc tin nhan bao trung thuong mot chiec xe may, yeu cau chuyen phi nhan thuong vao tai khoan la', targets: [{ value: '0987 333 444' }] });
    const [caseA, caseB] = [await caseOf(t, a.id), await caseOf(t, b.id)];
    expect(caseA).not.toBe(caseB);
    const { rows } = await t.database.sql.executeSql("select reason, similarity from case_merge_suggestions where (case_id = $1 and other_case_id = $2) or (case_id = $2 and other_case_id = $1)", [caseA, caseB]);
    expect(rows).toHaveLength(1);
    expect((rows[0] as { reason: string; similarity: number }).reason).toBe('similar_text');
    expect((rows[0] as { similarity: number }).similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('honours Idempotency-Key: the same request gives the first answer, another request with the key is refused', async () => {
    const body = buildReport();
    const before = await countRows(t.database, 'reports');
    const first = await postReport(t, body, { 'idempotency-key': 'retry-123' });
    const again = await postReport(t, body, { 'idempotency-key': 'retry-123' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toEqual(json(first));
    expect(await countRows(t.database, 'reports')).toBe(before + 1);
    const different = await postReport(t, buildReport(), { 'idempotency-key': 'retry-123' });
    expect(different.statusCode).toBe(422);
    expect(json<ErrorBody>(different).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countRows(t.database, 'reports')).toBe(before + 1);
  });

  it('groups concurrent reports of one target into one case, even with two groupers at once', async () => {
    const variants = ['https://dong-thoi.example.com/login', 'HTTPS://DONG-THOI.example.com/a/../login', 'https://dong-thoi.example.com/./login#x'];
    const sent = await Promise.all(Array.from({ length: 9 }, (_, i) => submit(t, { targets: [{ value: variants[i % 3] ?? '' }] })));
    await Promise.all([t.groupReports(), t.groupReports()]);
    const { rows } = await t.database.sql.executeSql('select distinct case_id from reports where id = any($1::uuid[])', [sent.map((r) => r.id)]);
    expect(rows).toHaveLength(1);
    const { rows: counted } = await t.database.sql.executeSql('select report_count from cases where id = $1', [(rows[0] as { case_id: string }).case_id]);
    expect(counted[0]).toEqual({ report_count: 9 });
  });

  it('records every report in the audit chain, through the queue, in order', async () => {
    const { id } = await submit(t);
    const queued = await t.database.sql.executeSql("select count(*)::int as n from audit_pending where subject_id = $1 and action = 'report.received'", [id]);
    expect(queued.rows[0]).toEqual({ n: 1 });
    expect(await t.drainAudit()).toBeGreaterThanOrEqual(1);
    expect(await countRows(t.database, 'audit_pending')).toBe(0);
    const chained = await t.database.sql.executeSql("select count(*)::int as n from audit_log where subject_id = $1 and action = 'report.received'", [id]);
    expect(chained.rows[0]).toEqual({ n: 1 });
    const { verifyAuditChain } = await import('../src/modules/audit/index.ts');
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('resolves provinces by current and former names', async () => {
    const { id } = await submit(t, { province: 'Bình Dương' });
    const { rows } = await t.database.sql.executeSql('select province_code from reports where id = $1', [id]);
    expect(rows[0]).toEqual({ province_code: 'ho-chi-minh' });
  });
});

describe('bad input is refused with a stable code and nothing is stored', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const cases: [string, () => object, number, string, string?][] = [
    ['a malformed target', () => buildReport({ targets: [{ type: 'phone', value: 'call me maybe' }] }), 400, 'TARGET_INVALID', 'targets[0].value'],
    ['a URL with a bad scheme', () => buildReport({ targets: [{ type: 'url', value: 'javascript:alert(1)' }] }), 400, 'TARGET_INVALID', 'targets[0].value'],
    ['21 targets', () => buildReport({ targets: Array.from({ length: 21 }, (_, i) => ({ value: `https://x${i}.example.com/` })) }), 400, 'VALIDATION_FAILED', 'targets'],
    ['no target', () => buildReport({ targets: [] }), 400, 'VALIDATION_FAILED', 'targets'],
    ['a 5,001-character description', () => buildReport({ description: 'a'.repeat(5001) }), 400, 'VALIDATION_FAILED', 'description'],
    ['an unknown category', () => buildReport({ category: 'spam' }), 400, 'VALIDATION_FAILED', 'category'],
    ['an unknown target type', () => buildReport({ targets: [{ type: 'fax', value: '123' }] }), 400, 'VALIDATION_FAILED'],
    ['an unknown field', () => ({ ...buildReport(), reporterName: 'x' }), 400, 'UNKNOWN_FIELD'],
    ['a contact that is neither email nor phone', () => buildReport({ contact: 'my house' }), 400, 'VALIDATION_FAILED', 'contact'],
    ['an unknown province', () => buildReport({ province: 'Atlantis' }), 400, 'VALIDATION_FAILED', 'province'],
  ];
  for (const [name, body, status, code, field] of cases) {
    it(name, async () => {
      const response = await postReport(t, body());
      expect(response.statusCode).toBe(status);
      const error = json<ErrorBody>(response).error;
      expect(error.code).toBe(code);
      if (field !== undefined) expect(error.details.map((d) => d.field?.replace(/^body\./, ''))).toContain(field);
      expect(await countRows(t.database, 'reports')).toBe(0);
      expect(await countRows(t.database, 'cases')).toBe(0);
    });
  }

  it('a wrong content type', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: 'category=scam', headers: { 'content-type': 'text/plain' } });
    expect(response.statusCode).toBe(415);
    expect(await countRows(t.database, 'reports')).toBe(0);
  });

  it('an XML body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: '<report/>', headers: { 'content-type': 'application/xml' } });
    expect(response.statusCode).toBe(415);
  });
});

describe('evidence files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('accepts images by their content, strips their metadata and stores them by hash outside the database', async () => {
    const upload = await multipartReport(buildReport(), [{ name: 'ảnh chụp màn hình.png', bytes: tinyPng('GPS 16.4637 107.5909'), type: 'image/png' }]);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...upload });
    expect(response.statusCode).toBe(201);
    const { rows } = await t.database.sql.executeSql('select sha256, content_type, file_name, size from report_evidence');
    expect(rows).toHaveLength(1);
    const row = rows[0] as { sha256: string; content_type: string; file_name: string; size: number };
    expect(row.content_type).toBe('image/png');
    expect(row.file_name).toBe('ảnh chụp màn hình.png');
    const { readFile } = await import('node:fs/promises');
    const stored = await readFile(`${t.config.evidenceDir}/${row.sha256.slice(0, 2)}/${row.sha256.slice(2, 4)}/${row.sha256}`);
    expect(stored.length).toBe(row.size);
    expect(stored.includes(Buffer.from('GPS'))).toBe(false);
  });

  const refused: [string, () => { name: string; bytes: Uint8Array; field?: string }[], number, string][] = [
    ['a Windows executable renamed .png', () => [{ name: 'invoice.png', bytes: windowsExecutable() }], 415, 'EVIDENCE_TYPE_NOT_ALLOWED'],
    ['an HTML file', () => [{ name: 'page.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') }], 415, 'EVIDENCE_TYPE_NOT_ALLOWED'],
    ['an empty file', () => [{ name: 'empty.png', bytes: new Uint8Array() }], 400, 'EVIDENCE_INVALID'],
    ['a file over 10 MB', () => [{ name: 'big.png', bytes: Buffer.concat([tinyPng(), Buffer.alloc(10 * 1024 * 1024)]) }], 413, 'EVIDENCE_TOO_LARGE'],
    ['six files', () => Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.png`, bytes: tinyPng() })), 400, 'EVIDENCE_INVALID'],
    ['a path-traversal file name', () => [{ name: '../../etc/passwd.png', bytes: tinyPng() }], 400, 'EVIDENCE_INVALID'],
    ['a truncated PNG', () => [{ name: 'cut.png', bytes: tinyPng().subarray(0, 20) }], 400, 'EVIDENCE_INVALID'],
    ['a file in another field', () => [{ name: 'x.png', bytes: tinyPng(), field: 'attachment' }], 400, 'EVIDENCE_INVALID'],
  ];
  for (const [name, files, status, code] of refused) {
    it(`refuses ${name}`, async () => {
      const before = await countRows(t.database, 'reports');
      const upload = await multipartReport(buildReport(), files());
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...upload });
      expect(response.statusCode).toBe(status);
      expect(json<ErrorBody>(response).error.code).toBe(code);
      expect(await countRows(t.database, 'reports')).toBe(before);
    });
  }

  it('refuses a multipart body without the report document', async () => {
    const upload = await multipartReport(null, [{ name: 'a.png', bytes: tinyPng() }]);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...upload });
    expect(response.statusCode).toBe(400);
  });

  it('refuses files on endpoints that take none', async () => {
    const upload = await multipartReport({ body: 'x' }, [{ name: 'a.png', bytes: tinyPng() }]);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/rules', ...upload, headers: { ...upload.headers, ...(await t.adminHeaders()) } });
    expect(response.statusCode).toBe(415);
  });

  it('serves evidence only to authority staff who may see the case, with nosniff and a sandbox', async () => {
    const upload = await multipartReport(buildReport({ province: 'hue' }), [{ name: 'shot.png', bytes: tinyPng() }]);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...upload })).statusCode).toBe(201);
    const { rows } = await t.database.sql.executeSql("select e.id from report_evidence e join reports r on r.id = e.report_id where r.province_code = 'hue'");
    const evidenceId = (rows[0] as { id: string }).id;
    await t.groupReports();
    const national = await t.org({ kind: 'authority', scope: 'national' });
    const hue = await t.org({ kind: 'authority', provinceCode: 'hue' });
    const hanoi = await t.org({ kind: 'authority', provinceCode: 'ha-noi' });
    const platform = await t.org({ kind: 'platform' });
    const as = async (orgId: string, role: 'analyst' | 'responder') => (await t.session((await t.user(orgId, role)).id)).headers;
    const view = async (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: `/evidence/${evidenceId}`, headers: { ...headers, accept: 'application/json' } });
    const ok = await view(await as(national.id, 'analyst'));
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('image/png');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(String(ok.headers['content-security-policy'])).toContain('sandbox');
    expect((await view(await as(hue.id, 'analyst'))).statusCode).toBe(200);
    expect((await view(await as(hanoi.id, 'analyst'))).statusCode).toBe(404);
    expect((await view(await as(platform.id, 'responder'))).statusCode).toBe(403);
    expect((await view({})).statusCode).toBe(401);
    const audited = await t.database.sql.executeSql("select count(*)::int as n from audit_log where action = 'evidence.viewed'");
    expect(audited.rows[0]).toEqual({ n: 2 });
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { reportRateLimit: { max: 4, windowSeconds: 3600, perTargetPerDay: 2 } } });
  });
  afterAll(() => t.close());

  it('limits reports of one target per client, then all reports per client, with a clear 429', async () => {
    const target = [{ value: 'https://flood.example.com/' }];
    expect((await postReport(t, buildReport({ targets: target }))).statusCode).toBe(201);
    expect((await postReport(t, buildReport({ targets: target }))).statusCode).toBe(201);
    const third = await postReport(t, buildReport({ targets: [{ value: 'HTTPS://FLOOD.example.com' }] }));
    expect(third.statusCode).toBe(429);
    expect(json<ErrorBody>(third).error.code).toBe('RATE_LIMITED');
    expect(json<ErrorBody>(third).error.details[0]?.field).toBe('targets[0]');
    expect((await postReport(t, buildReport())).statusCode).toBe(201);
    const fifth = await postReport(t, buildReport());
    expect(fifth.statusCode).toBe(429);
    expect(fifth.headers['retry-after']).toBeDefined();
    expect(await countRows(t.database, 'reports')).toBe(3);
  });
});

describe('the contact stays private', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logger: createLogger({ logLevel: 'trace' }, { write: (line: string) => void lines.push(line) }) });
  });
  afterAll(() => t.close());

  it('never appears in a response, a page, the audit log or a log line, and is encrypted at rest', async () => {
    const email = 'nguoi.bao.cao@example.vn';
    const phone = '0903 456 789';
    const byEmail = await submit(t, { contact: email });
    const byPhone = await submit(t, { contact: phone });
    const responses = [
      await t.app.inject({ method: 'GET', url: `/api/v1/reports/${byEmail.ticket}` }),
      await t.app.inject({ method: 'GET', url: `/api/v1/reports/${byPhone.ticket}` }),
      await t.app.inject({ method: 'GET', url: `/track/${byEmail.ticket}` }),
      await t.app.inject({ method: 'GET', url: '/api/v1/stats' }),
    ];
    const secrets = [email, 'nguoi.bao.cao', '+84903456789', '903456789', '0903 456 789'];
    for (const response of responses) for (const secret of secrets) expect(response.body).not.toContain(secret);
    for (const secret of secrets) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
    const { rows } = await t.database.sql.executeSql('select contact_ciphertext, contact_kind from reports order by created_at');
    for (const row of rows as { contact_ciphertext: string; contact_kind: string }[]) {
      expect(row.contact_ciphertext).toMatch(/^v1\./);
      for (const secret of secrets) expect(row.contact_ciphertext).not.toContain(secret);
    }
    expect(t.box.decrypt((rows[0] as { contact_ciphertext: string }).contact_ciphertext)).toBe(email);
    expect(t.box.decrypt((rows[1] as { contact_ciphertext: string }).contact_ciphertext)).toBe('+84903456789');
    const audit = await t.database.sql.executeSql('select summary::text as s from audit_log');
    for (const row of audit.rows as { s: string }[]) for (const secret of secrets) expect(row.s).not.toContain(secret);
    expect(lines.length).toBeGreaterThan(0);
  });
});
