import type { FastifyRequest } from 'fastify';
import { registerEvidenceRoute } from '../identity/evidence-route.ts';
import type { Clock } from '../../core/clock.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { Database } from '../../core/db.ts';
import type { EventBus } from '../../core/events.ts';
import type { EvidenceStore } from '../../core/files/index.ts';
import type { Locale } from '../../core/i18n.ts';
import { evidenceUploadsOf, jsonInMultipartField } from '../../core/http/uploads.ts';
import { localeOf } from '../../web/page-context.ts';
import type { AppInstance } from '../../core/http/types.ts';
import type { Notifier } from '../alerts/index.ts';
import { contextOf } from '../identity/http.ts';
import { TargetRateLimiter } from './abuse.ts';
import { readEvidence, storeEvidence } from './evidence.ts';
import { prepareReport, submitReport, type ReportInput } from './intake.ts';
import { REPORT_LIMITS, type Channel } from './model.ts';
import { ReplyBody, ReportBody, ReportCreated, ReportStatus, TicketParams } from './schema.ts';
import { answerQuestion, historyLine, statusText, trackReport, type TrackingView } from './tracking.ts';

export type ReportsDeps = {
  database: Database;
  clock: Clock;
  box: SecretBox;
  notifier: Notifier;
  events: EventBus;
  evidence: EvidenceStore;
  publicUrl: string;
  rateLimit: { max: number; windowSeconds: number; perTargetPerDay: number };
};

/** The tracking view as the API presents it, in the reporter's language. */
export function presentStatus(view: TrackingView, locale: Locale) {
  const words = statusText(locale, view.status);
  return {
    ticket: view.ticket,
    status: view.status,
    statusLabel: words.label,
    nextStep: words.next,
    category: view.category,
    submittedAt: view.submittedAt.toISOString(),
    targets: view.targets,
    evidenceCount: view.evidenceCount,
    question: view.question,
    decision: view.decision === null ? null : { ...view.decision, decidedAt: view.decision.decidedAt.toISOString() },
    history: view.history.map((h) => ({ kind: h.kind, text: historyLine(locale, h.kind), note: h.note, at: h.at.toISOString() })),
  };
}

/**
 * One intake for the API and the form: check and normalise, refuse floods,
 * store the evidence, then the report, its case, audit and email job in one
 * transaction. Returns the ticket.
 */
export function buildIntake(deps: ReportsDeps) {
  const limiter = new TargetRateLimiter(deps.rateLimit.perTargetPerDay);
  return async (request: FastifyRequest, input: ReportInput, channel: Channel, idempotencyKey: string | null) => {
    const prepared = prepareReport(input);
    const ctx = contextOf(request, deps.clock);
    const files = evidenceUploadsOf(request);
    limiter.admit(request.ip, prepared.targets, ctx.now);
    const evidence = await storeEvidence(deps.evidence, files);
    const result = await submitReport(deps.database, ctx, prepared, { channel, evidence, idempotencyKey }, deps);
    return { ...result, trackUrl: `${deps.publicUrl}/track/${result.body.ticket}` };
  };
}

/** Report intake, public tracking and replies over the API; evidence files for staff. */
export function registerReportsRoutes(app: AppInstance, deps: ReportsDeps, intake: ReturnType<typeof buildIntake>): void {
  const { database, clock } = deps;
  const perClient = { max: deps.rateLimit.max, timeWindow: deps.rateLimit.windowSeconds * 1000 };
  const uploads = { maxFiles: REPORT_LIMITS.evidenceFiles, maxFileBytes: REPORT_LIMITS.evidenceBytes };

  app.post(
    '/api/v1/reports',
    {
      config: { rateLimit: perClient, uploads },
      schema: {
        tags: ['reports'],
        summary: 'Send a report (JSON, or multipart/form-data with a `report` JSON field and up to 5 `evidence` files). Honours Idempotency-Key.',
        body: ReportBody,
        response: { 201: ReportCreated },
      },
      preValidation: jsonInMultipartField('report'),
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await intake(request, request.body, 'api', typeof key === 'string' ? key : null);
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send({ id: result.body.id, ticket: result.body.ticket, status: result.body.status, trackUrl: result.trackUrl });
    },
  );

  app.get(
    '/api/v1/reports/:ticket',
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags: ['reports'], summary: 'The public status and history of a report, by ticket (no personal data)', params: TicketParams, response: { 200: ReportStatus } },
    },
    async (request) => presentStatus(await trackReport(database.db, request.params.ticket), localeOf(request)),
  );

  app.post(
    '/api/v1/reports/:ticket/replies',
    {
      config: { rateLimit: perClient },
      schema: { tags: ['reports'], summary: 'Answer the question staff asked about a report', params: TicketParams, body: ReplyBody, response: { 200: ReportStatus } },
    },
    async (request) => {
      const view = await database.transaction((tx) => answerQuestion(tx, contextOf(request, clock), request.params.ticket, request.body.body));
      return presentStatus(view, localeOf(request));
    },
  );

  registerEvidenceRoute(app, deps, {
    path: '/evidence/:id',
    read: (db, ctx, id) => readEvidence(db, ctx, deps.evidence, id),
    audit: (evidence) => ({ action: 'evidence.viewed', subjectType: 'evidence', summary: { caseId: evidence.caseId } }),
  });
}
