// The reporter always knows what happened: status history through the case's
// life, answering a question, and an email for each change (through the job
// queue, to a local SMTP server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideCase, reviewDecision, type DecisionInput } from '../src/modules/cases/index.ts';
import type { Context } from '../src/modules/identity/index.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { caseOf, submit } from './helpers/reports.ts';
import { startSmtpServer } from './helpers/smtp.ts';

type Status = { status: string; statusLabel: string; nextStep: string; question: string | null; decision: { verdict: string | null } | null; history: { kind: string; note: string | null }[] };

describe('feedback to reporters', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ worker: true, config: { smtp: { url: smtp.url, from: 'An toàn <no-reply@antoan.test>' } } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const decide = (caseId: string, input: DecisionInput, ctx: Context = t.ctx()) => t.database.transaction((tx) => decideCase(tx, ctx, caseId, input, { events: t.events }));
  const status = async (ticket: string) => json<Status>(await t.app.inject({ method: 'GET', url: `/api/v1/reports/${ticket}` }));

  it('walks received → more information → reply → verified, emailing each change to the contact', async () => {
    const report = await submit(t, { contact: 'ban.doc@example.vn', targets: [{ value: 'https://qua-tang.example.com/nhan-qua' }] });
    const caseId = await caseOf(t, report.id);
    const [received] = await smtp.waitFor(1);
    expect(received?.to).toEqual(['ban.doc@example.vn']);
    expect(received?.subject).toContain(report.ticket);
    expect(received?.text).toContain('Đã tiếp nhận');
    expect(received?.text).toContain(`/track/${report.ticket}`);

    await decide(caseId, { outcome: 'more_info', question: 'Bạn đã chuyển tiền chưa, số tiền bao nhiêu?' });
    const asked = await status(report.ticket);
    expect(asked.status).toBe('more_info');
    expect(asked.question).toBe('Bạn đã chuyển tiền chưa, số tiền bao nhiêu?');
    expect(asked.history.map((h) => h.kind)).toEqual(['received', 'in_review', 'more_info']);
    const mails = await smtp.waitFor(3);
    expect(mails.map((m) => m.text).join('\n')).toContain('Bạn đã chuyển tiền chưa');

    const reply = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${report.ticket}/replies`, payload: { body: 'Tôi đã chuyển 2 triệu đồng.' } });
    expect(reply.statusCode).toBe(200);
    expect(json<Status>(reply).status).toBe('in_review');
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${report.ticket}/replies`, payload: { body: 'Thêm nữa' } });
    expect(again.statusCode).toBe(409);

    await decide(caseId, { outcome: 'verified', verdict: 'dangerous', categories: ['scam', 'phishing'], decisionGround: 'illegal_content', legalBasis: 'Điều 174 Bộ luật Hình sự', facts: 'Trang giả mạo thu thập mã OTP của người dùng.', automatedDetection: false, automatedDecision: false });
    const verified = await status(report.ticket);
    expect(verified.status).toBe('verified');
    expect(verified.decision?.verdict).toBe('dangerous');
    expect(verified.nextStep).toMatch(/danh sách cảnh báo/);
    const all = await smtp.waitFor(4);
    expect(all.at(-1)?.text).toContain('Đã xác minh');
    // Each change is emailed once, however often the job runs.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages).toHaveLength(4);
  });

  it('tells a later reporter about a decision taken before they reported', async () => {
    const first = await submit(t, { targets: [{ value: '0977 000 111' }] });
    await decide(await caseOf(t, first.id), { outcome: 'verified', verdict: 'suspicious', categories: ['scam'], decisionGround: 'illegal_content', legalBasis: 'Nghị định 147/2024', facts: 'Nhiều người báo cùng một kịch bản.', automatedDetection: false, automatedDecision: false });
    t.clock.advance(60_000);
    const later = await submit(t, { targets: [{ value: '+84977000111' }] });
    expect((await status(later.ticket)).status).toBe('received');
    await t.groupReports();
    const view = await status(later.ticket);
    expect(view.status).toBe('verified');
    expect(view.history.map((h) => h.kind)).toEqual(['verified', 'received']);
  });

  it('shows a rejection with its reason, and reopens the case when new reports arrive', async () => {
    const report = await submit(t, { targets: [{ value: 'https://binh-thuong.example.com/' }] });
    const caseId = await caseOf(t, report.id);
    await decide(caseId, { outcome: 'rejected', reason: 'Trang web hợp pháp, không có dấu hiệu lừa đảo.' });
    const rejected = await status(report.ticket);
    expect(rejected.status).toBe('rejected');
    expect(rejected.history.at(-1)?.note).toBe('Trang web hợp pháp, không có dấu hiệu lừa đảo.');
    const next = await submit(t, { targets: [{ value: 'https://binh-thuong.example.com/' }] });
    expect(await caseOf(t, next.id)).toBe(caseId);
    expect((await status(next.ticket)).status).toBe('received');
  });

  it('keeps fake-news decisions pending until another supervisor approves; reporters see "in review" meanwhile', async () => {
    const report = await submit(t, { category: 'fake_news', targets: [{ value: 'https://tin-gia.example.com/bai-viet' }] });
    const caseId = await caseOf(t, report.id);
    const authority = await t.org({ kind: 'authority', scope: 'national' });
    const analyst = await t.user(authority.id, 'analyst');
    const supervisor = await t.user(authority.id, 'supervisor');
    const asUser = (u: { id: string; email: string; displayName: string }, role: 'analyst' | 'supervisor'): Context => ({
      actor: { type: 'user', userId: u.id, email: u.email, displayName: u.displayName, memberships: [{ orgId: authority.id, orgKind: 'authority', orgScope: 'national', provinceCode: null, role }], twoFactorVerified: true },
      requestId: null,
      now: t.clock.now(),
    });
    const { decision, case: pending } = await decide(caseId, { outcome: 'verified', verdict: 'dangerous', categories: ['fake_news'], decisionGround: 'illegal_content', legalBasis: 'Nghị định 147/2024 Điều 8', facts: 'Bài viết bịa đặt về dịch bệnh.', automatedDetection: false, automatedDecision: false }, asUser(analyst, 'analyst'));
    expect(decision.state).toBe('pending_approval');
    expect(pending.status).toBe('pending_approval');
    expect((await status(report.ticket)).status).toBe('in_review');
    const { rows: before } = await t.database.sql.executeSql("select count(*)::int as n from domain_events where type = 'case.decided' and aggregate_id = $1", [caseId]);
    expect(before[0]).toEqual({ n: 0 });
    await expect(t.database.transaction((tx) => reviewDecision(tx, asUser(analyst, 'analyst'), decision.id, { approve: true, note: null }, { events: t.events }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.database.transaction((tx) => reviewDecision(tx, asUser(supervisor, 'supervisor'), decision.id, { approve: true, note: 'Đồng ý' }, { events: t.events }));
    expect((await status(report.ticket)).status).toBe('verified');
    const { rows: after } = await t.database.sql.executeSql("select payload from domain_events where type = 'case.decided' and aggregate_id = $1", [caseId]);
    expect(after).toHaveLength(1);
    expect((after[0] as { payload: { verdict: string; targets: { type: string; value: string }[] } }).payload).toMatchObject({ verdict: 'dangerous', targets: [{ type: 'url', value: 'https://tin-gia.example.com/bai-viet' }] });
    const { rows: audit } = await t.database.sql.executeSql("select action from audit_log where subject_id = $1 order by seq", [caseId]);
    expect(audit.map((r) => (r as { action: string }).action)).toEqual(['case.decision_proposed', 'case.decision_approved']);
  });

  it('the decider cannot approve their own decision', async () => {
    const report = await submit(t, { category: 'defamation', targets: [{ value: 'https://facebook.com/some.page.name' }] });
    const caseId = await caseOf(t, report.id);
    const authority = await t.org({ kind: 'authority', scope: 'national' });
    const supervisor = await t.user(authority.id, 'supervisor');
    const ctx: Context = {
      actor: { type: 'user', userId: supervisor.id, email: supervisor.email, displayName: supervisor.displayName, memberships: [{ orgId: authority.id, orgKind: 'authority', orgScope: 'national', provinceCode: null, role: 'supervisor' }], twoFactorVerified: true },
      requestId: null,
      now: t.clock.now(),
    };
    const { decision } = await decide(caseId, { outcome: 'rejected', reason: 'Ý kiến cá nhân, không vi phạm.' }, ctx);
    await expect(t.database.transaction((tx) => reviewDecision(tx, ctx, decision.id, { approve: true, note: null }, { events: t.events }))).rejects.toMatchObject({ code: 'APPROVAL_BY_ANOTHER' });
  });
});
