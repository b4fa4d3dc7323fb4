// The public appeal form. Like the report form it works without JavaScript and on a phone: one
// column, native controls, a visible label, hint and error for each, an error summary that links
// to each field, a signed time stamp and a honeypot instead of a third-party captcha.
import type { Locale } from '../../../../core/i18n.ts';
import { Alert, Checkboxes, CsrfField, ErrorSummary, Field, fieldId, PageHeader, SelectField, SubmitButton, TextArea } from '../../../../web/components.tsx';
import { formString, type FormBody } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { TARGET_TYPES, targetTypeLabel } from '../../../targets/index.ts';
import { appealGroundWords } from '../messages.ts';
import { APPEAL_GROUNDS, APPEAL_LIMITS, type AppealGround } from '../model.ts';
import { byField, type FormProblem } from './form-problems.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

/** The evidence types the form offers (the server decides by the bytes, not by this list). */
const EVIDENCE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf';

const GROUND_HINTS: Partial<Record<AppealGround, AppealMessage>> = {
  new_owner: 'groundHintNewOwner',
  recycled_number: 'groundHintRecycled',
  false_positive: 'groundHintFalsePositive',
};

/** What the form shows: the values sent before (when it comes back with problems) and a fresh stamp. */
export type AppealFormState = {
  values: FormBody;
  problems: readonly FormProblem[];
  stamp: string;
  /** The visitor had chosen files: they must choose them again. */
  filesDropped: boolean;
  /** Keeps `?lang=` on the form's action when the page was opened with it. */
  action: string;
};

function EvidenceInput(props: { locale: Locale; error: string | undefined; again: boolean }): Html {
  const t = (key: AppealMessage) => appealMessage(props.locale, key);
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

// People never see this field; a bot that fills in every input gives itself away.
function Honeypot(props: { locale: Locale }): Html {
  const id = fieldId('website');
  return (
    <div class="hp" aria-hidden="true">
      <label for={id}>{appealMessage(props.locale, 'honeypotLabel')}</label>
      <input id={id} name="website" type="text" value="" tabindex="-1" autocomplete="off" />
    </div>
  );
}

/** `/appeal`: the whole appeal page. */
export function AppealFormPage(props: { ctx: PageContext; state: AppealFormState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage) => appealMessage(l, key);
  const errors = byField(state.problems);
  const value = (name: string) => formString(state.values, name);
  const ground = value('ground');
  return (
    <Layout ctx={ctx} title={t('formTitle')}>
      <PageHeader title={t('formTitle')} lead={t('formLead')}>
        <p>
          {t('trackLinkLead')} <a href="/appeal/track">{t('trackLink')}</a>
        </p>
      </PageHeader>
      {state.problems.filter((p) => p.field === '_form').map((p) => <Alert kind="error">{p.message}</Alert>)}
      <ErrorSummary title={t('errorSummary')} errors={state.problems.filter((p) => p.field !== '_form')} />
      <form method="post" action={state.action} enctype="multipart/form-data" class="form appeal-form">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="stamp" value={state.stamp} />
        <Field name="value" label={t('valueLabel')} hint={t('valueHint')} required maxlength={APPEAL_LIMITS.value} autocomplete="off" value={value('value')} error={errors.value} />
        <SelectField
          name="type"
          label={t('typeLabel')}
          hint={t('typeHint')}
          value={value('type') ?? ''}
          error={errors.type}
          options={[{ value: '', label: t('typeAuto') }, ...TARGET_TYPES.map((type) => ({ value: type, label: targetTypeLabel(type, l) }))]}
        />
        <Checkboxes
          type="radio"
          name="ground"
          legend={t('groundLegend')}
          hint={t('groundHint')}
          required
          error={errors.ground}
          values={ground === undefined ? [] : [ground]}
          options={APPEAL_GROUNDS.map((code) => {
            const hint = GROUND_HINTS[code];
            return hint === undefined ? { value: code, label: appealGroundWords[l][code] } : { value: code, label: appealGroundWords[l][code], hint: t(hint) };
          })}
        />
        <TextArea name="statement" label={t('statementLabel')} hint={t('statementHint')} required rows={6} maxlength={APPEAL_LIMITS.statement} value={value('statement')} error={errors.statement} />
        <EvidenceInput locale={l} error={errors.evidence} again={state.filesDropped} />
        <Field name="appellantName" label={t('nameLabel')} hint={t('nameHint')} required maxlength={APPEAL_LIMITS.name} autocomplete="name" value={value('appellantName')} error={errors.appellantName} />
        <Field name="contact" type="email" label={t('contactLabel')} hint={t('contactHint')} required maxlength={APPEAL_LIMITS.contact} autocomplete="email" value={value('contact')} error={errors.contact} />
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
