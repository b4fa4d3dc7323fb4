// The takedown appeal pages: the public form and tracking pages, and the staff queue and appeal
// page with its decision form. Thin routes: the filing, tracking, query and decision use cases do
// the work. Staff pages need a session that passed two-factor (requireUserPage).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, nullIfNotFound } from '../../../../core/errors.ts';
import { noReferrer } from '../../../../core/http/security.ts';
import type { AppInstance } from '../../../../core/http/types.ts';
import { uploadsOf } from '../../../../core/http/uploads.ts';
import { formRefusalHandler, type FormProblem } from '../../../../web/form-problems.ts';
import { formSchema, formString, type FormBody } from '../../../../web/forms.ts';
import { langParam, localeOf, pageContext, sendPage, withQuery } from '../../../../web/page-context.ts';
import { answerTicketLookup } from '../../../../web/ticket-pages.tsx';
import { contextOf } from '../../../identity/http.ts';
import { requireUserPage } from '../../../identity/index.ts';
import { checkFormStamp, issueFormStamp } from '../../../reports/index.ts';
import type { AppealInput } from '../filing.ts';
import { APPEAL_UPLOADS, appealRateLimit, decide, fileFromRequest, trackPath, type AppealDeps } from '../http.ts';
import { APPEAL_LIMITS, APPEAL_OUTCOMES, APPEAL_STATUSES, normalizeAppealTicket, OUTCOME_STATUS } from '../model.ts';
import { listTakedownAppeals, takedownAppealDetail, trackTakedownAppeal } from '../queries.ts';
import { TicketParams } from '../schema.ts';
import { AppealFormPage } from './form-page.tsx';
import { appealFormProblems, isFormRefusal } from './form-problems.ts';
import { appealMessage } from './messages.ts';
import { AppealPage, type DecisionFormState } from './staff-appeal.tsx';
import { QueuePage } from './staff-queue.tsx';
import { AppealLookupPage, AppealTrackPage } from './track-pages.tsx';

const Lang = Type.Optional(Type.String({ maxLength: 10 }));
const AppealForm = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    stamp: Type.Optional(Type.String({ maxLength: 100 })),
    website: Type.Optional(Type.String({ maxLength: 500 })),
    // Twice the limits, so that a little too long comes back as a message under the field.
    reference: Type.Optional(Type.String({ maxLength: APPEAL_LIMITS.reference * 2 })),
    statement: Type.Optional(Type.String({ maxLength: APPEAL_LIMITS.statement * 2 })),
    name: Type.Optional(Type.String({ maxLength: APPEAL_LIMITS.name * 2 })),
    contact: Type.Optional(Type.String({ maxLength: APPEAL_LIMITS.contact * 2 })),
  },
  { additionalProperties: false },
);
const DecisionForm = formSchema(['outcome', 'reason']);
const AppealParams = Type.Object({ appealId: Type.String({ maxLength: 100 }) });
const PAGE_SIZE = 50;

/** The public form and tracking pages, and the staff pages. */
export function registerAppealPages(app: AppInstance, deps: AppealDeps): void {
  const { database, clock, box } = deps;

  const formPage = (request: FastifyRequest, reply: FastifyReply, values: FormBody, problems: readonly FormProblem[], status = 200, csrfToken = request.csrfToken) => {
    const filesDropped = problems.length > 0 && uploadsOf(request).length > 0;
    const state = { values, problems, stamp: issueFormStamp(box, clock.now()), filesDropped, action: withQuery('/takedown-appeal', langParam(request)) };
    return sendPage(reply, <AppealFormPage ctx={{ ...pageContext(request), csrfToken }} state={state} />, status);
  };

  app.get(
    '/takedown-appeal',
    {
      schema: {
        tags: ['pages'],
        summary: 'Appeal against a takedown or blocking action (works without JavaScript); `?reference=` prefills the statement or request reference',
        querystring: Type.Object({ reference: Type.Optional(Type.String({ maxLength: APPEAL_LIMITS.reference })), lang: Lang }),
      },
    },
    (request, reply) => formPage(request, reply, { reference: request.query.reference }, []),
  );

  // A refusal before the handler also brings the form back, as the report form does.
  const formErrorHandler = formRefusalHandler(isFormRefusal, (request, reply, values, refusal, csrfToken) => {
    formPage(request, reply, values, appealFormProblems(refusal, localeOf(request)), refusal.status, csrfToken);
  });

  app.post(
    '/takedown-appeal',
    {
      config: { csrf: 'form', uploads: APPEAL_UPLOADS, rateLimit: appealRateLimit(deps) },
      schema: { tags: ['pages'], summary: 'Send an appeal against a takedown action (multipart form with up to 5 `evidence` files)', body: AppealForm },
      errorHandler: formErrorHandler,
    },
    async (request, reply) => {
      const body = request.body;
      const input: AppealInput = { reference: body.reference ?? '', statement: body.statement ?? '', name: body.name ?? '', contact: body.contact, locale: localeOf(request) };
      try {
        checkFormStamp(box, body.stamp, body.website, clock.now());
        const filed = await fileFromRequest(deps, request, input, 'web');
        return reply.redirect(withQuery(trackPath(filed.ticket), 'new=1', langParam(request)), 303);
      } catch (error) {
        if (!isFormRefusal(error)) throw error;
        return formPage(request, reply, body, appealFormProblems(error, localeOf(request)), error.status);
      }
    },
  );

  app.get(
    '/takedown-appeal/track',
    { onSend: noReferrer, schema: { tags: ['pages'], summary: 'Find a takedown appeal by its tracking code', querystring: Type.Object({ ticket: Type.Optional(Type.String({ maxLength: 100 })), lang: Lang }) } },
    (request, reply) =>
      answerTicketLookup(request, reply, request.query.ticket, { normalize: normalizeAppealTicket, trackPath, page: AppealLookupPage, invalid: appealMessage(localeOf(request), 'ticketInvalid') }),
  );

  app.get(
    '/takedown-appeal/:ticket',
    {
      onSend: noReferrer,
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags: ['pages'], summary: 'The status of a takedown appeal', params: TicketParams, querystring: Type.Object({ new: Type.Optional(Type.String({ maxLength: 1 })), lang: Lang }) },
    },
    async (request, reply) => {
      // One address per appeal: a code typed in lower case or with spaces goes to the canonical one.
      const canonical = normalizeAppealTicket(request.params.ticket);
      if (canonical !== null && canonical !== request.params.ticket) return reply.redirect(withQuery(trackPath(canonical), request.query.new === '1' ? 'new=1' : null, langParam(request)), 303);
      const view = await nullIfNotFound(trackTakedownAppeal(database.db, request.params.ticket));
      if (view === null) return sendPage(reply, <AppealLookupPage ctx={pageContext(request)} value={request.params.ticket} error={appealMessage(localeOf(request), 'ticketUnknown')} />, 404);
      return sendPage(reply, <AppealTrackPage ctx={pageContext(request)} view={view} created={request.query.new === '1'} />);
    },
  );

  app.get(
    '/takedowns/appeals',
    {
      schema: {
        tags: ['pages'],
        summary: 'Appeals against takedown actions (supervisors and admins of the issuing authority)',
        querystring: Type.Object({ status: Type.Optional(Type.Enum(APPEAL_STATUSES)), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })), lang: Lang }),
      },
    },
    async (request, reply) => {
      const user = requireUserPage(request, reply);
      if (user === null) return reply;
      const page = request.query.page ?? 1;
      const status = request.query.status ?? null;
      const list = await listTakedownAppeals(database.db, contextOf(request, clock), { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const href = (p: number) => withQuery('/takedowns/appeals', status === null ? null : `status=${status}`, p === 1 ? null : `page=${p}`);
      const prev = page > 1 ? href(page - 1) : undefined;
      const next = page * PAGE_SIZE < list.total ? href(page + 1) : undefined;
      return sendPage(reply, <QueuePage ctx={pageContext(request)} items={list.items} status={status} prev={prev} next={next} />);
    },
  );

  const appealPage = async (request: FastifyRequest<{ Params: { appealId: string } }>, reply: FastifyReply, state: DecisionFormState | null) => {
    const l = localeOf(request);
    const done = (request.query as { done?: string } | undefined)?.done;
    const flash = state === null && (done === 'restored' || done === 'confirmed') ? { kind: 'success' as const, message: appealMessage(l, done === 'restored' ? 'done_restored' : 'done_confirmed') } : null;
    const view = await takedownAppealDetail(database.db, contextOf(request, clock), request.params.appealId);
    return sendPage(reply, <AppealPage ctx={pageContext(request, flash)} view={view} state={state} />, state?.status ?? 200);
  };

  app.get(
    '/takedowns/appeals/:appealId',
    { schema: { tags: ['pages'], summary: 'A takedown appeal with its evidence, the request and its statement of reasons, and the decision form', params: AppealParams, querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Lang }) } },
    async (request, reply) => {
      const user = requireUserPage(request, reply);
      if (user === null) return reply;
      return appealPage(request, reply, null);
    },
  );

  app.post(
    '/takedowns/appeals/:appealId/decision',
    { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Restore or confirm a takedown appeal (form)', params: AppealParams, body: DecisionForm } },
    async (request, reply) => {
      const user = requireUserPage(request, reply);
      if (user === null) return reply;
      const l = localeOf(request);
      const body = request.body;
      const outcome = APPEAL_OUTCOMES.find((o) => o === formString(body, 'outcome'));
      const reason = formString(body, 'reason') ?? '';
      const errors: Record<string, string> = {};
      if (outcome === undefined) errors.outcome = appealMessage(l, 'chooseDecision');
      if ([...reason].length < APPEAL_LIMITS.reasonMin || [...reason].length > APPEAL_LIMITS.reason) errors.reason = appealMessage(l, 'reasonInvalid');
      if (outcome === undefined || Object.keys(errors).length > 0) return appealPage(request, reply, { values: body, errors, status: 400 });
      try {
        await decide(deps, contextOf(request, clock), request.params.appealId, { outcome, reason });
      } catch (error) {
        if (error instanceof AppError && error.code === 'TAKEDOWN_APPEAL_DECIDED') return appealPage(request, reply, { values: body, errors: { _form: appealMessage(l, 'alreadyDecided') }, status: 409 });
        throw error;
      }
      return reply.redirect(`/takedowns/appeals/${request.params.appealId}?done=${OUTCOME_STATUS[outcome]}`, 303);
    },
  );
}
