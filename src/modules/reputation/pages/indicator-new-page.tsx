// GET/POST /admin/indicators/new: staff list a value by hand (source `staff`). Every problem of
// the form is shown at once, in the page's language, with what was typed kept.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { bindLocale, type Locale } from '../../../core/i18n.ts';
import { Alert, Checkboxes, CsrfField, ErrorSummary, Field, PageHeader, SelectField, SubmitButton, TextArea } from '../../../web/components.tsx';
import { formList, formSchema, formString, type FormBody } from '../../../web/forms.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { CATEGORY_CODES, categoryLabel } from '../../cases/index.ts';
import { formErrorsOrThrow, summaryOf } from '../../identity/admin-pages.tsx';
import { contextOf } from '../../identity/http.ts';
import { requireAccess, requireUserPage } from '../../identity/index.ts';
import { isTargetType, TARGET_MAX_TEXT_LENGTH, TARGET_TYPES, targetTypeLabel } from '../../targets/index.ts';
import { INDICATOR_VERDICTS, type IndicatorVerdict } from '../model.ts';
import type { ReputationDeps } from '../routes.ts';
import { listIndicatorByHand, MAX_EVIDENCE_URL_LENGTH, MAX_NOTE_LENGTH, MIN_NOTE_LENGTH, STAFF_CONFIDENCE, type ManualListingInput } from '../staff-indicators.ts';
import { verdictLabel } from './labels.ts';
import { staffMessage } from './staff-messages.ts';

const NewForm = formSchema(['value', 'type', 'verdict', 'categories', 'confidence', 'evidenceUrl', 'note']);
const PageQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });

type FormState = { values: FormBody; errors: Record<string, string>; status: number };

function renderNewPage(request: FastifyRequest, reply: FastifyReply, state: FormState | null): FastifyReply {
  const ctx = pageContext(request);
  const l = ctx.locale;
  const t = bindLocale(staffMessage, l);
  const values = state?.values ?? {};
  const errors = state?.errors ?? {};
  const value = (name: string) => formString(values, name);
  const { _form: whole, ...fieldProblems } = errors;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={t('newTitle')}>
      <p class="back-link"><a href="/admin/indicators">← {t('backToList')}</a></p>
      <PageHeader title={t('newTitle')} lead={t('newLead')} />
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      <ErrorSummary title={t('errors')} errors={summaryOf(fieldProblems)} />
      <form method="post" action="/admin/indicators/new" class="form">
        <CsrfField token={ctx.csrfToken} />
        <Field name="value" label={t('newValue')} hint={t('newValueHint')} required maxlength={TARGET_MAX_TEXT_LENGTH} autocomplete="off" value={value('value')} error={errors.value} />
        <SelectField name="type" label={t('newType')} hint={t('newTypeHint')} value={value('type') ?? ''} error={errors.type} options={[{ value: '', label: t('newTypeAuto') }, ...TARGET_TYPES.map((v) => ({ value: v, label: targetTypeLabel(v, l) }))]} />
        <Checkboxes type="radio" name="verdict" legend={t('newVerdict')} required values={[value('verdict') ?? '']} error={errors.verdict} options={INDICATOR_VERDICTS.map((v) => ({ value: v, label: verdictLabel(v, l) }))} />
        <Checkboxes name="categories" legend={t('newCategories')} hint={t('newCategoriesHint')} values={formList(values, 'categories')} error={errors.categories} options={CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(c, l) }))} />
        <Field name="confidence" type="number" inputmode="numeric" label={t('newConfidence')} hint={t('newConfidenceHint', { value: STAFF_CONFIDENCE })} value={value('confidence')} error={errors.confidence} />
        <Field name="evidenceUrl" type="url" label={t('newEvidence')} hint={t('newEvidenceHint')} maxlength={MAX_EVIDENCE_URL_LENGTH} value={value('evidenceUrl')} error={errors.evidenceUrl} />
        <TextArea name="note" label={t('newNote')} hint={t('newNoteHint')} required rows={3} maxlength={MAX_NOTE_LENGTH} value={value('note')} error={errors.note} />
        <SubmitButton>{t('newSubmit')}</SubmitButton>
      </form>
    </Layout>,
    state?.status ?? 200,
  );
}

/** The listing a form asks for, or every problem with it in the page's language. */
function listingOf(body: FormBody, l: Locale): { input: ManualListingInput } | { errors: Record<string, string> } {
  const t = bindLocale(staffMessage, l);
  const errors: Record<string, string> = {};
  const value = formString(body, 'value') ?? '';
  if (value === '') errors.value = t('required');
  else if (value.length > TARGET_MAX_TEXT_LENGTH) errors.value = t('tooLong', { max: TARGET_MAX_TEXT_LENGTH });
  const typeText = formString(body, 'type');
  const type = typeText !== undefined && isTargetType(typeText) ? typeText : undefined;
  if (typeText !== undefined && type === undefined) errors.type = t('chooseOne');
  const verdict = INDICATOR_VERDICTS.find((v) => v === formString(body, 'verdict'));
  if (verdict === undefined) errors.verdict = t('chooseOne');
  const sent = formList(body, 'categories');
  const categories = CATEGORY_CODES.filter((c) => sent.includes(c));
  if (categories.length !== sent.length) errors.categories = t('chooseOne');
  else if (verdict !== 'trusted' && categories.length === 0) errors.categories = t('chooseCategories');
  const confidenceText = formString(body, 'confidence');
  const confidence = confidenceText === undefined ? undefined : /^\d{1,3}$/.test(confidenceText) ? Number(confidenceText) : NaN;
  if (confidence !== undefined && !(confidence >= 0 && confidence <= 100)) errors.confidence = t('badConfidence');
  const evidenceUrl = formString(body, 'evidenceUrl');
  if (evidenceUrl !== undefined && (evidenceUrl.length > MAX_EVIDENCE_URL_LENGTH || !/^https?:\/\/\S+$/i.test(evidenceUrl))) errors.evidenceUrl = t('badEvidenceUrl');
  const note = formString(body, 'note') ?? '';
  if (note === '') errors.note = t('required');
  else if (note.length < MIN_NOTE_LENGTH) errors.note = t('tooShort', { min: MIN_NOTE_LENGTH });
  else if (note.length > MAX_NOTE_LENGTH) errors.note = t('tooLong', { max: MAX_NOTE_LENGTH });
  if (Object.keys(errors).length > 0 || verdict === undefined) return { errors };
  return { input: { value, type, verdict: verdict satisfies IndicatorVerdict, categories, confidence, evidenceUrl, note } };
}

/** Problems the use case found that the form could not know (the value does not parse), in the page's language. */
function useCaseErrors(error: unknown, l: Locale): Record<string, string> {
  const t = bindLocale(staffMessage, l);
  if (error instanceof AppError && error.code === 'TARGET_INVALID') {
    const errors: Record<string, string> = {};
    for (const detail of error.details) {
      if (detail.field !== 'value') continue;
      errors.value = detail.code === 'TARGET_TYPE_UNKNOWN' ? t('textNeedsType') : t('badValue', { reason: detail.message });
    }
    if (Object.keys(errors).length > 0) return errors;
  }
  return formErrorsOrThrow(error);
}

export function registerIndicatorNewPage(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock, live } = deps;

  app.get('/admin/indicators/new', { schema: { tags: ['pages'], summary: 'List a value by hand (staff form)', querystring: PageQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    requireAccess(user, 'indicator.manage');
    return renderNewPage(request, reply, null);
  });

  app.post('/admin/indicators/new', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'List a value by hand (form)', body: NewForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const body = request.body as FormBody;
    const l = localeOf(request);
    const prepared = listingOf(body, l);
    if ('errors' in prepared) {
      requireAccess(user, 'indicator.manage');
      return renderNewPage(request, reply, { values: body, errors: prepared.errors, status: 400 });
    }
    let result;
    try {
      result = await database.transaction((tx) => listIndicatorByHand(tx, contextOf(request, clock), prepared.input));
    } catch (error) {
      return renderNewPage(request, reply, { values: body, errors: useCaseErrors(error, l), status: 400 });
    }
    await live.catchUp(database.db);
    return reply.redirect(`/admin/indicators/${result.indicator.id}?done=${result.change}`, 303);
  });
}
