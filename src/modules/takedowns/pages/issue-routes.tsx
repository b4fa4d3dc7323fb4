// GET /takedowns/new (optionally ?case=<id>: the case's targets and category prefilled) and
// POST /takedowns/new: suggest recipients for the typed targets, or issue the request and go to
// its page (303). Authority analysts, supervisors and admins, with two-factor.
import { isUuid } from '../../../core/validate.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, nullIfNotFound } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { formSchema, formString, type FormBody } from '../../../web/forms.ts';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { CATEGORY_CODES, getCase } from '../../cases/index.ts';
import { contextOf } from '../../identity/http.ts';
import { organizationsByIds, requireAccess, requireUserPage, type Context } from '../../identity/index.ts';
import { parseTarget, TargetError } from '../../targets/index.ts';
import { issueTakedown } from '../issue.ts';
import { REQUEST_UPLOADS, storeRequestEvidence } from '../routes.ts';
import { uploadsOf } from '../../../core/http/uploads.ts';
import { ACTIONS, TAKEDOWN_LIMITS } from '../model.ts';
import { suggestRecipients } from '../recipients.ts';
import type { PageDeps } from './components.tsx';
import type { RequestTarget } from '../tables.ts';
import { formCheck, linesOf, serviceErrors } from './form-checks.ts';
import { IssuePage, type IssueFormState } from './issue-form.tsx';
import { takedownMessage as m } from './messages.ts';

const IssueQuery = Type.Object({ case: Type.Optional(Type.String({ maxLength: 100 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
// The boxes of one value per line hold up to their limit of lines (the common form field stops at 5000 characters).
const lines = (count: number, each: number) => Type.Optional(Type.String({ maxLength: count * (each + 2) }));
const IssueForm = Type.Object(
  { ...formSchema(['recipientOrgId', 'action', 'category', 'legalBasis', 'statement', 'urgent', 'caseId', 'intent']).properties, targets: lines(TAKEDOWN_LIMITS.targets, TAKEDOWN_LIMITS.value), evidenceLinks: lines(TAKEDOWN_LIMITS.evidenceLinks, TAKEDOWN_LIMITS.proof) },
  { additionalProperties: false },
);

/** The targets of the lines that read as targets (for suggestions; the issue itself reports the others). */
function readableTargets(lines: readonly string[]): RequestTarget[] {
  return lines.slice(0, TAKEDOWN_LIMITS.targets).flatMap((line) => {
    try {
      const target = parseTarget(line);
      return [{ type: target.type, value: target.value }];
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      return [];
    }
  });
}

/** The form's values as sent. */
function valuesOf(body: FormBody): IssueFormState['values'] {
  const text = (name: string) => {
    const value = body[name];
    return Array.isArray(value) ? value.join('\n') : value;
  };
  const caseId = formString(body, 'caseId');
  return {
    recipientOrgId: formString(body, 'recipientOrgId'),
    action: formString(body, 'action'),
    targets: text('targets'),
    category: formString(body, 'category'),
    legalBasis: text('legalBasis'),
    statement: text('statement'),
    urgent: formString(body, 'urgent') === 'yes',
    evidenceLinks: text('evidenceLinks'),
    caseId: caseId !== undefined && isUuid(caseId) ? caseId : undefined,
  };
}

/** The issue input a form asks for, or every problem with it. */
function issueInputOf(body: FormBody, l: Locale) {
  const check = formCheck(body, l);
  const recipientOrgId = formString(body, 'recipientOrgId');
  if (recipientOrgId === undefined || !isUuid(recipientOrgId)) check.fail('recipientOrgId', m(l, 'chooseRecipient'));
  const action = check.choice('action', ACTIONS, 'chooseAction');
  const lines = linesOf(body, 'targets');
  if (lines.length === 0 || lines.length > TAKEDOWN_LIMITS.targets) check.fail('targets', m(l, 'targetsInvalid'));
  if (lines.some((line) => [...line].length > TAKEDOWN_LIMITS.value)) check.fail('targets', m(l, 'tooLong', { max: TAKEDOWN_LIMITS.value }));
  const category = check.choice('category', CATEGORY_CODES, 'chooseCategory');
  const legalBasis = check.text('legalBasis', TAKEDOWN_LIMITS.reasonMin, TAKEDOWN_LIMITS.legalBasis);
  const statement = check.text('statement', TAKEDOWN_LIMITS.reasonMin, TAKEDOWN_LIMITS.statement);
  const links = linesOf(body, 'evidenceLinks');
  if (links.length > TAKEDOWN_LIMITS.evidenceLinks || links.some((link) => !/^https?:\/\/\S+$/i.test(link) || link.length > TAKEDOWN_LIMITS.proof)) check.fail('evidenceLinks', m(l, 'evidenceLinkInvalid'));
  const caseId = formString(body, 'caseId');
  if (caseId !== undefined && !isUuid(caseId)) check.fail('_form', m(l, 'formInvalid'));
  check.done();
  if (recipientOrgId === undefined || action === undefined || category === undefined) throw new AppError('VALIDATION_FAILED');
  return { recipientOrgId, action, targets: lines.map((value) => ({ value })), category, legalBasis, statement, urgent: formString(body, 'urgent') === 'yes', caseId, evidenceLinks: links };
}

/** The issue form and its post. */
export function registerIssuePages(app: AppInstance, deps: PageDeps): void {
  const { database, clock } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, ctx: Context, state: Omit<IssueFormState, 'suggestions' | 'recipients'>, status = 200) => {
    const targets = readableTargets(linesOf({ targets: state.values.targets }, 'targets'));
    const action = ACTIONS.find((a) => a === state.values.action) ?? 'remove_content';
    const suggestions = targets.length === 0 ? [] : await suggestRecipients(database.db, ctx, targets, action);
    const recipients = (await organizationsByIds(database.db, null)).filter((o) => o.status === 'active' && (o.kind === 'platform' || o.kind === 'telecom'));
    return sendPage(reply, <IssuePage ctx={pageContext(request)} state={{ ...state, suggestions, recipients }} />, status);
  };

  app.get('/takedowns/new', { schema: { tags: ['pages'], summary: 'Issue a takedown or blocking request (form); ?case=<id> prefills the case’s targets and category', querystring: IssueQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const ctx = contextOf(request, clock);
    requireAccess(ctx.actor, 'takedown.issue');
    const asked = request.query.case;
    if (asked === undefined || asked === '') return show(request, reply, ctx, { values: {}, errors: {} });
    const found = isUuid(asked) ? await nullIfNotFound(getCase(database.db, ctx, asked)) : null;
    if (found === null) return show(request, reply, ctx, { values: {}, errors: {}, caseMissing: true });
    const values = { caseId: found.case.id, targets: found.targets.map((t) => t.value).join('\n'), category: found.case.categories[0] };
    return show(request, reply, ctx, { values, errors: {} });
  });

  app.post('/takedowns/new', { config: { csrf: 'form', uploads: REQUEST_UPLOADS }, schema: { tags: ['pages'], summary: 'Issue a takedown request, or suggest recipients for the typed targets (form)', body: IssueForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const l = localeOf(request);
    const ctx = contextOf(request, clock);
    requireAccess(ctx.actor, 'takedown.issue');
    const body = request.body;
    const values = valuesOf(body);
    const filesDropped = uploadsOf(request).length > 0;
    if (formString(body, 'intent') === 'suggest') return show(request, reply, ctx, { values, errors: {}, suggested: true, filesDropped });
    let id: string;
    try {
      const input = issueInputOf(body, l);
      const evidence = await storeRequestEvidence(deps, request);
      id = (await database.transaction((tx) => issueTakedown(tx.db, ctx, { ...input, evidence }, deps.notifier))).id;
    } catch (error) {
      const evidenceRefused = error instanceof AppError && error.code.startsWith('EVIDENCE_');
      const errors = evidenceRefused ? { evidence: m(l, 'evidenceInvalid') } : serviceErrors(error, l);
      return show(request, reply, ctx, { values, errors, filesDropped }, error instanceof AppError ? error.status : 400);
    }
    return reply.redirect(`/takedowns/${id}?done=issued`, 303);
  });
}
