// The citizen's pages of the reports module: the report form and the tracking
// pages. Thin routes: the intake, tracking and answer use cases do the work.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, nullIfNotFound } from '../../../core/errors.ts';
import { noReferrer } from '../../../core/http/security.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { uploadsOf } from '../../../core/http/uploads.ts';
import { formRefusalHandler, type FormProblem } from '../../../web/form-problems.ts';
import { formSchema, formString, type FormBody } from '../../../web/forms.ts';
import { langParam, localeOf, pageContext, sendPage, withQuery } from '../../../web/page-context.ts';
import { answerTicketLookup } from '../../../web/ticket-pages.tsx';
import { contextOf } from '../../identity/http.ts';
import { TARGET_MAX_TEXT_LENGTH } from '../../targets/index.ts';
import { checkFormStamp, issueFormStamp } from '../../../web/form-stamp.ts';
import type { ReportInput } from '../intake.ts';
import { normalizeTicket, REPORT_LIMITS } from '../model.ts';
import type { buildIntake, ReportsDeps } from '../routes.ts';
import { TicketParams } from '../schema.ts';
import { answerQuestion, trackReport } from '../tracking.ts';
import { isFormRefusal, reportFormProblems } from './form-errors.ts';
import { reportMessage } from './messages.ts';
import { ReportFormPage } from './report-form.tsx';
import { LookupPage, TrackPage, type ReplyState } from './track-pages.tsx';

const ReportForm = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    stamp: Type.Optional(Type.String({ maxLength: 100 })),
    website: Type.Optional(Type.String({ maxLength: 500 })),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    // Twenty long links fit; prepareReport checks each line.
    targets: Type.Optional(Type.String({ maxLength: REPORT_LIMITS.targets * 2100 })),
    description: Type.Optional(Type.String({ maxLength: REPORT_LIMITS.description * 2 })),
    province: Type.Optional(Type.String({ maxLength: 100 })),
    contact: Type.Optional(Type.String({ maxLength: 320 })),
    shareContact: Type.Optional(Type.Literal('yes')),
  },
  { additionalProperties: false },
);
const ReplyForm = formSchema(['body']);
const Lang = Type.Optional(Type.String({ maxLength: 10 }));

/** Each non-empty line of the targets box, with its line number (for messages about a line). */
export function targetLines(text: string | undefined): { value: string; line: number }[] {
  return (text ?? '')
    .split(/\r\n|\r|\n/)
    .map((value, index) => ({ value: value.trim(), line: index + 1 }))
    .filter((entry) => entry.value !== '');
}

/** The report form and the tracking pages. */
export function registerReportPages(app: AppInstance, deps: ReportsDeps, intake: ReturnType<typeof buildIntake>): void {
  const { database, clock, box } = deps;
  const perClient = { max: deps.rateLimit.max, timeWindow: deps.rateLimit.windowSeconds * 1000 };

  const formPage = (request: FastifyRequest, reply: FastifyReply, values: FormBody, problems: readonly FormProblem[], status = 200, csrfToken = request.csrfToken) => {
    const filesDropped = problems.length > 0 && (uploadsOf(request).length > 0 || problems.some((p) => p.field === 'evidence'));
    const state = { values, problems, stamp: issueFormStamp(box, clock.now()), filesDropped, action: withQuery('/report', langParam(request)) };
    return sendPage(reply, <ReportFormPage ctx={{ ...pageContext(request), csrfToken }} state={state} />, status);
  };

  app.get(
    '/report',
    // `?target=` (the check page's "Report it") or `?value=` fills in the first target.
    { schema: { tags: ['pages'], summary: 'Report form (works without JavaScript)', querystring: Type.Object({ target: Type.Optional(Type.String({ maxLength: TARGET_MAX_TEXT_LENGTH })), value: Type.Optional(Type.String({ maxLength: 2048 })), category: Type.Optional(Type.String({ maxLength: 40 })), lang: Lang }) } },
    (request, reply) => formPage(request, reply, { targets: request.query.target ?? request.query.value, category: request.query.category }, []),
  );

  const formErrorHandler = formRefusalHandler(isFormRefusal, (request, reply, values, refusal, csrfToken) => {
    const problems = reportFormProblems(refusal, localeOf(request), { lineOfTarget: [], fileNames: uploadsOf(request).map((f) => f.fileName) });
    formPage(request, reply, values, problems, refusal.status, csrfToken);
  });

  app.post(
    '/report',
    {
      config: { csrf: 'form', uploads: { maxFiles: REPORT_LIMITS.evidenceFiles, maxFileBytes: REPORT_LIMITS.evidenceBytes }, rateLimit: perClient },
      schema: { tags: ['pages'], summary: 'Send a report (multipart form with up to 5 `evidence` files)', body: ReportForm },
      errorHandler: formErrorHandler,
    },
    async (request, reply) => {
      const body = request.body;
      const lines = targetLines(body.targets);
      const input: ReportInput = {
        category: formString(body, 'category') ?? '',
        targets: lines.map((entry) => ({ value: entry.value })),
        description: formString(body, 'description') ?? '',
        contact: formString(body, 'contact') ?? null,
        shareContact: body.shareContact === 'yes',
        province: formString(body, 'province') ?? null,
        locale: localeOf(request),
      };
      try {
        checkFormStamp(box, body.stamp, body.website, clock.now());
        const result = await intake(request, input, 'web', null);
        return reply.redirect(withQuery(`/track/${result.body.ticket}`, 'new=1', langParam(request)), 303);
      } catch (error) {
        if (!isFormRefusal(error)) throw error;
        const problems = reportFormProblems(error, localeOf(request), { lineOfTarget: lines.map((entry) => entry.line), fileNames: uploadsOf(request).map((f) => f.fileName) });
        return formPage(request, reply, body, problems, error.status);
      }
    },
  );

  app.get(
    '/track',
    { onSend: noReferrer, schema: { tags: ['pages'], summary: 'Find a report by its tracking code', querystring: Type.Object({ ticket: Type.Optional(Type.String({ maxLength: 100 })), lang: Lang }) } },
    (request, reply) =>
      answerTicketLookup(request, reply, request.query.ticket, {
        normalize: normalizeTicket,
        trackPath: (ticket) => `/track/${ticket}`,
        page: LookupPage,
        invalid: reportMessage(localeOf(request), 'ticketInvalid'),
      }),
  );

  const trackPage = async (request: FastifyRequest<{ Params: { ticket: string } }>, reply: FastifyReply, reply_: ReplyState, status = 200) => {
    const query = request.query as Record<string, unknown>;
    const view = await nullIfNotFound(trackReport(database.db, request.params.ticket));
    const locale = localeOf(request);
    if (view === null) return sendPage(reply, <LookupPage ctx={pageContext(request)} value={request.params.ticket} error={reportMessage(locale, 'ticketUnknown')} />, 404);
    const flash = query.replied === '1' ? { kind: 'success' as const, message: reportMessage(locale, 'replied') } : null;
    const replyAction = withQuery(`/track/${view.ticket}/reply`, langParam(request));
    return sendPage(reply, <TrackPage ctx={pageContext(request, flash)} view={view} created={query.new === '1'} replyAction={replyAction} reply={reply_} />, status);
  };

  app.get(
    '/track/:ticket',
    {
      onSend: noReferrer,
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags: ['pages'], summary: 'The status of a report', params: TicketParams, querystring: Type.Object({ new: Type.Optional(Type.String({ maxLength: 1 })), replied: Type.Optional(Type.String({ maxLength: 1 })), lang: Lang }) },
    },
    async (request, reply) => {
      // One address per report: a code typed in lower case or with spaces goes to the canonical one.
      const canonical = normalizeTicket(request.params.ticket);
      if (canonical !== null && canonical !== request.params.ticket) {
        const rest = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : null;
        return reply.redirect(withQuery(`/track/${canonical}`, rest), 303);
      }
      return trackPage(request, reply, {});
    },
  );

  app.post(
    '/track/:ticket/reply',
    { onSend: noReferrer, config: { csrf: 'form', rateLimit: perClient }, schema: { tags: ['pages'], summary: 'Answer the question staff asked (form)', params: TicketParams, body: ReplyForm } },
    async (request, reply) => {
      const text = formString(request.body, 'body') ?? '';
      const locale = localeOf(request);
      try {
        const view = await database.transaction((tx) => answerQuestion(tx, contextOf(request, clock), request.params.ticket, text));
        return reply.redirect(withQuery(`/track/${view.ticket}`, 'replied=1', langParam(request)), 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'VALIDATION_FAILED') return trackPage(request, reply, { value: text, error: reportMessage(locale, 'replyRequired') }, 400);
        if (error.code === 'CASE_STATE_CONFLICT') return trackPage(request, reply, { notice: reportMessage(locale, 'replyClosed') }, 409);
        throw error;
      }
    },
  );
}
