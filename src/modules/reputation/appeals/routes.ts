// Appeals and delisting (issue 4 §7): the JSON API — filing (public), tracking by ticket (public),
// the staff queue, an appeal's detail and the decision — and the staff-only evidence files.
// The pages (form, tracking, staff queue and appeal page) are in pages/.
import { registerEvidenceRoute } from '../../identity/evidence-route.ts';
import { noReferrer } from '../../../core/http/security.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { jsonInMultipartField } from '../../../core/http/uploads.ts';
import type { Locale } from '../../../core/i18n.ts';
import { contextOf } from '../../identity/http.ts';
import { apiLocale, type ReputationDeps } from '../routes.ts';
import { APPEAL_UPLOADS, appealEvidenceUrl, appealRateLimit, decideAndCatchUp, fileFromRequest } from './http.ts';
import { appealStatusText } from './messages.ts';
import { registerAppealPages } from './pages/index.tsx';
import { appealDetail, listAppeals, readAppealEvidence, trackAppeal, type AppealStaffView, type AppealTrackingView } from './queries.ts';
import * as S from './schema.ts';

/** The appellant's view as the API presents it, in a language. */
export function presentTracking(view: AppealTrackingView, locale: Locale) {
  const words = appealStatusText(locale, view.status);
  return {
    ticket: view.ticket,
    status: view.status,
    statusLabel: words.label,
    nextStep: words.next,
    type: view.type,
    value: view.value,
    ground: view.ground,
    submittedAt: view.submittedAt.toISOString(),
    evidenceCount: view.evidenceCount,
    decision: view.decision === null ? null : { reason: view.decision.reason, decidedAt: view.decision.decidedAt.toISOString() },
  };
}

function presentDetail(view: AppealStaffView) {
  const a = view.appeal;
  return {
    id: a.id,
    ticket: a.ticket,
    status: a.status,
    type: a.type,
    value: a.value,
    ground: a.ground,
    statement: a.statement,
    appellantName: a.appellantName,
    hasContact: a.hasContact,
    locale: a.locale,
    createdAt: a.createdAt.toISOString(),
    decision: a.decidedAt === null ? null : { status: a.status, reason: a.decisionReason ?? '', decidedByName: a.decidedByName, decidedAt: a.decidedAt.toISOString() },
    evidence: view.evidence.map((e) => ({ id: e.id, contentType: e.contentType, size: e.size, fileName: e.fileName, url: appealEvidenceUrl(e.id) })),
    listings: view.listings.map((l) => ({
      id: l.id,
      source: l.source,
      sourceKey: l.sourceKey,
      sourceRef: l.sourceRef,
      verdict: l.verdict,
      categories: l.categories,
      confidence: l.confidence,
      status: l.status,
      firstSeen: l.firstSeen.toISOString(),
      lastVerified: l.lastVerified.toISOString(),
      expiresAt: l.expiresAt?.toISOString() ?? null,
      history: l.history.map((h) => ({ serial: h.serial, action: h.action, status: h.status, verdict: h.verdict, actorName: h.actorName, note: h.note, at: h.at.toISOString() })),
    })),
    otherAppeals: view.otherAppeals.map((o) => ({ id: o.id, status: o.status, createdAt: o.createdAt.toISOString() })),
  };
}

export function registerAppealRoutes(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock } = deps;

  app.post(
    '/api/v1/appeals',
    {
      config: { rateLimit: appealRateLimit(deps), uploads: APPEAL_UPLOADS },
      schema: {
        tags: ['reputation'],
        summary: 'Ask for a listed value to be delisted (JSON, or multipart/form-data with an `appeal` JSON field and up to 5 `evidence` files). 422 NOT_LISTED when nothing is listed.',
        body: S.AppealBody,
        response: { 201: S.AppealCreated },
      },
      preValidation: jsonInMultipartField('appeal'),
    },
    async (request, reply) => {
      const filed = await fileFromRequest(deps, request, request.body, 'api');
      return reply.status(201).send({ id: filed.id, ticket: filed.ticket, status: filed.status, trackUrl: filed.trackUrl });
    },
  );

  app.get(
    '/api/v1/appeals/:ticket',
    {
      onSend: noReferrer,
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags: ['reputation'], summary: 'The public status of an appeal, by ticket (no personal data)', params: S.AppealTicketParams, querystring: S.LangQuery, response: { 200: S.AppealStatusView } },
    },
    async (request) => presentTracking(await trackAppeal(database.db, request.params.ticket), apiLocale(request, request.query.lang)),
  );

  app.get(
    '/api/v1/appeals',
    { schema: { tags: ['reputation'], summary: 'Appeals for staff of the national authority: open ones first, oldest first', querystring: S.AppealListQuery, response: { 200: S.AppealList } } },
    async (request) => {
      const { status, limit = 50, offset = 0 } = request.query;
      const list = await listAppeals(database.db, contextOf(request, clock), { status: status ?? null, limit, offset });
      return { total: list.total, items: list.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), decidedAt: i.decidedAt?.toISOString() ?? null })) };
    },
  );

  app.get(
    '/api/v1/appeals/by-id/:id',
    { schema: { tags: ['reputation'], summary: 'An appeal with its evidence and every listing of its value with their history (staff)', params: S.AppealIdParams, response: { 200: S.AppealDetail } } },
    async (request) => presentDetail(await appealDetail(database.db, contextOf(request, clock), request.params.id)),
  );

  app.post(
    '/api/v1/appeals/by-id/:id/decision',
    {
      schema: {
        tags: ['reputation'],
        summary: 'Grant (delist the value from every source, at the next serial) or refuse an appeal, with a reason the appellant reads. 409 when already decided.',
        params: S.AppealIdParams,
        body: S.DecisionBody,
        response: { 200: S.AppealDetail },
      },
    },
    async (request) => {
      const ctx = contextOf(request, clock);
      await decideAndCatchUp(deps, ctx, request.params.id, request.body);
      return presentDetail(await appealDetail(database.db, ctx, request.params.id));
    },
  );

  registerEvidenceRoute(app, deps, {
    path: '/admin/appeals/evidence/:id',
    read: (db, ctx, id) => readAppealEvidence(db, ctx, deps.evidence, id),
    audit: (evidence) => ({ action: 'appeal_evidence.viewed', subjectType: 'appeal_evidence', summary: { appealId: evidence.appealId } }),
  });


  registerAppealPages(app, deps);
}
