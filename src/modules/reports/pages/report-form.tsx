// The public report form. It works without JavaScript and on a phone: one
// column, native controls, a visible label, hint and error for each, and an
// error summary at the top that links to each field. Anti-bot measures need no
// third party: a signed time stamp (too fast or too old is refused) and a
// honeypot field that people never see.
import type { Locale } from '../../../core/i18n.ts';
import { CATEGORIES, CATEGORY_CODES } from '../../cases/index.ts';
import { Alert, Checkboxes, CsrfField, ErrorSummary, Field, fieldId, PageHeader, SelectField, SubmitButton, TextArea } from '../../../web/components.tsx';
import { formString, type FormBody } from '../../../web/forms.ts';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../web/layout.tsx';
import { REPORT_LIMITS } from '../model.ts';
import { PROVINCES } from '../../../core/provinces.ts';
import { byField, type FormProblem } from './form-errors.ts';
import { CATEGORY_HINTS, reportMessage, type ReportMessage } from './messages.ts';

/** The evidence types the form offers (the server decides by the bytes, not by this list). */
export const EVIDENCE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf';

/** What the form shows: the values sent before (when it comes back with problems) and a fresh stamp. */
export type ReportFormState = {
  values: FormBody;
  problems: readonly FormProblem[];
  stamp: string;
  /** The visitor had chosen files: they must choose them again. */
  filesDropped: boolean;
  /** Keeps `?lang=` on the form's action when the page was opened with it. */
  action: string;
};

function EvidenceInput(props: { locale: Locale; error: string | undefined; again: boolean }): Html {
  const t = (key: ReportMessage) => reportMessage(props.locale, key);
  const id = fieldId('evidence');
  const describedBy = [`${id}-hint`, props.again ? `${id}-again` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{t('evidenceLabel')}</label>
      <p class="field-hint" id={`${id}-hint`}>{t('evidenceHint')}</p>
      {props.again ? <p class="field-hint field-again" id={`${id}-again`}>{t('evidenceAgain')}</p> : null}
      {props.error ? <p class="field-error" id={`${id}-error`}>{props.error}</p> : null}
      <input id={id} name="evidence" type="file" multiple accept={EVIDENCE_ACCEPT} aria-describedby={describedBy} aria-invalid={props.error ? true : undefined} />
    </div>
  );
}

// People never see this field (off-screen, hidden from assistive technology, out of the tab
// order, no autofill); a bot that fills in every input gives itself away.
function Honeypot(props: { locale: Locale }): Html {
  const id = fieldId('website');
  return (
    <div class="hp" aria-hidden="true">
      <label for={id}>{reportMessage(props.locale, 'honeypotLabel')}</label>
      <input id={id} name="website" type="text" value="" tabindex="-1" autocomplete="off" />
    </div>
  );
}

/** The whole report page. */
export function ReportFormPage(props: { ctx: PageContext; state: ReportFormState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const t = (key: ReportMessage) => reportMessage(l, key);
  const errors = byField(state.problems);
  const value = (name: string) => formString(state.values, name);
  const fieldProblems = state.problems.filter((p) => p.field !== '_form');
  const formProblems = state.problems.filter((p) => p.field === '_form');
  const category = value('category');
  return (
    <Layout ctx={ctx} title={t('formTitle')}>
      <PageHeader title={t('formTitle')} lead={t('formLead')}>
        <p>
          {t('trackLinkLead')} <a href="/track">{t('trackLink')}</a>
        </p>
      </PageHeader>
      {formProblems.map((p) => <Alert kind="error">{p.message}</Alert>)}
      <ErrorSummary title={t('errorSummary')} errors={fieldProblems} />
      <form method="post" action={state.action} enctype="multipart/form-data" class="form report-form">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="stamp" value={state.stamp} />
        <Checkboxes
          type="radio"
          name="category"
          legend={t('categoryLegend')}
          hint={t('categoryHint')}
          required
          error={errors.category}
          values={category === undefined ? [] : [category]}
          options={CATEGORY_CODES.map((code) => ({ value: code, label: CATEGORIES[code][l], hint: CATEGORY_HINTS[code][l] }))}
        />
        <TextArea name="targets" label={t('targetsLabel')} hint={t('targetsHint')} required rows={4} value={value('targets')} error={errors.targets} />
        <TextArea name="description" label={t('descriptionLabel')} hint={t('descriptionHint')} rows={6} maxlength={REPORT_LIMITS.description} value={value('description')} error={errors.description} />
        <EvidenceInput locale={l} error={errors.evidence} again={state.filesDropped} />
        <SelectField
          name="province"
          label={t('provinceLabel')}
          hint={t('provinceHint')}
          value={value('province') ?? ''}
          error={errors.province}
          options={[{ value: '', label: t('provinceUnknown') }, ...PROVINCES.map((p) => ({ value: p.code, label: l === 'vi' ? p.nameVi : p.nameEn }))]}
        />
        <Field name="contact" label={t('contactLabel')} hint={t('contactHint')} maxlength={320} value={value('contact')} error={errors.contact} />
        <Honeypot locale={l} />
        <section class="privacy-note" aria-labelledby="privacy-title">
          <h2 id="privacy-title">{t('privacyTitle')}</h2>
          <p>{t('privacyText')}</p>
        </section>
        <SubmitButton>{t('submit')}</SubmitButton>
      </form>
    </Layout>
  );
}
