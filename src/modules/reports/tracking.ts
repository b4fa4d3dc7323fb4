import type { Db, Tx } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n.ts';
import { publicCaseView, reporterAnswered } from '../cases/index.ts';
import { recordAudit, type Context } from '../identity/index.ts';
import { historyWords, statusWords } from './messages.ts';
import { normalizeTicket, publicStatusOf, REPORT_LIMITS, type PublicStatus } from './model.ts';
import * as repo from './repository.ts';

/** What the holder of a ticket sees: no personal data, no staff names, no internal notes. */
export type TrackingView = {
  ticket: string;
  status: PublicStatus;
  category: string;
  submittedAt: Date;
  targets: { type: string; display: string }[];
  evidenceCount: number;
  history: { kind: string; note: string | null; at: Date }[];
  decision: { outcome: string; verdict: string | null; categories: string[]; decisionGround: string | null; legalBasis: string | null; decidedAt: Date } | null;
  /** The open question to reporters, when the status is more_info. */
  question: string | null;
};

const KNOWN_KINDS = new Set(['received', 'opened', 'in_review', 'more_info', 'replied', 'verified', 'rejected', 'duplicate', 'reopened', 'action_taken', 'action_declined']);

/** A history line in a language (unknown kinds, from later modules, fall back to their code). */
export function historyLine(locale: Locale, kind: string): string {
  return KNOWN_KINDS.has(kind) ? historyWords(locale, kind as Parameters<typeof historyWords>[1]) : kind;
}

/** The label and the next step of a reporter-facing status. */
export function statusText(locale: Locale, status: PublicStatus): { label: string; next: string } {
  return statusWords[locale][status];
}

async function reportByTicket(db: Db, ticketInput: string): Promise<repo.ReportRow> {
  const ticket = normalizeTicket(ticketInput);
  const report = ticket === null ? null : await repo.findByTicket(db, ticket);
  if (report === null) throw new AppError('NOT_FOUND', 'No report has this ticket. Check the code and try again.');
  return report;
}

/**
 * The public status and history of a report. The reporter's own lines, the
 * case's public lines since the report arrived, and the decision in force even
 * when it was taken before (a report about an already verified target).
 */
export async function trackReport(db: Db, ticketInput: string): Promise<TrackingView> {
  const report = await reportByTicket(db, ticketInput);
  // One after the other: `db` may be a transaction's single connection.
  const own = await repo.eventsOf(db, [report.id]);
  const targets = await repo.targetsOf(db, [report.id]);
  const evidence = await repo.evidenceOf(db, [report.id]);
  const caseView = report.caseId === null ? null : await publicCaseView(db, report.caseId);
  const since = report.createdAt.getTime();
  const caseLines = (caseView?.events ?? []).filter((e) => e.kind !== 'opened' && e.at.getTime() >= since);
  const decisionBefore = caseView?.decision != null && caseView.decision.decidedAt.getTime() < since ? [{ kind: caseView.decision.outcome, note: null, at: caseView.decision.decidedAt }] : [];
  const history = [
    ...decisionBefore,
    ...own.map((e) => ({ kind: e.kind, note: null, at: e.at })),
    ...caseLines.map((e) => ({ kind: e.kind, note: e.publicNote, at: e.at })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const status = publicStatusOf(caseView?.status ?? 'new');
  const lastQuestion = caseLines.filter((e) => e.kind === 'more_info').at(-1) ?? (caseView?.events ?? []).filter((e) => e.kind === 'more_info').at(-1);
  return {
    ticket: report.ticket,
    status,
    category: report.category,
    submittedAt: report.createdAt,
    targets: targets.map((t) => ({ type: t.type, display: t.display })),
    evidenceCount: evidence.length,
    history,
    decision: caseView?.decision ?? null,
    question: status === 'more_info' ? (lastQuestion?.publicNote ?? null) : null,
  };
}

/** The reporter answers the staff's question; the case returns to review with a flag. */
export async function answerQuestion(tx: Tx, ctx: Context, ticketInput: string, body: string): Promise<TrackingView> {
  const report = await reportByTicket(tx.db, ticketInput);
  const text = body.trim();
  if (text === '' || [...text].length > REPORT_LIMITS.reply) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'body', message: `1 to ${REPORT_LIMITS.reply} characters` }]);
  const view = await trackReport(tx.db, report.ticket);
  if (view.status !== 'more_info') throw new AppError('CASE_STATE_CONFLICT', 'No question is waiting for an answer on this report.');
  await repo.insertEvent(tx.db, { reportId: report.id, kind: 'replied', body: text, at: ctx.now });
  if (report.caseId !== null) await reporterAnswered(tx, report.caseId, ctx.now);
  await recordAudit(tx.db, ctx, { orgId: null, action: 'report.replied', subjectType: 'report', subjectId: report.id, summary: { caseId: report.caseId } });
  return trackReport(tx.db, report.ticket);
}
