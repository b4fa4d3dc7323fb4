// Appeals against takedown actions (issue 5 §5): the JSON API — filing (public), tracking by ticket
// (public), the staff queue, an appeal's detail and the decision — and the staff-only evidence files.
// The pages (form, tracking, staff queue and appeal page) are in pages/.
import { registerEvidenceRoute } from '../../identity/evidence-route.ts';
import type { FastifyRequest } from 'fastify';
import { isLocale, type Locale } from '../../../core/i18n.ts';
import { noReferrer } from '../../../core/http/security.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { jsonInMultipartField } from '../../../core/http/uploads.ts';
import { localeOf } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { referenceOf } from '../model.ts';
import { presentEvent, presentRequest, presentStatement } from '../present.ts';
import { APPEAL_UPLOADS, appealEvidenceUrl, appealRateLimit, decide, fileFromRequest, type AppealDeps } from './http.ts';
import { appealStatusText } from './messages.ts';
import { registerAppealPages } from './pages/index.tsx';
import { listTakedownAppeals, readAppealEvidence, takedownAppealDetail, trackTakedownAppeal, type AppealStaffView, type AppealSummary, type AppealTrackingView } from './queries.ts';
import * as S from './schema.ts';

const tags = ['takedowns'];

/** The locale of an API answer: `?lang=`, else the page rules (cookie, Accept-Language). */
function apiLocale(request: FastifyRequest, lang: string | undefined): Locale {
  return isLocale(lang) ? lang : localeOf(request);
}

/** The appellant's view as the API presents it, in a language. */
export function presentTracking(view: AppealTrackingView, locale: Locale) {
  const words = appealStatusText(locale, view.status);
  return {
    ticket: view.ticket,
    status: view.status,
    statusLabel: words.label,
    nextStep: words.next,
    submittedAt: view.submittedAt.toISOString(),
    evidenceCount: view.evidenceCount,
    decision: view.decision === null ? null : { reason: view.decision.reason, decidedAt: view.decision.decidedAt.toISOString() },
    action: { ...view.action, appliedAt: view.action.appliedAt.toISOString() },
  };
}

function presentSummary(item: AppealSummary) {
  const { requestNumber, ...rest } = item;
  return { ...rest, reference: referenceOf(requestNumber), createdAt: item.createdAt.toISOString(), decidedAt: item.decidedAt?.toISOString() ?? null };
}

function presentDetail(view: AppealStaffView) {
  const a = view.appeal;
  return {
    id: a.id,
    ticket: a.ticket,
    status: a.status,
    appellantName: a.appellantName,
    hasContact: a.hasContact,
    locale: a.locale,
    statement: a.statement,
    createdAt: a.createdAt.toISOString(),
    decision: a.decidedAt === null ? null : { status: a.status, reason: a.decisionReason ?? '', decidedByName: a.decidedByName, decidedAt: a.decidedAt.toISOString() },
    evidence: view.evidence.map((e) => ({ id: e.id, contentType: e.contentType, size: e.size, fileName: e.fileName, url: appealEvidenceUrl(e.id) })),
    request: presentRequest(view.request),
    recipientName: view.recipientName,
    history: view.history.map(presentEvent),
    statementOfReasons: view.statement === null ? null : presentStatement(view.statement),
  };
}

/** The appeal API, the evidence files and the pages. */
export function registerTakedownAppeals(app: AppInstance, deps: AppealDeps): void {
  const { database, clock } = deps;

  app.post(
    '/api/v1/takedown-appeals',
    {
      config: { rateLimit: appealRateLimit(deps), uploads: APPEAL_UPLOADS },
      schema: {
        tags,
        summary:
          'Appeal against a takedown or blocking action, named by its statement of reasons or request reference (JSON, or multipart/form-data with an `appeal` JSON field and up to 5 `evidence` files). 422 when unknown or nothing was actioned, 409 when already appealed.',
        body: S.AppealBody,
        response: { 201: S.AppealCreated },
      },
      preValidation: jsonInMultipartField('appeal'),
    },
    async (request, reply) => {
      const filed = await fileFromRequest(deps, request, request.body, 'api');
      return reply.status(201).send({ ticket: filed.ticket, status: filed.status, trackUrl: filed.trackUrl });
    },
  );

  app.get(
    '/api/v1/takedown-appeals/:ticket',
    {
      onSend: noReferrer,
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags, summary: 'The public status of a takedown appeal, by ticket (no personal data)', params: S.TicketParams, querystring: S.LangQuery, response: { 200: S.AppealStatusView } },
    },
    async (request) => presentTracking(await trackTakedownAppeal(database.db, request.params.ticket), apiLocale(request, request.query.lang)),
  );

  app.get(
    '/api/v1/takedown-appeals',
    { schema: { tags, summary: 'Appeals against your authority’s requests (the national centre: all), for supervisors and admins: open ones first, oldest first', querystring: S.AppealListQuery, response: { 200: S.AppealList } } },
    async (request) => {
      const { status, limit = 50, offset = 0 } = request.query;
      const list = await listTakedownAppeals(database.db, contextOf(request, clock), { status: status ?? null, limit, offset });
      return { total: list.total, items: list.items.map(presentSummary) };
    },
  );

  app.get(
    '/api/v1/takedown-appeals/by-id/:appealId',
    { schema: { tags, summary: 'An appeal with its evidence, the request with its history, and the statement of reasons (supervisors and admins of the issuer)', params: S.AppealParams, response: { 200: S.AppealDetail } } },
    async (request) => presentDetail(await takedownAppealDetail(database.db, contextOf(request, clock), request.params.appealId)),
  );

  app.post(
    '/api/v1/takedown-appeals/by-id/:appealId/decision',
    {
      schema: {
        tags,
        summary: 'Restore (the recipient is asked to reverse the action) or confirm, with a reason the appellant reads. Recorded on the request’s history and its statement of reasons. 409 when already decided.',
        params: S.AppealParams,
        body: S.DecisionBody,
        response: { 200: S.AppealDetail },
      },
    },
    async (request) => {
      const ctx = contextOf(request, clock);
      await decide(deps, ctx, request.params.appealId, request.body);
      return presentDetail(await takedownAppealDetail(database.db, ctx, request.params.appealId));
    },
  );

  registerEvidenceRoute(app, deps, {
    path: '/takedowns/appeals/evidence/:id',
    read: (db, ctx, id) => readAppealEvidence(db, ctx, deps.evidence, id),
    audit: (evidence) => ({ action: 'takedown_appeal_evidence.viewed', subjectType: 'takedown_appeal_evidence', summary: { appealId: evidence.appealId } }),
  });


  registerAppealPages(app, deps);
}
