import type { Static } from 'typebox';
import { bodyDefaultsToEmpty } from '../../core/http/validation.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Tx } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { EventBus } from '../../core/events.ts';
import { isoOrNull, type AppInstance } from '../../core/http/types.ts';
import { contextOf } from '../identity/http.ts';
import type { Context } from '../identity/index.ts';
import { OPEN_STATUSES, type CaseStatus } from './categories.ts';
import { bulkAction, decideCase, reviewDecision, type DecisionInput } from './decisions.ts';
import type { CaseReportsReader, StaffReportView } from './ports.ts';
import { priorityAt } from './priority.ts';
import type { CaseNoteRow, CaseRow, DecisionRow } from './repository.ts';
import * as S from './schema.ts';
import { publicStatistics } from './stats.ts';
import { addNote, assignCases, claimCase, getCase, listQueue } from './triage.ts';

/** What the cases routes and pages need from the composition root. */
export type CasesDeps = { database: Database; clock: Clock; events: EventBus; reports: CaseReportsReader };

/** A case's public reference. */
export function caseRef(number: number): string {
  return `VV-${number}`;
}

/** Whether the first-review deadline has passed on a case nobody has looked at yet. */
export function isOverdue(row: CaseRow, now: Date): boolean {
  return OPEN_STATUSES.includes(row.status as CaseStatus) && row.firstReviewedAt === null && row.dueAt <= now;
}

/** A case as lists and summaries show it. */
export function presentSummary(row: CaseRow, now: Date, priority = priorityAt(row, now)): Static<typeof S.CaseSummary> {
  return {
    id: row.id,
    number: row.number,
    ref: caseRef(row.number),
    status: row.status as CaseStatus,
    category: row.category,
    categories: row.categories,
    severity: row.severity,
    priority: Math.round(priority * 10) / 10,
    provinceCode: row.provinceCode,
    reportCount: row.reportCount,
    firstReportedAt: row.firstReportedAt.toISOString(),
    lastReportedAt: row.lastReportedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    overdue: isOverdue(row, now),
    assigneeId: row.assigneeId,
    hasNewInformation: row.hasNewInformation,
  };
}

/** A decision with its statement of reasons (staff view: names the deciders). */
export function presentDecision(d: DecisionRow): Static<typeof S.Decision> {
  return {
    id: d.id,
    outcome: d.outcome as Static<typeof S.Decision>['outcome'],
    state: d.state,
    verdict: d.verdict,
    categories: d.categories,
    decisionGround: d.decisionGround,
    legalBasis: d.legalBasis,
    facts: d.facts,
    publicNote: d.publicNote,
    automatedDetection: d.automatedDetection,
    automatedDecision: d.automatedDecision,
    duplicateOf: d.duplicateOf,
    decidedByName: d.decidedByName,
    decidedAt: d.decidedAt.toISOString(),
    reviewedByName: d.reviewedByName,
    reviewedAt: isoOrNull(d.reviewedAt),
    reviewNote: d.reviewNote,
  };
}

function presentNote(n: CaseNoteRow) {
  return { id: n.id, authorName: n.authorName, body: n.body, createdAt: n.createdAt.toISOString() };
}

/** The URL staff open an evidence file at (served by the reports module). */
export function evidenceUrl(id: string): string {
  return `/evidence/${id}`;
}

function presentReport(r: StaffReportView) {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    evidence: r.evidence.map((e) => ({ ...e, url: evidenceUrl(e.id) })),
    replies: r.replies.map((reply) => ({ body: reply.body, at: reply.at.toISOString() })),
  };
}

/** The decision input of a use case from a validated request body. */
export function decisionInputOf(body: S.DecisionBody): DecisionInput {
  switch (body.outcome) {
    case 'verified':
      return {
        outcome: 'verified',
        verdict: body.verdict,
        categories: body.categories,
        decisionGround: body.decisionGround,
        legalBasis: body.legalBasis,
        facts: body.facts,
        automatedDetection: body.automatedDetection ?? false,
        automatedDecision: body.automatedDecision ?? false,
      };
    case 'rejected':
      return { outcome: 'rejected', reason: body.reason };
    case 'more_info':
      return { outcome: 'more_info', question: body.question };
    case 'duplicate':
      return { outcome: 'duplicate', duplicateOf: body.duplicateOf };
  }
}

const errors = { 400: S.ErrorResponse, 401: S.ErrorResponse, 403: S.ErrorResponse, 404: S.ErrorResponse, 409: S.ErrorResponse };
const SECURITY: { [label: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const staff = { tags: ['cases'], security: SECURITY };

/** Cases over the JSON API (authority staff, tokens with cases:read / cases:write) and the public statistics. */
export function registerCasesRoutes(app: AppInstance, deps: CasesDeps): void {
  const { database, clock, events } = deps;

  app.get('/api/v1/cases', { schema: { ...staff, summary: 'The triage queue, highest priority first', querystring: S.CaseListQuery, response: { 200: S.CaseList, ...errors } } }, async (request) => {
    const ctx = contextOf(request, clock);
    const q = request.query;
    const { rows, total } = await listQueue(database.db, ctx, {
      status: q.status,
      category: q.category,
      targetType: q.targetType,
      province: q.province,
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
      q: q.q,
      assignee: q.assignee,
      limit: q.limit ?? 25,
      offset: q.offset ?? 0,
    });
    return { items: rows.map((row) => presentSummary(row, ctx.now, row.priority)), total };
  });

  app.get('/api/v1/cases/:id', { schema: { ...staff, summary: 'A case with its targets, reports, notes, decisions and history', params: S.CaseIdParams, response: { 200: S.CaseDetail, ...errors } } }, async (request) => {
    const ctx = contextOf(request, clock);
    const found = await getCase(database.db, ctx, request.params.id);
    const reports = await deps.reports.reportsOfCase(database.db, found.case.id, 200);
    return {
      ...presentSummary(found.case, ctx.now),
      targets: found.targets.map((t) => ({ type: t.type, value: t.value, display: t.display, flags: t.flags, reportCount: t.reportCount })),
      events: found.events.map((e) => ({ kind: e.kind, publicNote: e.publicNote, at: e.at.toISOString() })),
      notes: found.notes.map(presentNote),
      decisions: found.decisions.map(presentDecision),
      similar: found.similar.map((s) => ({ id: s.case.id, ref: caseRef(s.case.number), similarity: Math.round(s.similarity * 100) / 100, reason: s.reason, status: s.case.status as CaseStatus })),
      reports: reports.map(presentReport),
    };
  });

  app.post(
    '/api/v1/cases/:id/claim',
    {
      schema: { ...staff, summary: 'Claim a case for yourself (it moves to review); no body, or {}', params: S.CaseIdParams, body: S.EmptyBody, response: { 200: S.CaseSummary, ...errors } },
      preValidation: bodyDefaultsToEmpty,
    },
    async (request) => {
      const ctx = contextOf(request, clock);
      const claimed = await database.transaction((tx) => claimCase(tx, ctx, request.params.id, { events }));
      return presentSummary(claimed, ctx.now);
    },
  );

  app.post('/api/v1/cases/:id/assign', { schema: { ...staff, summary: 'Assign a case to a member of staff (null: unassign)', params: S.CaseIdParams, body: S.AssignBody, response: { 200: S.CaseSummary, ...errors } } }, async (request) => {
    const ctx = contextOf(request, clock);
    await database.transaction((tx) => assignCases(tx, ctx, [request.params.id], request.body.assigneeId));
    return presentSummary((await getCase(database.db, ctx, request.params.id)).case, ctx.now);
  });

  app.post('/api/v1/cases/:id/notes', { schema: { ...staff, summary: 'Add an internal note (never shown to reporters)', params: S.CaseIdParams, body: S.NoteBody, response: { 201: S.Note, ...errors } } }, async (request, reply) => {
    const note = await database.transaction((tx) => addNote(tx, contextOf(request, clock), request.params.id, request.body.body));
    return reply.status(201).send(presentNote(note));
  });

  app.post(
    '/api/v1/cases/:id/decisions',
    { schema: { ...staff, summary: 'Decide a case with a statement of reasons (fake news and defamation wait for a supervisor)', params: S.CaseIdParams, body: S.DecisionBody, response: { 201: S.DecisionResult, ...errors } } },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const result = await database.transaction((tx) => decideCase(tx, ctx, request.params.id, decisionInputOf(request.body), { events }));
      return reply.status(201).send({ decision: presentDecision(result.decision), case: presentSummary(result.case, ctx.now) });
    },
  );

  app.post(
    '/api/v1/decisions/:id/review',
    { schema: { ...staff, summary: 'Approve or refuse a decision waiting for a supervisor (not your own)', params: S.DecisionIdParams, body: S.ReviewBody, response: { 200: S.DecisionResult, ...errors } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      const result = await database.transaction((tx) => reviewDecision(tx, ctx, request.params.id, { approve: request.body.approve, note: request.body.note ?? null }, { events }));
      return { decision: presentDecision(result.decision), case: presentSummary(result.case, ctx.now) };
    },
  );

  app.post('/api/v1/cases/bulk', { schema: { ...staff, summary: 'Reject as spam, merge or assign many cases at once (all or nothing)', body: S.BulkBody, response: { 200: S.BulkResult, ...errors } } }, async (request) => {
    const ctx = contextOf(request, clock);
    const body = request.body;
    const affected = await database.transaction((tx) => runBulk(tx, ctx, body, events));
    return { affected };
  });

  app.get(
    '/api/v1/stats',
    { schema: { tags: ['stats'], summary: 'Public statistics: reports by category, status and day, median handling times', querystring: S.StatsQuery, response: { 200: S.Statistics, 400: S.ErrorResponse } } },
    async (request, reply) => {
      const figures = await publicStatistics(database.db, clock.now(), request.query.days ?? 30);
      return reply.header('cache-control', 'public, max-age=60').send(figures);
    },
  );
}

/** One bulk action of the queue (shared by the API and the queue page's form). */
export async function runBulk(tx: Tx, ctx: Context, body: { action: S.BulkActionKind; caseIds: readonly string[]; into?: string | undefined; assigneeId?: string | null | undefined; reason?: string | undefined }, events: EventBus): Promise<number> {
  if (body.action === 'assign') {
    if (body.assigneeId === undefined) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'assigneeId', message: 'choose who gets the cases' }]);
    return assignCases(tx, ctx, body.caseIds, body.assigneeId);
  }
  if (body.action === 'merge') {
    if (body.into === undefined) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'into', message: 'name the case to merge into (VV-123)' }]);
    return bulkAction(tx, ctx, { kind: 'merge', into: body.into }, body.caseIds, { events });
  }
  return bulkAction(tx, ctx, { kind: 'reject_spam', reason: body.reason ?? S.DEFAULT_SPAM_REASON }, body.caseIds, { events });
}
