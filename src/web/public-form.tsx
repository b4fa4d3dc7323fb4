// The frame of a public form (report, appeal). It works without JavaScript and on a phone: one
// column, native controls, a visible label, hint and error for each, and an error summary at the
// top that links to each field. Anti-bot measures need no third party: a signed time stamp (too
// fast or too old is refused) and a honeypot field that people never see. Each module brings its
// own fields and words.
import { Alert, CsrfField, ErrorSummary, fieldId, PageHeader, SubmitButton } from './components.tsx';
import type { FormProblem } from './form-problems.ts';
import type { FormBody } from './forms.ts';
import type { Child, Html } from './jsx/jsx-runtime.ts';
import { Layout, type PageContext } from './layout.tsx';

/** The evidence types the form offers (the server decides by the bytes, not by this list). */
export const EVIDENCE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf';

/** What the form shows: the values sent before (when it comes back with problems) and a fresh stamp. */
export type PublicFormState = {
  values: FormBody;
  problems: readonly FormProblem[];
  stamp: string;
  /** The visitor had chosen files: they must choose them again. */
  filesDropped: boolean;
  /** Keeps `?lang=` on the form's action when the page was opened with it. */
  action: string;
};

/** The words the frame of a public form needs, from the module's own messages. */
export type PublicFormWord =
  | 'formTitle'
  | 'formLead'
  | 'trackLinkLead'
  | 'trackLink'
  | 'errorSummary'
  | 'evidenceLabel'
  | 'evidenceHint'
  | 'evidenceAgain'
  | 'honeypotLabel'
  | 'privacyTitle'
  | 'privacyText'
  | 'submit';

type Words = (key: PublicFormWord) => string;

/** The evidence file input; `again` tells the visitor their files were not kept. */
export function EvidenceInput(props: { words: (key: 'evidenceLabel' | 'evidenceHint' | 'evidenceAgain') => string; error: string | undefined; again: boolean }): Html {
  const t = props.words;
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
function Honeypot(props: { label: string }): Html {
  const id = fieldId('website');
  return (
    <div class="hp" aria-hidden="true">
      <label for={id}>{props.label}</label>
      <input id={id} name="website" type="text" value="" tabindex="-1" autocomplete="off" />
    </div>
  );
}

/** A whole public form page: the module's fields go between the stamp and the honeypot. */
export function PublicFormPage(props: { ctx: PageContext; state: PublicFormState; words: Words; trackHref: string; formClass: string; children?: Child }): Html {
  const { ctx, state } = props;
  const t = props.words;
  return (
    <Layout ctx={ctx} title={t('formTitle')}>
      <PageHeader title={t('formTitle')} lead={t('formLead')}>
        <p>
          {t('trackLinkLead')} <a href={props.trackHref}>{t('trackLink')}</a>
        </p>
      </PageHeader>
      {state.problems.filter((p) => p.field === '_form').map((p) => <Alert kind="error">{p.message}</Alert>)}
      <ErrorSummary title={t('errorSummary')} errors={state.problems.filter((p) => p.field !== '_form')} />
      <form method="post" action={state.action} enctype="multipart/form-data" class={`form ${props.formClass}`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="stamp" value={state.stamp} />
        {props.children}
        <Honeypot label={t('honeypotLabel')} />
        <section class="privacy-note" aria-labelledby="privacy-title">
          <h2 id="privacy-title">{t('privacyTitle')}</h2>
          <p>{t('privacyText')}</p>
        </section>
        <SubmitButton>{t('submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

