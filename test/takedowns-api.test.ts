// Takedown requests over the API: the deadline each request gets from the rule in force when it
// is issued (across the 25 Dec 2024 change and the urgent rule of 2026), the lifecycle from issue
// to answer or withdrawal, which organisation sees which request, the recipient checks, and the
// Idempotency-Key of the issue call.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takedownDeadline } from '../src/modules/takedowns/issue.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { rows, type ErrorBody } from './helpers/cases.ts';
import {
  actioned,
  anonymous,
  bearer,
  declined,
  detail,
  historyKinds,
  HOUR,
  issue,
  issueBody,
  member,
  send,
  vn,
  type Caller,
  type RequestPageJson,
  type TakedownJson,
} from './helpers/takedown-api.ts';

type Org = { id: string; name: string };

let t: TestApp;
let platformA: Org;
let platformB: Org;
let telecom: Org;
let hue: Org;
let haNoi: Org;
let national: Org;
let hueAnalyst: Caller;
let hueSupervisor: Caller;
let haNoiAnalyst: Caller;
let nationalAnalyst: Caller;
let responderA: Caller;
let adminA: Caller;
let responderB: Caller;

beforeAll(async () => {
  t = await createTestApp({ start: vn('2024-12-20T09:00:00') });
  national = await t.org({ kind: 'authority', scope: 'national' });
  hue = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  haNoi = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'ha-noi' });
  platformA = await t.org({ kind: 'platform', name: 'Nền tảng A' });
  platformB = await t.org({ kind: 'platform', name: 'Nền tảng B' });
  telecom = await t.org({ kind: 'telecom', name: 'Nhà mạng' });
  hueAnalyst = await member(t, hue.id, 'analyst');
  hueSupervisor = await member(t, hue.id, 'supervisor');
  haNoiAnalyst = await member(t, haNoi.id, 'analyst');
  nationalAnalyst = await member(t, national.id, 'analyst');
  responderA = await member(t, platformA.id, 'responder');
  adminA = await member(t, platformA.id, 'org_admin');
  responderB = await member(t, platformB.id, 'responder');
});
afterAll(() => t.close());

/** The stored id of a rule's version by citation. */
async function ruleVersionId(key: string, citation: string): Promise<string> {
  const [row] = await rows<{ id: string }>(t, 'select id from rule_versions where key = $1 and citation = $2', [key, citation]);
  if (row === undefined) throw new Error(`no version of ${key} under ${citation}`);
  return row.id;
}

/** The deadline columns as stored (not only as presented). */
async function storedDeadline(id: string) {
  const [row] = await rows<{ due_at: Date; due_rule_version_id: string; due_rule_key: string; due_rule_citation: string }>(
    t,
    'select due_at, due_rule_version_id, due_rule_key, due_rule_citation from takedown_requests where id = $1',
    [id],
  );
  if (row === undefined) throw new Error(`no request ${id}`);
  return { dueAt: new Date(row.due_at).toISOString(), versionId: row.due_rule_version_id, key: row.due_rule_key, citation: row.due_rule_citation };
}

const hoursBetween = (request: TakedownJson) => (Date.parse(request.dueAt) - Date.parse(request.issuedAt)) / HOUR;

describe('the deadline comes from the rule in force at issue time', () => {
  it('gives 3 h under Decree 27/2018 before 25 Dec 2024 (Vietnam time) and 24 h under Decree 147/2024 after', async () => {
    const threeHours = await ruleVersionId('takedown.authority_request', 'Decree 27/2018/NĐ-CP');
    const dayLong = await ruleVersionId('takedown.authority_request', 'Decree 147/2024/NĐ-CP');

    t.clock.set(vn('2024-12-24T10:00:00'));
    const before = await issue(t, hueAnalyst, platformA.id);
    expect(before.issuedAt).toBe('2024-12-24T03:00:00.000Z');
    expect(before.dueAt).toBe('2024-12-24T06:00:00.000Z');
    expect(before.deadlineRule).toEqual({ id: threeHours, key: 'takedown.authority_request', citation: 'Decree 27/2018/NĐ-CP' });
    expect(await storedDeadline(before.id)).toEqual({ dueAt: '2024-12-24T06:00:00.000Z', versionId: threeHours, key: 'takedown.authority_request', citation: 'Decree 27/2018/NĐ-CP' });

    t.clock.set(vn('2024-12-26T10:00:00'));
    const after = await issue(t, hueAnalyst, platformA.id);
    expect(after.dueAt).toBe('2024-12-27T03:00:00.000Z');
    expect(after.deadlineRule).toEqual({ id: dayLong, key: 'takedown.authority_request', citation: 'Decree 147/2024/NĐ-CP' });
    expect(await storedDeadline(after.id)).toMatchObject({ versionId: dayLong, citation: 'Decree 147/2024/NĐ-CP' });
  });

  it('switches at Vietnam midnight (17:00 UTC), not at UTC midnight', async () => {
    t.clock.set(new Date('2024-12-24T16:59:59.999Z'));
    const lastOld = await issue(t, hueAnalyst, platformA.id);
    t.clock.set(new Date('2024-12-24T17:00:00.000Z'));
    const firstNew = await issue(t, hueAnalyst, platformA.id);
    expect([hoursBetween(lastOld), lastOld.deadlineRule.citation]).toEqual([3, 'Decree 27/2018/NĐ-CP']);
    expect([hoursBetween(firstNew), firstNew.deadlineRule.citation]).toEqual([24, 'Decree 147/2024/NĐ-CP']);
  });

  it('runs an urgent request on the 6 h urgent rule from 19 Aug 2026, and on the ordinary 24 h rule before it existed', async () => {
    const urgentVersion = await ruleVersionId('takedown.authority_request_urgent', 'Decree 333/2026/NĐ-CP Art. 16');
    t.clock.set(vn('2026-08-20T09:00:00'));
    const urgent = await issue(t, hueAnalyst, platformA.id, { urgent: true });
    expect(urgent.urgent).toBe(true);
    expect(urgent.dueAt).toBe(new Date(vn('2026-08-20T15:00:00')).toISOString());
    expect(urgent.deadlineRule).toEqual({ id: urgentVersion, key: 'takedown.authority_request_urgent', citation: 'Decree 333/2026/NĐ-CP Art. 16' });
    // The same day, not urgent: the ordinary rule.
    const ordinary = await issue(t, hueAnalyst, platformA.id);
    expect([hoursBetween(ordinary), ordinary.deadlineRule.key]).toEqual([24, 'takedown.authority_request']);

    t.clock.set(vn('2026-08-18T09:00:00'));
    const early = await issue(t, hueAnalyst, platformA.id, { urgent: true });
    expect(early.urgent).toBe(true);
    expect([hoursBetween(early), early.deadlineRule.key, early.deadlineRule.citation]).toEqual([24, 'takedown.authority_request', 'Decree 147/2024/NĐ-CP']);
    // The first instant of 19 Aug in Vietnam already has the urgent rule.
    t.clock.set(new Date('2026-08-18T17:00:00.000Z'));
    expect(hoursBetween(await issue(t, hueAnalyst, platformA.id, { urgent: true }))).toBe(6);
  });

  it('gives a routed user complaint 48 h from 25 Dec 2024, and no deadline before its rule existed', async () => {
    const from = vn('2025-03-03T09:00:00');
    const { dueAt, version } = await takedownDeadline(t.database.db, 'user_complaint', false, from);
    expect([(dueAt.getTime() - from.getTime()) / HOUR, version.key, version.citation]).toEqual([48, 'takedown.user_complaint', 'Decree 147/2024/NĐ-CP']);
    await expect(takedownDeadline(t.database.db, 'user_complaint', false, vn('2024-12-24T09:00:00'))).rejects.toMatchObject({ code: 'RULE_NOT_FOUND' });
  });
});

describe('the lifecycle of a request', () => {
  beforeAll(() => t.clock.set(vn('2026-03-02T09:00:00')));

  it('is delivered by the inbox, acknowledged, answered once with proof, and then closed', async () => {
    const request = await issue(t, hueAnalyst, platformA.id);
    expect(request).toMatchObject({ status: 'issued', issuerOrgId: hue.id, recipientOrgId: platformA.id, deliveredAt: null, overdue: false });
    expect(request.reference).toMatch(/^YC-\d{6}$/);

    t.clock.advance(10 * 60_000);
    const inbox = await send(t, responderA, 'GET', '/api/v1/takedowns/inbox');
    expect(inbox.statusCode).toBe(200);
    const listed = inbox.json<RequestPageJson>().items.find((item) => item.id === request.id);
    expect(listed).toMatchObject({ status: 'delivered', deliveredAt: t.clock.now().toISOString() });
    // A second listing does not deliver it again.
    t.clock.advance(60_000);
    await send(t, responderA, 'GET', '/api/v1/takedowns/inbox');
    expect(await historyKinds(t, responderA, request.id)).toEqual(['issued', 'delivered']);

    const acknowledged = await send(t, responderA, 'POST', `/api/v1/takedowns/${request.id}/acknowledge`);
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json<TakedownJson>()).toMatchObject({ status: 'acknowledged', acknowledgedAt: t.clock.now().toISOString() });

    const withoutProof = await send(t, responderA, 'POST', `/api/v1/takedowns/${request.id}/response`, { outcome: 'actioned', note: 'Đã gỡ bài viết.' });
    expect(withoutProof.statusCode).toBe(400);
    expect(withoutProof.json<ErrorBody>().error).toMatchObject({ code: 'TAKEDOWN_INVALID', details: [{ field: 'proof' }] });
    const blankProof = await send(t, responderA, 'POST', `/api/v1/takedowns/${request.id}/response`, { ...actioned, proof: '   ' });
    expect(blankProof.json<ErrorBody>().error.code).toBe('TAKEDOWN_INVALID');

    t.clock.advance(HOUR);
    const answered = await send(t, responderA, 'POST', `/api/v1/takedowns/${request.id}/response`, actioned);
    expect(answered.statusCode).toBe(200);
    const now = t.clock.now().toISOString();
    expect(answered.json<TakedownJson>()).toMatchObject({ status: 'actioned', respondedAt: now, actionedAt: now, responseNote: actioned.note, responseProof: actioned.proof });

    const again = await send(t, responderA, 'POST', `/api/v1/takedowns/${request.id}/response`, declined);
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.code).toBe('TAKEDOWN_STATE_CONFLICT');
    const lateWithdrawal = await send(t, hueSupervisor, 'POST', `/api/v1/takedowns/${request.id}/withdraw`, { reason: 'Vụ việc đã được xử lý.' });
    expect(lateWithdrawal.statusCode).toBe(409);
    expect(lateWithdrawal.json<ErrorBody>().error.code).toBe('TAKEDOWN_STATE_CONFLICT');

    const seen = await detail(t, hueAnalyst, request.id);
    expect(seen.request.status).toBe('actioned');
    expect(seen.history.map((line) => line.kind)).toEqual(['issued', 'delivered', 'acknowledged', 'actioned']);
  });

  it('takes requests from an authority token with takedowns:write and answers from a platform token; a decline needs no proof', async () => {
    const authorityToken = await bearer(t, hue.id, ['takedowns:write']);
    const platformToken = await bearer(t, platformA.id, ['takedowns:read', 'takedowns:write']);
    const request = await issue(t, authorityToken, platformA.id, { action: 'suspend_account', targets: [{ value: 'https://www.facebook.com/lua.dao.qua.tang' }] });
    expect(request).toMatchObject({ issuerOrgId: hue.id, action: 'suspend_account', targets: [{ type: 'social_account', value: 'facebook:lua.dao.qua.tang' }] });

    const answered = await send(t, platformToken, 'POST', `/api/v1/takedowns/${request.id}/response`, declined);
    expect(answered.statusCode).toBe(200);
    // Answering without acknowledging first still fills in the earlier steps.
    expect(answered.json<TakedownJson>()).toMatchObject({ status: 'declined', responseProof: null, actionedAt: null, deliveredAt: t.clock.now().toISOString(), acknowledgedAt: t.clock.now().toISOString() });
    expect(await historyKinds(t, hueAnalyst, request.id)).toEqual(['issued', 'declined']);
  });

  it('is withdrawn while open by a supervisor of the issuing authority, never by an analyst', async () => {
    const request = await issue(t, hueAnalyst, platformA.id);
    const byAnalyst = await send(t, hueAnalyst, 'POST', `/api/v1/takedowns/${request.id}/withdraw`, { reason: 'Nhầm đối tượng.' });
    expect(byAnalyst.statusCode).toBe(403);
    expect(byAnalyst.json<ErrorBody>().error.code).toBe('FORBIDDEN');
    expect((await detail(t, hueAnalyst, request.id)).request.status).toBe('issued');

    const bySupervisor = await send(t, hueSupervisor, 'POST', `/api/v1/takedowns/${request.id}/withdraw`, { reason: 'Nhầm đối tượng.' });
    expect(bySupervisor.statusCode).toBe(200);
    expect(bySupervisor.json<TakedownJson>()).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Nhầm đối tượng.', withdrawnAt: t.clock.now().toISOString() });
    const answerAfter = await send(t, responderA, 'POST', `/api/v1/takedowns/${request.id}/response`, actioned);
    expect(answerAfter.statusCode).toBe(409);
    // Withdrawn before the recipient looked: it is never delivered.
    expect(await historyKinds(t, responderA, request.id)).toEqual(['issued', 'withdrawn']);
  });

  it('acknowledges in bulk all or nothing: one id of another organisation fails the whole call with 404', async () => {
    const first = await issue(t, hueAnalyst, platformA.id);
    const second = await issue(t, hueAnalyst, platformA.id);
    const other = await issue(t, hueAnalyst, platformB.id);
    const statuses = async () =>
      (await rows<{ id: string; status: string }>(t, 'select id, status from takedown_requests where id = any($1::uuid[]) order by number', [[first.id, second.id, other.id]])).map((r) => r.status);

    const mixed = await send(t, responderA, 'POST', '/api/v1/takedowns/acknowledge', { ids: [first.id, second.id, other.id] });
    expect(mixed.statusCode).toBe(404);
    expect(mixed.json<ErrorBody>().error.code).toBe('NOT_FOUND');
    expect(await statuses()).toEqual(['issued', 'issued', 'issued']);
    const [events] = await rows<{ n: number }>(t, 'select count(*)::int as n from takedown_events where request_id = any($1::uuid[])', [[first.id, second.id, other.id]]);
    expect(events?.n).toBe(3);

    const own = await send(t, responderA, 'POST', '/api/v1/takedowns/acknowledge', { ids: [first.id, second.id, first.id] });
    expect(own.statusCode).toBe(200);
    expect(own.json<{ items: TakedownJson[] }>().items.map((item) => [item.id, item.status])).toEqual([
      [first.id, 'acknowledged'],
      [second.id, 'acknowledged'],
    ]);
    expect(await statuses()).toEqual(['acknowledged', 'acknowledged', 'issued']);
  });
});

describe('which organisation sees which request', () => {
  let ofB: TakedownJson;
  let ofHue: TakedownJson;
  let ofHaNoi: TakedownJson;
  beforeAll(async () => {
    t.clock.set(vn('2026-03-10T09:00:00'));
    ofB = await issue(t, hueAnalyst, platformB.id);
    ofHue = await issue(t, hueAnalyst, platformA.id);
    ofHaNoi = await issue(t, haNoiAnalyst, platformA.id);
  });

  it("never shows platform B's request to platform A's members or tokens: the same 404 as a request that does not exist", async () => {
    const tokenA = await bearer(t, platformA.id, ['takedowns:read', 'takedowns:write']);
    for (const caller of [responderA, adminA, tokenA]) {
      for (const id of [ofB.id, randomUUID()]) {
        const calls = [
          await send(t, caller, 'GET', `/api/v1/takedowns/${id}`),
          await send(t, caller, 'POST', `/api/v1/takedowns/${id}/acknowledge`),
          await send(t, caller, 'POST', `/api/v1/takedowns/${id}/response`, actioned),
        ];
        expect(calls.map((r) => [r.statusCode, r.json<ErrorBody>().error.code]), `${caller.label} on ${id}`).toEqual([
          [404, 'NOT_FOUND'],
          [404, 'NOT_FOUND'],
          [404, 'NOT_FOUND'],
        ]);
      }
      const inbox = await send(t, caller, 'GET', '/api/v1/takedowns/inbox?limit=100');
      expect(inbox.statusCode).toBe(200);
      const items = inbox.json<RequestPageJson>().items;
      expect(items.map((item) => item.id)).toContain(ofHue.id);
      expect(items.every((item) => item.recipientOrgId === platformA.id)).toBe(true);
      // Asking for B's inbox (or B's figures) is "not found", as for an organisation that does not exist.
      for (const url of [`/api/v1/takedowns/inbox?orgId=${platformB.id}`, `/api/v1/takedowns/figures?orgId=${platformB.id}`, `/api/v1/takedowns/inbox?orgId=${randomUUID()}`]) {
        const refused = await send(t, caller, 'GET', url);
        expect([refused.statusCode, refused.json<ErrorBody>().error.code], `${caller.label} ${url}`).toEqual([404, 'NOT_FOUND']);
      }
    }
    // B's request is untouched: nobody at A delivered, acknowledged or answered it.
    expect(await historyKinds(t, hueAnalyst, ofB.id)).toEqual(['issued']);
    const inboxB = await send(t, responderB, 'GET', '/api/v1/takedowns/inbox');
    expect(inboxB.json<RequestPageJson>().items.map((item) => item.id)).toContain(ofB.id);
  });

  it('shows a provincial authority only the requests it issued, and the national centre every one', async () => {
    const issuedBy = async (caller: Caller) => {
      const response = await send(t, caller, 'GET', '/api/v1/takedowns?limit=100');
      expect(response.statusCode).toBe(200);
      return response.json<RequestPageJson>().items;
    };
    const hueList = await issuedBy(hueAnalyst);
    expect(hueList.map((r) => r.id)).toEqual(expect.arrayContaining([ofB.id, ofHue.id]));
    expect(hueList.every((r) => r.issuerOrgId === hue.id)).toBe(true);
    const haNoiList = await issuedBy(haNoiAnalyst);
    expect(haNoiList.map((r) => r.id)).toContain(ofHaNoi.id);
    expect(haNoiList.every((r) => r.issuerOrgId === haNoi.id)).toBe(true);
    expect((await issuedBy(nationalAnalyst)).map((r) => r.id)).toEqual(expect.arrayContaining([ofB.id, ofHue.id, ofHaNoi.id]));

    const fresh = await issue(t, haNoiAnalyst, platformB.id);
    expect((await send(t, hueAnalyst, 'GET', `/api/v1/takedowns/${fresh.id}`)).statusCode).toBe(404);
    expect((await send(t, nationalAnalyst, 'GET', `/api/v1/takedowns/${fresh.id}`)).statusCode).toBe(200);
    // The issuing side's look does not deliver the request; the recipient's does.
    expect(await historyKinds(t, haNoiAnalyst, fresh.id)).toEqual(['issued']);
    expect(await historyKinds(t, responderB, fresh.id)).toEqual(['issued', 'delivered']);
  });

  it('refuses callers without the right: platform staff listing issued requests, a token without takedowns:read, an analyst before two-factor, anyone anonymous', async () => {
    expect((await send(t, responderA, 'GET', '/api/v1/takedowns')).json<ErrorBody>().error.code).toBe('FORBIDDEN');
    const noScope = await send(t, await bearer(t, platformA.id, ['org:read']), 'GET', '/api/v1/takedowns/inbox');
    expect([noScope.statusCode, noScope.json<ErrorBody>().error.code]).toEqual([403, 'SCOPE_MISSING']);
    const readOnly = await bearer(t, platformA.id, ['takedowns:read']);
    expect((await send(t, readOnly, 'GET', '/api/v1/takedowns/inbox')).statusCode).toBe(200);
    const readOnlyAnswer = await send(t, readOnly, 'POST', `/api/v1/takedowns/${ofHue.id}/response`, declined);
    expect([readOnlyAnswer.statusCode, readOnlyAnswer.json<ErrorBody>().error.code]).toEqual([403, 'SCOPE_MISSING']);

    const before = await rows<{ n: number }>(t, 'select count(*)::int as n from takedown_requests');
    const beforeTwoFactor = await member(t, hue.id, 'analyst', false);
    const refusals = [
      await send(t, beforeTwoFactor, 'POST', '/api/v1/takedowns', issueBody(platformA.id)),
      await send(t, responderA, 'POST', '/api/v1/takedowns', issueBody(platformA.id)),
      await send(t, await bearer(t, hue.id, ['takedowns:read']), 'POST', '/api/v1/takedowns', issueBody(platformA.id)),
      await send(t, anonymous, 'POST', '/api/v1/takedowns', issueBody(platformA.id)),
      await send(t, anonymous, 'GET', '/api/v1/takedowns/inbox'),
      await send(t, anonymous, 'GET', `/api/v1/takedowns/${ofHue.id}`),
    ];
    expect(refusals.map((r) => [r.statusCode, r.json<ErrorBody>().error.code])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'SCOPE_MISSING'],
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
    ]);
    expect(await rows<{ n: number }>(t, 'select count(*)::int as n from takedown_requests')).toEqual(before);
  });
});

describe('who may receive which request', () => {
  beforeAll(() => t.clock.set(vn('2026-03-12T09:00:00')));
  const count = async () => (await rows<{ n: number }>(t, 'select count(*)::int as n from takedown_requests'))[0]?.n;

  it('asks blocking of telecoms only, removal of platforms only, and nothing of an authority or an unknown organisation', async () => {
    const before = await count();
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['blocking asked of a platform', issueBody(platformA.id, { action: 'block_domain', targets: [{ value: 'lua-dao.example.vn' }] }), 'TAKEDOWN_INVALID', 'action'],
      ['an IP block asked of a platform', issueBody(platformA.id, { action: 'block_ip', targets: [{ value: '203.0.113.7' }] }), 'TAKEDOWN_INVALID', 'action'],
      ['removal asked of a telecom', issueBody(telecom.id), 'TAKEDOWN_INVALID', 'action'],
      ['an authority as recipient', issueBody(haNoi.id), 'TAKEDOWN_INVALID', 'recipientOrgId'],
      ['an organisation that does not exist', issueBody(randomUUID()), 'TAKEDOWN_INVALID', 'recipientOrgId'],
      ['a URL without a host', issueBody(platformA.id, { targets: [{ type: 'url', value: 'http://' }] }), 'TAKEDOWN_INVALID', 'targets[0].value'],
      ['an evidence link that is not http(s)', issueBody(platformA.id, { evidenceLinks: ['javascript:alert(1)'] }), 'TAKEDOWN_INVALID', 'evidenceLinks[0]'],
      ['an unknown category', issueBody(platformA.id, { category: 'spam' }), 'VALIDATION_FAILED', 'category'],
      ['a case that does not exist (or that this province cannot see)', issueBody(platformA.id, { caseId: randomUUID() }), 'TAKEDOWN_INVALID', 'caseId'],
    ];
    for (const [name, body, code, field] of cases) {
      const response = await send(t, hueAnalyst, 'POST', '/api/v1/takedowns', body);
      expect(response.statusCode, name).toBe(400);
      const error = response.json<ErrorBody>().error;
      expect(error.code, name).toBe(code);
      expect(error.details.map((d) => d.field?.replace(/^body\./, '')), name).toContain(field);
    }
    // Every problem at once: the wrong action and the second target.
    const both = await send(t, hueAnalyst, 'POST', '/api/v1/takedowns', issueBody(platformA.id, { action: 'block_domain', targets: [{ value: 'lua-dao.example.vn' }, { type: 'url', value: 'http://' }] }));
    expect(both.json<ErrorBody>().error.details.map((d) => d.field)).toEqual(['action', 'targets[1].value']);
    expect(await count()).toBe(before);
  });

  it('takes a blocking request to a telecom with normalised, de-duplicated targets', async () => {
    const request = await issue(t, hueAnalyst, telecom.id, { action: 'block_domain', targets: [{ value: 'LUA-DAO.Example.VN.' }, { type: 'domain', value: 'lua-dao.example.vn' }] });
    expect(request).toMatchObject({ action: 'block_domain', recipientOrgId: telecom.id, targets: [{ type: 'domain', value: 'lua-dao.example.vn' }] });
  });
});

describe('Idempotency-Key on issue', () => {
  beforeAll(() => t.clock.set(vn('2026-03-14T09:00:00')));
  const statement = 'Yêu cầu gửi lại do mất kết nối — khoá thử nghiệm idempotency.';
  const withStatement = async () => (await rows<{ id: string; issuer_org_id: string }>(t, 'select id, issuer_org_id from takedown_requests where statement = $1 order by number', [statement]));

  it('answers a retry with the first request, says it was replayed, and stores one request', async () => {
    const body = issueBody(platformA.id, { statement });
    const key = { 'idempotency-key': 'issue-0001' };
    const first = await send(t, hueAnalyst, 'POST', '/api/v1/takedowns', body, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    t.clock.advance(5000);
    const retry = await send(t, hueAnalyst, 'POST', '/api/v1/takedowns', body, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json<TakedownJson>().id).toBe(first.json<TakedownJson>().id);
    expect(retry.json<TakedownJson>()).toEqual(first.json<TakedownJson>());
    expect(await withStatement()).toHaveLength(1);

    const changed = await send(t, hueAnalyst, 'POST', '/api/v1/takedowns', { ...body, urgent: true }, key);
    expect([changed.statusCode, changed.json<ErrorBody>().error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await withStatement()).toHaveLength(1);
  });

  it("keeps one caller's key apart from another's: another authority issues its own request, an anonymous caller is refused", async () => {
    const body = issueBody(platformA.id, { statement });
    const key = { 'idempotency-key': 'issue-0001' };
    const anonymousRetry = await send(t, anonymous, 'POST', '/api/v1/takedowns', body, key);
    expect([anonymousRetry.statusCode, anonymousRetry.json<ErrorBody>().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const platformRetry = await send(t, responderA, 'POST', '/api/v1/takedowns', body, key);
    expect([platformRetry.statusCode, platformRetry.json<ErrorBody>().error.code]).toEqual([403, 'FORBIDDEN']);

    const other = await send(t, haNoiAnalyst, 'POST', '/api/v1/takedowns', body, key);
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.json<TakedownJson>().issuerOrgId).toBe(haNoi.id);
    expect((await withStatement()).map((r) => r.issuer_org_id)).toEqual([hue.id, haNoi.id]);
  });
});
