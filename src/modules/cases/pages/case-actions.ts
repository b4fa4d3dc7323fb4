// The case page's form posts. Each one calls one use case in a transaction and
// redirects back to the case (303) with a message; a problem a person can fix
// re-renders the page with the form as it was sent and what is wrong with it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, type ErrorDetail } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { formList, formSchema, formString, type FormBody } from '../../../web/forms.ts';
import { localeOf } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { requireUserPage, type Context } from '../../identity/index.ts';
import { CATEGORY_CODES, DECISION_GROUNDS, OUTCOMES, VERDICTS, type Outcome } from '../categories.ts';
import { decideCase, reviewDecision, type DecisionInput } from '../decisions.ts';
import type { CasesDeps } from '../routes.ts';
import { addNote, assignCases, claimCase, getCase } from '../triage.ts';
import { renderCasePage } from './case-page.tsx';
import { pageErrors } from './components.tsx';
import { t } from './messages.ts';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const ReviewParams = Type.Object({ id: Type.String({ maxLength: 100 }), decisionId: Type.String({ maxLength: 100 }) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_REF = /^(?:vv-?)?\d{1,9}$/i;

const DecisionForm = formSchema(['outcome', 'verdict', 'categories', 'decisionGround', 'legalBasis', 'facts', 'automatedDetection', 'automatedDecision', 'reason', 'question', 'duplicateOf']);

/** Collects every problem of a form before refusing it, so a person fixes them all at once. */
function formCheck(body: FormBody, l: Locale) {
  const problems: ErrorDetail[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  return {
    text(name: string, min: number, max: number): string {
      const value = formString(body, name) ?? '';
      if (value === '') fail(name, t(l, 'required'));
      else if (value.length < min) fail(name, t(l, 'tooShort', { min }));
      else if (value.length > max) fail(name, t(l, 'tooLong', { max }));
      return value;
    },
    choice<T extends string>(name: string, values: readonly T[]): T {
      const found = values.find((v) => v === formString(body, name));
      if (found === undefined) fail(name, t(l, 'chooseOne'));
      return found ?? values[0] ?? ('' as T);
    },
    fail,
    /** Throw the problems as one validation error, if any. */
    done(): void {
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', undefined, problems);
    },
  };
}

/** The decision a form asks for, or every problem with it. */
function decisionOf(body: FormBody, outcome: Outcome, l: Locale): DecisionInput {
  const check = formCheck(body, l);
  let input: DecisionInput;
  if (outcome === 'verified') {
    const categories = CATEGORY_CODES.filter((c) => formList(body, 'categories').includes(c));
    if (categories.length === 0) check.fail('categories', t(l, 'chooseCategories'));
    input = {
      outcome,
      verdict: check.choice('verdict', VERDICTS),
      categories,
      decisionGround: check.choice('decisionGround', DECISION_GROUNDS),
      legalBasis: check.text('legalBasis', 3, 500),
      facts: check.text('facts', 10, 5000),
      automatedDetection: formString(body, 'automatedDetection') === 'yes',
      automatedDecision: formString(body, 'automatedDecision') === 'yes',
    };
  } else if (outcome === 'rejected') {
    input = { outcome, reason: check.text('reason', 3, 2000) };
  } else if (outcome === 'more_info') {
    input = { outcome, question: check.text('question', 3, 2000) };
  } else {
    const ref = check.text('duplicateOf', 1, 50);
    if (ref !== '' && !CASE_REF.test(ref) && !UUID.test(ref)) check.fail('duplicateOf', t(l, 'badCaseRef'));
    input = { outcome, duplicateOf: ref };
  }
  check.done();
  return input;
}

/** Claim, assign, note, decide, merge and review from the case page. */
export function registerCaseActions(app: AppInstance, deps: CasesDeps): void {
  const { database, clock, events } = deps;

  /** Run one use case for a form of the case page; redirect on success, re-render on a problem a person can fix. */
  const act = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    form: string,
    run: (ctx: Context, l: Locale) => Promise<string>,
    recover: (error: unknown, ctx: Context, l: Locale) => Promise<Record<string, string> | null> = async () => null,
  ) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const l = localeOf(request);
    const ctx = contextOf(request, clock);
    let location: string;
    try {
      location = await run(ctx, l);
    } catch (error) {
      const recovered = await recover(error, ctx, l);
      const { errors, status } = recovered === null ? pageErrors(error, l) : { errors: recovered, status: 400 };
      return renderCasePage(request, reply, deps, user, request.params.id, { form, values: request.body as FormBody, errors, status });
    }
    return reply.redirect(location, 303);
  };

  app.post('/cases/:id/claim', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Claim a case (form)', params: Params, body: formSchema([]) } }, (request, reply) =>
    act(request, reply, 'claim', async (ctx) => {
      const claimed = await database.transaction((tx) => claimCase(tx, ctx, request.params.id, { events }));
      return `/cases/${claimed.id}?done=claimed`;
    }),
  );

  app.post('/cases/:id/assign', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Assign a case (form)', params: Params, body: formSchema(['assigneeId']) } }, (request, reply) =>
    act(request, reply, 'assign', async (ctx, l) => {
      const assigneeId = formString(request.body, 'assigneeId') ?? null;
      if (assigneeId !== null && !UUID.test(assigneeId)) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'assigneeId', message: t(l, 'chooseOne') }]);
      await database.transaction((tx) => assignCases(tx, ctx, [request.params.id], assigneeId));
      return `/cases/${request.params.id}?done=assigned`;
    }),
  );

  app.post('/cases/:id/notes', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Add an internal note (form)', params: Params, body: formSchema(['body']) } }, (request, reply) =>
    act(request, reply, 'note', async (ctx, l) => {
      const check = formCheck(request.body, l);
      const body = check.text('body', 1, 5000);
      check.done();
      const note = await database.transaction((tx) => addNote(tx, ctx, request.params.id, body));
      return `/cases/${note.caseId}?done=note`;
    }),
  );

  app.post('/cases/:id/decisions', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Decide a case (form)', params: Params, body: DecisionForm } }, (request, reply) => {
    const body = request.body as FormBody;
    const outcome = OUTCOMES.find((o) => o === formString(body, 'outcome'));
    return act(
      request,
      reply,
      outcome ?? 'verified',
      async (ctx, l) => {
        if (outcome === undefined) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'outcome', message: t(l, 'chooseOne') }]);
        const input = decisionOf(body, outcome, l);
        const result = await database.transaction((tx) => decideCase(tx, ctx, request.params.id, input, { events }));
        const done = result.decision.state === 'pending_approval' ? 'pending' : result.decision.outcome === 'duplicate' ? 'merged' : 'decided';
        return `/cases/${result.case.id}?done=${done}`;
      },
      // An unknown primary case is a typo in the form, unless this case itself cannot be seen.
      async (error, ctx, l) => {
        if (outcome !== 'duplicate' || !(error instanceof AppError) || error.code !== 'NOT_FOUND') return null;
        await getCase(database.db, ctx, request.params.id);
        return { duplicateOf: t(l, 'caseNotFound', { ref: formString(body, 'duplicateOf') ?? '' }) };
      },
    );
  });

  app.post('/cases/:id/merge', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Merge a suggested case into this one (form)', params: Params, body: formSchema(['from']) } }, (request, reply) =>
    act(request, reply, 'merge', async (ctx) => {
      const from = formString(request.body, 'from') ?? '';
      await database.transaction((tx) => decideCase(tx, ctx, from, { outcome: 'duplicate', duplicateOf: request.params.id }, { events }));
      return `/cases/${request.params.id}?done=merged`;
    }),
  );

  app.post(
    '/cases/:id/decisions/:decisionId/review',
    { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Approve or refuse a pending decision (form)', params: ReviewParams, body: formSchema(['approve', 'note']) } },
    (request, reply) =>
      act(request, reply, `review-${request.params.decisionId}`, async (ctx, l) => {
        const check = formCheck(request.body, l);
        const approve = check.choice('approve', ['yes', 'no'] as const) === 'yes';
        const note = formString(request.body, 'note') ?? null;
        if (note !== null && note.length > 2000) check.fail('note', t(l, 'tooLong', { max: 2000 }));
        check.done();
        const result = await database.transaction((tx) => reviewDecision(tx, ctx, request.params.decisionId, { approve, note }, { events }));
        return `/cases/${result.case.id}?done=${approve ? 'approved' : 'refused'}`;
      }),
  );
}
