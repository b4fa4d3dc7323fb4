// The cases JSON API as staff use it: decisions with their statement of
// reasons (and what reporters then see), four eyes, merges, bulk actions,
// notes and assignment, and the domain events decisions publish. Who may do
// what is in cases-isolation.test.ts; the queue and statistics in cases-queue-api.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../src/modules/cases/index.ts';
import { DEFAULT_SPAM_REASON } from '../src/modules/cases/schema.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { call, caseRow, decidedEvents, newCase, person, rows, verifyBody, type ErrorBody, type Person } from './helpers/cases.ts';
import { caseOf, submit } from './helpers/reports.ts';

type Decision = { id: string; outcome: string; state: string; publicNote: string | null; duplicateOf: string | null; reviewedByName: string | null };
type Summary = { id: string; ref: string; status: string; reportCount: number; assigneeId: string | null; hasNewInformation: boolean };
type Detail = Summary & { notes: { body: string; authorName: string }[]; decisions: Decision[]; targets: { value: string }[]; reports: { id: string; replies: { body: string }[] }[] };
type Tracking = { status: string; question: string | null; decision: Record<string, unknown> | null; history: { kind: string; note: string | null }[] };

let t: TestApp;
let analyst: Person;
let supervisor: Person;
let secondSupervisor: Person;
let hueAnalyst: Person;
let hanoiAnalyst: Person;
let platformUser: Person;

const decide = (who: Person, caseId: string, body: object) => call(t, who.headers, 'POST', `/api/v1/cases/${caseId}/decisions`, body);
const review = (who: Person, decisionId: string, body: object) => call(t, who.headers, 'POST', `/api/v1/decisions/${decisionId}/review`, body);
const detail = async (caseId: string) => json<Detail>(await call(t, analyst.headers, 'GET', `/api/v1/cases/${caseId}`));
const track = async (ticket: string) => json<Tracking>(await call(t, {}, 'GET', `/api/v1/reports/${ticket}`));
const bulk = (who: Person, body: object) => call(t, who.headers, 'POST', '/api/v1/cases/bulk', body);
const errorOf = (response: { body: string }) => json<ErrorBody>(response).error;

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2025-03-10T02:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  const hue = await t.org({ kind: 'authority', provinceCode: 'hue' });
  const hanoi = await t.org({ kind: 'authority', provinceCode: 'ha-noi' });
  analyst = await person(t, national.id, 'analyst');
  supervisor = await person(t, national.id, 'supervisor');
  secondSupervisor = await person(t, national.id, 'supervisor');
  hueAnalyst = await person(t, hue.id, 'analyst');
  hanoiAnalyst = await person(t, hanoi.id, 'analyst');
  platformUser = await person(t, (await t.org({ kind: 'platform' })).id, 'org_admin');
});
afterAll(() => t.close());

describe('decisions', () => {
  it('verifies with a statement of reasons: echoed, stored, and shown to reporters without staff names', async () => {
    const c = await newCase(t);
    const body = verifyBody();
    const response = await decide(analyst, c.id, body);
    expect(response.statusCode).toBe(201);
    const { decision, case: after } = json<{ decision: Decision; case: Summary }>(response);
    const { outcome, verdict, categories, decisionGround, legalBasis, facts, automatedDetection, automatedDecision } = body;
    expect(decision).toMatchObject({ outcome, verdict, categories, decisionGround, legalBasis, facts, automatedDetection, automatedDecision, state: 'in_effect', decidedByName: analyst.name, reviewedByName: null });
    expect(after.status).toBe('verified');
    const [stored] = await rows(t, 'select outcome, state, verdict, categories, decision_ground, legal_basis, facts, automated_detection, automated_decision, decided_by from case_decisions where case_id = $1', [c.id]);
    expect(stored).toEqual({ outcome, state: 'in_effect', verdict, categories, decision_ground: decisionGround, legal_basis: legalBasis, facts, automated_detection: true, automated_decision: false, decided_by: analyst.id });
    expect((await detail(c.id)).decisions).toEqual([decision]);
    const tracked = await call(t, {}, 'GET', `/api/v1/reports/${c.ticket}`);
    expect(json<Tracking>(tracked)).toMatchObject({ status: 'verified', decision: { outcome, verdict, categories, decisionGround, legalBasis } });
    expect(tracked.body).not.toContain(analyst.name);
    expect(tracked.body).not.toContain(facts);
  });

  it('rejects with a reason the reporters read', async () => {
    const c = await newCase(t);
    const reason = 'Trang web là của ngân hàng thật; không có dấu hiệu lừa đảo.';
    const response = await decide(analyst, c.id, { outcome: 'rejected', reason });
    expect(response.statusCode).toBe(201);
    expect(json<{ decision: Decision; case: Summary }>(response)).toMatchObject({ decision: { outcome: 'rejected', publicNote: reason, verdict: null }, case: { status: 'rejected' } });
    const tracked = await track(c.ticket);
    expect(tracked.status).toBe('rejected');
    expect(tracked.history).toContainEqual(expect.objectContaining({ kind: 'rejected', note: reason }));
  });

  it('asks for more information; the reporter’s answer brings the case back to review, flagged', async () => {
    const c = await newCase(t);
    const question = 'Bạn có ảnh chụp tin nhắn chứa đường dẫn không?';
    const asked = await decide(analyst, c.id, { outcome: 'more_info', question });
    expect(json<{ case: Summary }>(asked).case.status).toBe('more_info');
    expect(await track(c.ticket)).toMatchObject({ status: 'more_info', question });
    const answer = 'Có, tin nhắn từ số 0987 654 321 lúc 9 giờ sáng.';
    const replied = await call(t, {}, 'POST', `/api/v1/reports/${c.ticket}/replies`, { body: answer });
    expect(replied.statusCode).toBe(200);
    const back = await detail(c.id);
    expect(back).toMatchObject({ status: 'in_review', hasNewInformation: true });
    expect(back.reports[0]?.replies.map((r) => r.body)).toEqual([answer]);
    // No question is open any more; a decision clears the flag.
    expect(errorOf(await call(t, {}, 'POST', `/api/v1/reports/${c.ticket}/replies`, { body: 'again' })).code).toBe('CASE_STATE_CONFLICT');
    const decided = await decide(analyst, c.id, verifyBody());
    expect(json<{ case: Summary }>(decided).case).toMatchObject({ status: 'verified', hasNewInformation: false });
  });

  it('merges a duplicate named VV-<number>: reports move, counts add up, its reporters follow the primary', async () => {
    const primary = await newCase(t, { targets: [{ value: 'https://chinh.example.com/' }] });
    const dupTarget = 'https://trung-lap.example.com/';
    const duplicate = await newCase(t, { targets: [{ value: dupTarget }] });
    expect(await caseOf(t, (await submit(t, { targets: [{ value: dupTarget }] })).id)).toBe(duplicate.id);
    await call(t, analyst.headers, 'POST', `/api/v1/cases/${primary.id}/claim`);
    const { ref } = await detail(primary.id);
    const response = await decide(analyst, duplicate.id, { outcome: 'duplicate', duplicateOf: ref });
    expect(response.statusCode).toBe(201);
    expect(json<{ decision: Decision; case: Summary }>(response)).toMatchObject({ decision: { outcome: 'duplicate', duplicateOf: primary.id }, case: { status: 'duplicate' } });
    const merged = await detail(primary.id);
    expect(merged.reportCount).toBe(3);
    expect(merged.reports).toHaveLength(3);
    expect(merged.targets.map((x) => x.value)).toContain(dupTarget);
    expect((await track(duplicate.ticket)).status).toBe('in_review');
    await decide(analyst, primary.id, verifyBody());
    expect(await track(duplicate.ticket)).toMatchObject({ status: 'verified', decision: { outcome: 'verified' } });
    // A later report of the merged target lands in the primary.
    expect(await caseOf(t, (await submit(t, { targets: [{ value: dupTarget }] })).id)).toBe(primary.id);
  });

  it('refuses to merge a case into itself', async () => {
    const c = await newCase(t);
    const response = await decide(analyst, c.id, { outcome: 'duplicate', duplicateOf: (await detail(c.id)).ref });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).details.map((d) => d.field)).toEqual(['duplicateOf']);
  });

  it('keeps a fake-news verification pending until a different supervisor approves', async () => {
    const c = await newCase(t, { category: 'fake_news' });
    const proposed = await decide(supervisor, c.id, verifyBody({ categories: ['fake_news'] }));
    expect(proposed.statusCode).toBe(201);
    const { decision } = json<{ decision: Decision; case: Summary }>(proposed);
    expect(json(proposed)).toMatchObject({ decision: { state: 'pending_approval' }, case: { status: 'pending_approval' } });
    expect((await track(c.ticket)).status).toBe('in_review');
    expect(await decidedEvents(t, c.id)).toEqual([]);
    const own = await review(supervisor, decision.id, { approve: true });
    expect([own.statusCode, errorOf(own).code]).toEqual([403, 'APPROVAL_BY_ANOTHER']);
    const byAnalyst = await review(analyst, decision.id, { approve: true });
    expect([byAnalyst.statusCode, errorOf(byAnalyst).code]).toEqual([403, 'FORBIDDEN']);
    expect((await caseRow(t, c.id)).status).toBe('pending_approval');
    const approved = await review(secondSupervisor, decision.id, { approve: true, note: 'Đã đối chiếu nguồn.' });
    expect(approved.statusCode).toBe(200);
    expect(json(approved)).toMatchObject({ decision: { state: 'in_effect', reviewedByName: secondSupervisor.name }, case: { status: 'verified' } });
    expect(await decidedEvents(t, c.id)).toHaveLength(1);
    expect(errorOf(await review(secondSupervisor, decision.id, { approve: true })).code).toBe('CASE_STATE_CONFLICT');
  });

  it('returns a refused fake-news decision’s case to review', async () => {
    const c = await newCase(t, { category: 'fake_news' });
    const { decision } = json<{ decision: Decision }>(await decide(analyst, c.id, { outcome: 'rejected', reason: 'Thông tin đúng sự thật.' }));
    const refused = await review(supervisor, decision.id, { approve: false, note: 'Cần xác minh thêm.' });
    expect(json(refused)).toMatchObject({ decision: { state: 'refused' }, case: { status: 'in_review' } });
    expect(await decidedEvents(t, c.id)).toEqual([]);
  });

  it('refuses to decide a case already decided (409), storing nothing', async () => {
    const c = await newCase(t);
    await decide(analyst, c.id, verifyBody());
    const again = await decide(analyst, c.id, { outcome: 'rejected', reason: 'Đổi ý.' });
    expect([again.statusCode, errorOf(again).code]).toEqual([409, 'CASE_STATE_CONFLICT']);
    expect(await rows(t, 'select outcome from case_decisions where case_id = $1', [c.id])).toEqual([{ outcome: 'verified' }]);
    expect((await caseRow(t, c.id)).status).toBe('verified');
  });

  const INVALID: [string, object, string, string][] = [
    ['no legal basis', verifyBody({ legalBasis: undefined }), 'VALIDATION_FAILED', 'body.legalBasis'],
    ['a legal basis of two characters', verifyBody({ legalBasis: 'ab' }), 'VALIDATION_FAILED', 'body.legalBasis'],
    ['an unknown verdict', verifyBody({ verdict: 'guilty' }), 'VALIDATION_FAILED', 'body.verdict'],
    ['13 categories', verifyBody({ categories: [...CATEGORY_CODES, 'scam'] }), 'VALIDATION_FAILED', 'body.categories'],
    ['an unknown decision ground', verifyBody({ decisionGround: 'because' }), 'VALIDATION_FAILED', 'body.decisionGround'],
    ['an unknown outcome', { outcome: 'banned', reason: 'Spam' }, 'VALIDATION_FAILED', 'body.outcome'],
    ['a rejection without a reason', { outcome: 'rejected' }, 'VALIDATION_FAILED', 'body.reason'],
    ['a field of another outcome', verifyBody({ reason: 'x' }), 'UNKNOWN_FIELD', 'body.reason'],
  ];
  it.each(INVALID)('refuses %s with a 400 naming only that field, storing nothing', async (_name, body, code, field) => {
    const c = await newCase(t);
    const response = await decide(analyst, c.id, body);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe(code);
    // Only the chosen outcome's complaints: not "reason is missing" for a verification.
    expect(new Set(error.details.map((d) => d.field?.replace(/\.\d+$/, '')).filter((f) => f !== 'body'))).toEqual(new Set([field]));
    expect(await rows(t, 'select id from case_decisions where case_id = $1', [c.id])).toEqual([]);
    expect((await caseRow(t, c.id)).status).toBe('new');
  });
});

describe('bulk actions', () => {
  it('rejects three cases as spam at once, each with its decision and event', async () => {
    const ids = [(await newCase(t)).id, (await newCase(t)).id, (await newCase(t)).id];
    const response = await bulk(analyst, { action: 'reject_spam', caseIds: ids });
    expect(json(response)).toEqual({ affected: 3 });
    for (const id of ids) {
      expect((await caseRow(t, id)).status).toBe('rejected');
      expect(await rows(t, 'select outcome, public_note from case_decisions where case_id = $1', [id])).toEqual([{ outcome: 'rejected', public_note: DEFAULT_SPAM_REASON }]);
      expect(await decidedEvents(t, id)).toHaveLength(1);
    }
  });

  it('merges selected cases into one named by reference (itself skipped)', async () => {
    const [a, b, c] = [await newCase(t), await newCase(t), await newCase(t)];
    const response = await bulk(analyst, { action: 'merge', caseIds: [a.id, b.id, c.id], into: (await detail(a.id)).ref });
    expect(json(response)).toEqual({ affected: 2 });
    expect((await detail(a.id)).reportCount).toBe(3);
    for (const id of [b.id, c.id]) expect(await caseRow(t, id)).toMatchObject({ status: 'duplicate', duplicate_of: a.id });
  });

  it('assigns cases to an analyst of their province', async () => {
    const ids = [(await newCase(t, { province: 'hue' })).id, (await newCase(t, { province: 'hue' })).id];
    expect(json(await bulk(analyst, { action: 'assign', caseIds: ids, assigneeId: hueAnalyst.id }))).toEqual({ affected: 2 });
    for (const id of ids) expect((await caseRow(t, id)).assignee_id).toBe(hueAnalyst.id);
  });

  it('refuses a Hà Nội analyst for a Huế case, all or nothing', async () => {
    const hanoiCase = await newCase(t, { province: 'ha-noi' });
    const hueCase = await newCase(t, { province: 'hue' });
    const response = await bulk(analyst, { action: 'assign', caseIds: [hanoiCase.id, hueCase.id], assigneeId: hanoiAnalyst.id });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'assignee' }] });
    expect((await caseRow(t, hanoiCase.id)).assignee_id).toBeNull();
    expect((await caseRow(t, hueCase.id)).assignee_id).toBeNull();
  });

  it.each([
    ['assign', 'assigneeId'],
    ['merge', 'into'],
  ])('refuses %s without %s', async (action, field) => {
    const response = await bulk(analyst, { action, caseIds: [(await newCase(t)).id] });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).details.map((d) => d.field)).toEqual([field]);
  });
});

describe('notes and assignment', () => {
  it('keeps notes among staff: on the case, never on the reporter’s status', async () => {
    const c = await newCase(t);
    const text = 'Nội bộ: số tài khoản này trùng với một vụ ở Đà Nẵng.';
    const response = await call(t, analyst.headers, 'POST', `/api/v1/cases/${c.id}/notes`, { body: text });
    expect(response.statusCode).toBe(201);
    expect(json(response)).toMatchObject({ body: text, authorName: analyst.name });
    expect((await detail(c.id)).notes).toEqual([expect.objectContaining({ body: text })]);
    await decide(analyst, c.id, { outcome: 'more_info', question: 'Bạn chuyển tiền lúc nào?' });
    for (const url of [`/api/v1/reports/${c.ticket}`, `/track/${c.ticket}`]) {
      const seen = await call(t, {}, 'GET', url);
      expect(seen.statusCode).toBe(200);
      expect(seen.body).not.toContain('Đà Nẵng');
      expect(seen.body).not.toContain(analyst.name);
    }
  });

  it('assigns and unassigns, and the queue filters by assignee', async () => {
    const c = await newCase(t, { province: 'hue' });
    const assign = (assigneeId: string | null) => call(t, analyst.headers, 'POST', `/api/v1/cases/${c.id}/assign`, { assigneeId });
    expect(json<Summary>(await assign(hueAnalyst.id)).assigneeId).toBe(hueAnalyst.id);
    const mine = json<{ items: Summary[] }>(await call(t, hueAnalyst.headers, 'GET', '/api/v1/cases?assignee=me'));
    expect(mine.items.map((x) => x.id)).toContain(c.id);
    const unassignedQueue = json<{ items: Summary[] }>(await call(t, analyst.headers, 'GET', '/api/v1/cases?assignee=none&limit=100'));
    expect(unassignedQueue.items.map((x) => x.id)).not.toContain(c.id);
    expect(json<Summary>(await assign(null)).assigneeId).toBeNull();
    expect((await caseRow(t, c.id)).assignee_id).toBeNull();
    const outsider = await assign(platformUser.id);
    expect([outsider.statusCode, errorOf(outsider).details[0]?.field]).toEqual([400, 'assignee']);
  });

  it('claims a case: assigned to oneself, in review', async () => {
    const c = await newCase(t, { province: 'hue' });
    const claimed = await call(t, hueAnalyst.headers, 'POST', `/api/v1/cases/${c.id}/claim`, {});
    expect(json(claimed)).toMatchObject({ assigneeId: hueAnalyst.id, status: 'in_review' });
    expect((await track(c.ticket)).status).toBe('in_review');
  });
});

describe('domain events of decisions', () => {
  it('publishes one case.decided for a verification, with the targets and the verdict', async () => {
    const c = await newCase(t, { targets: [{ value: '0912 000 111' }, { value: 'https://su-kien.example.com/' }] });
    const { decision } = json<{ decision: Decision }>(await decide(analyst, c.id, verifyBody({ verdict: 'suspicious' })));
    const events = await decidedEvents(t, c.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ outcome: 'verified', verdict: 'suspicious', decisionId: decision.id });
    expect(events[0]?.payload.targets).toEqual(
      expect.arrayContaining([
        { type: 'phone', value: '+84912000111' },
        { type: 'url', value: 'https://su-kien.example.com/' },
      ]),
    );
    expect(events[0]?.payload.targets).toHaveLength(2);
  });

  it('publishes one for a rejection, and none for a question', async () => {
    const rejected = await newCase(t);
    await decide(analyst, rejected.id, { outcome: 'rejected', reason: 'Không có căn cứ.' });
    expect((await decidedEvents(t, rejected.id)).map((e) => [e.payload.outcome, e.payload.verdict])).toEqual([['rejected', null]]);
    const asked = await newCase(t);
    await decide(analyst, asked.id, { outcome: 'more_info', question: 'Bạn có ảnh chụp không?' });
    expect(await decidedEvents(t, asked.id)).toEqual([]);
    expect(await rows(t, "select kind from case_events where case_id = $1 and kind = 'more_info'", [asked.id])).toHaveLength(1);
  });
});
