// An advisory's life over the API: draft → edit → submit → return with a note → submit → approve
// (publishes, announces advisory.published) → archive. Who may do each step, the four-eyes rule,
// the history and audit rows each step leaves, the outbox event (and none after a rollback), and
// the 400s that name their fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAdvisory } from '../src/modules/alerts/advisories/index.ts';
import type { Actor } from '../src/modules/identity/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { advisoryBody, call, draft, person, published, refusal, rows, type Advisory, type Person } from './advisories-helpers.ts';

let t: TestApp;
let national: { id: string };
let province: { id: string };
let analyst: Person;
let supervisor: Person;
let otherSupervisor: Person;
let provinceSupervisor: Person;
let platformAdmin: Person;
let platform: { id: string };

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
  national = await t.org({ kind: 'authority', scope: 'national' });
  province = await t.org({ kind: 'authority', provinceCode: 'hue' });
  platform = await t.org({ kind: 'platform' });
  analyst = await person(t, national.id, 'analyst');
  supervisor = await person(t, national.id, 'supervisor');
  otherSupervisor = await person(t, national.id, 'supervisor');
  provinceSupervisor = await person(t, province.id, 'supervisor');
  platformAdmin = await person(t, platform.id, 'org_admin');
});
afterAll(async () => {
  await t.close();
});

const post = (who: Person | { headers: Record<string, string> } | null, url: string, payload?: object) => call(t, who, 'POST', url, payload);
const statusOf = async (id: string) => (await rows<{ status: string }>(t, 'select status from advisories where id = $1', [id]))[0]?.status;
const eventKinds = async (id: string) => (await rows<{ kind: string }>(t, 'select kind from advisory_events where advisory_id = $1 order by at, ctid', [id])).map((r) => r.kind);
const publishedEvents = (id: string) => rows<{ payload: Record<string, unknown> }>(t, "select payload from domain_events where type = 'advisory.published' and aggregate_id = $1", [id]);

describe('the whole workflow', () => {
  it('goes draft → edit → submit → return with a note → edit → submit → approve → archive, with history, audit and one event', async () => {
    const made = await draft(t, analyst);
    expect(made).toMatchObject({ status: 'draft', reference: `CB-${String(made.number).padStart(6, '0')}` });
    expect(made.url).toMatch(/\/advisories\/CB-\d{6}$/);

    const edited = await post(analyst, `/api/v1/advisories/${made.id}`, { severity: 'critical', campaignRefs: ['Chiến dịch bóc gỡ mã độc 2026'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Advisory & { severity: string }>().severity).toBe('critical');

    expect((await post(analyst, `/api/v1/advisories/${made.id}/submit`)).statusCode).toBe(200);
    expect(await statusOf(made.id)).toBe('in_review');
    // In review, nobody edits.
    expect(refusal(await post(analyst, `/api/v1/advisories/${made.id}`, { severity: 'low' }))).toMatchObject({ status: 409, code: 'CONFLICT' });

    const returned = await post(supervisor, `/api/v1/advisories/${made.id}/return`, { note: 'Thêm số tổng đài chính thức của ngân hàng.' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json<Advisory>().status).toBe('draft');
    expect(returned.json<Advisory>().staff?.history.at(-1)).toMatchObject({ kind: 'returned', note: 'Thêm số tổng đài chính thức của ngân hàng.' });

    expect((await post(analyst, `/api/v1/advisories/${made.id}`, { body: { vi: 'Gọi 1900 0000.', en: 'Call 1900 0000.' } })).statusCode).toBe(200);
    expect((await post(analyst, `/api/v1/advisories/${made.id}/submit`, {})).statusCode).toBe(200);
    expect(await publishedEvents(made.id)).toEqual([]);

    const approved = await post(supervisor, `/api/v1/advisories/${made.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<Advisory & { publishedAt: string }>()).toMatchObject({ status: 'published', publishedAt: '2026-09-01T02:00:00.000Z' });
    const [event, ...more] = await publishedEvents(made.id);
    expect(more).toEqual([]);
    expect(event?.payload).toEqual({ advisoryId: made.id, number: made.number, severity: 'critical', categories: ['scam', 'impersonation'], audience: 'public', audienceOrgKind: null, audienceOrgId: null });

    expect(refusal(await post(analyst, `/api/v1/advisories/${made.id}/archive`))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await post(supervisor, `/api/v1/advisories/${made.id}/archive`)).statusCode).toBe(200);
    expect(await statusOf(made.id)).toBe('archived');
    expect(refusal(await post(supervisor, `/api/v1/advisories/${made.id}/approve`))).toMatchObject({ status: 409, code: 'CONFLICT' });

    expect(await eventKinds(made.id)).toEqual(['created', 'edited', 'submitted', 'returned', 'edited', 'submitted', 'approved', 'published', 'archived']);
    await t.drainAudit();
    const audit = await rows<{ action: string }>(t, "select action from audit_log where subject_type = 'advisory' and subject_id = $1 order by seq", [made.id]);
    expect(audit.map((a) => a.action).sort()).toEqual(['advisory.approved', 'advisory.archived', 'advisory.created', 'advisory.edited', 'advisory.edited', 'advisory.published', 'advisory.returned', 'advisory.submitted', 'advisory.submitted'].sort());
  });
});

describe('who may do what', () => {
  let inReview: Advisory;
  beforeAll(async () => {
    inReview = await draft(t, supervisor);
    expect((await post(supervisor, `/api/v1/advisories/${inReview.id}/submit`)).statusCode).toBe(200);
  });

  it('refuses the author approving their own advisory', async () => {
    expect(refusal(await post(supervisor, `/api/v1/advisories/${inReview.id}/approve`))).toMatchObject({ status: 403, code: 'APPROVAL_BY_ANOTHER' });
    expect(await statusOf(inReview.id)).toBe('in_review');
    expect(await publishedEvents(inReview.id)).toEqual([]);
  });

  it('refuses an analyst approving', async () => {
    expect(refusal(await post(analyst, `/api/v1/advisories/${inReview.id}/approve`))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refusal(await post(analyst, `/api/v1/advisories/${inReview.id}/return`, { note: 'Không được phép.' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses a token approving, even with the scope: approval is by a person', async () => {
    const token = await t.token(national.id, ['advisories:write']);
    expect(refusal(await post({ headers: token }, `/api/v1/advisories/${inReview.id}/approve`))).toMatchObject({ status: 403, code: 'APPROVAL_BY_ANOTHER' });
  });

  it('lets another supervisor approve', async () => {
    expect((await post(otherSupervisor, `/api/v1/advisories/${inReview.id}/approve`)).statusCode).toBe(200);
  });

  it('refuses platform users, anonymous callers and tokens without the scope', async () => {
    expect(refusal(await post(platformAdmin, '/api/v1/advisories', advisoryBody()))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refusal(await post(null, '/api/v1/advisories', advisoryBody()))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const readOnly = await t.token(national.id, ['cases:read']);
    expect(refusal(await post({ headers: readOnly }, '/api/v1/advisories', advisoryBody()))).toMatchObject({ status: 403, code: 'SCOPE_MISSING' });
    const platformToken = await t.token(platform.id, ['advisories:write']);
    expect(refusal(await post({ headers: platformToken }, '/api/v1/advisories', advisoryBody()))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('lets a token with advisories:write write and submit like a session', async () => {
    const token = { headers: await t.token(national.id, ['advisories:write']) };
    const made = await draft(t, token);
    expect((await post(token, `/api/v1/advisories/${made.id}/submit`)).statusCode).toBe(200);
    expect((await post(supervisor, `/api/v1/advisories/${made.id}/approve`)).statusCode).toBe(200);
  });

  it('keeps another authority’s drafts out of reach ("not found"), while the national centre reads a province’s but does not write in it', async () => {
    const provincial = await draft(t, await person(t, province.id, 'analyst'));
    expect(refusal(await post(analyst, `/api/v1/advisories/${provincial.id}`, { severity: 'low' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await call(t, analyst, 'GET', `/api/v1/advisories/${provincial.id}`)).statusCode).toBe(200);
    const ownDraft = await draft(t, analyst);
    expect(refusal(await post(provinceSupervisor, `/api/v1/advisories/${ownDraft.id}/submit`))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await call(t, provinceSupervisor, 'GET', `/api/v1/advisories/${ownDraft.id}`))).toMatchObject({ status: 404 });
    expect(refusal(await call(t, null, 'GET', `/api/v1/advisories/${ownDraft.id}`))).toMatchObject({ status: 404 });
    const manage = await call(t, provinceSupervisor, 'GET', '/api/v1/advisories/manage');
    expect(manage.json<{ items: Advisory[] }>().items.map((a) => a.id)).toContain(provincial.id);
    expect(manage.json<{ items: Advisory[] }>().items.map((a) => a.id)).not.toContain(ownDraft.id);
  });
});

describe('the outbox event', () => {
  it('is not left behind by a rolled-back approval', async () => {
    const made = await draft(t, analyst);
    await post(analyst, `/api/v1/advisories/${made.id}/submit`);
    const actor: Actor = { type: 'user', userId: supervisor.id, email: 's@test.antoan', displayName: 'S', twoFactorVerified: true, memberships: [{ orgId: national.id, orgKind: 'authority', orgScope: 'national', provinceCode: null, role: 'supervisor' }] };
    await expect(
      t.database.transaction(async (tx) => {
        await approveAdvisory(tx, { actor, requestId: null, now: t.clock.now() }, made.id, t.events);
        throw new Error('rolled back after the approval');
      }),
    ).rejects.toThrow('rolled back');
    expect(await publishedEvents(made.id)).toEqual([]);
    expect(await statusOf(made.id)).toBe('in_review');
    expect(await eventKinds(made.id)).toEqual(['created', 'submitted']);
  });
});

describe('bad input', () => {
  it('names every wrong field of a create in one 400', async () => {
    const response = await post(analyst, '/api/v1/advisories', advisoryBody({ title: { vi: 'x'.repeat(201), en: '' }, severity: 'apocalyptic', categories: [], audience: 'everyone' }));
    const { status, code, fields } = refusal(response);
    expect({ status, code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(fields).toEqual(expect.arrayContaining(['body.title.vi', 'body.title.en', 'body.severity', 'body.categories', 'body.audience']));
  });

  it('refuses a body over 20,000 characters and an unknown field', async () => {
    expect(refusal(await post(analyst, '/api/v1/advisories', advisoryBody({ body: { vi: 'a'.repeat(20_001), en: 'b' } }))).fields).toContain('body.body.vi');
    expect(refusal(await post(analyst, '/api/v1/advisories', advisoryBody({ html: '<b>' })))).toMatchObject({ status: 400, code: 'UNKNOWN_FIELD' });
  });

  it('checks the audience, links and references in the service', async () => {
    const cases = [
      { overrides: { audience: 'org_kind' }, field: 'audienceOrgKind' },
      { overrides: { audience: 'org', audienceOrgId: crypto.randomUUID() }, field: 'audienceOrgId' },
      { overrides: { audienceOrgKind: 'bank' }, field: 'audienceOrgKind' },
      { overrides: { indicatorIds: [crypto.randomUUID()] }, field: 'indicatorIds[0]' },
      { overrides: { caseIds: [crypto.randomUUID()] }, field: 'caseIds[0]' },
      { overrides: { campaignRefs: ['ok', 'line\nbreak'] }, field: 'campaignRefs[1]' },
      { overrides: { title: { vi: 'Tiêu\u0007đề', en: 'Title' } }, field: 'title.vi' },
      { overrides: { body: { vi: '   ', en: 'ok' } }, field: 'body.vi' },
    ];
    for (const { overrides, field } of cases) {
      const { status, code, fields } = refusal(await post(analyst, '/api/v1/advisories', advisoryBody(overrides)));
      expect({ status, code, fields }, field).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: [field] });
    }
    expect(await rows(t, "select id from advisories where title_vi = 'Tiêu\u0007đề'")).toEqual([]);
  });

  it('refuses a return without a real note, an empty edit and a bad cursor', async () => {
    const made = await draft(t, analyst);
    await post(analyst, `/api/v1/advisories/${made.id}/submit`);
    expect(refusal(await post(supervisor, `/api/v1/advisories/${made.id}/return`, { note: '     ' }))).toMatchObject({ status: 400, fields: ['note'] });
    expect(refusal(await post(supervisor, `/api/v1/advisories/${made.id}/return`, {})).fields).toContain('body.note');
    expect(refusal(await post(analyst, `/api/v1/advisories/${made.id}`, {})).status).toBe(400);
    expect(refusal(await call(t, null, 'GET', '/api/v1/advisories?cursor=bm90LWEtY3Vyc29y'))).toMatchObject({ status: 400, fields: ['cursor'] });
    expect(refusal(await call(t, null, 'GET', '/api/v1/advisories?limit=101')).fields).toContain('querystring.limit');
    expect(refusal(await call(t, null, 'GET', '/api/v1/advisories/not-a-uuid')).fields).toContain('params.advisoryId');
  });

  it('publishes a changed audience without the old organisation kind', async () => {
    const made = await draft(t, analyst, { audience: 'org_kind', audienceOrgKind: 'bank' });
    const moved = await post(analyst, `/api/v1/advisories/${made.id}`, { audience: 'public' });
    expect(moved.json<{ audience: string; audienceOrgKind: string | null }>()).toMatchObject({ audience: 'public', audienceOrgKind: null });
    const story = await published(t, analyst, supervisor);
    expect(story.status).toBe('published');
  });
});
