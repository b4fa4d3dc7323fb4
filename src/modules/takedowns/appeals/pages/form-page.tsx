// The public appeal form, in the frame every public form shares (../../../../web/public-form.tsx):
// the reference of the action, the appellant's grounds, evidence and who is asking.
import { Field, TextArea } from '../../../../web/components.tsx';
import { byField } from '../../../../web/form-problems.ts';
import { formString } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import type { PageContext } from '../../../../web/layout.tsx';
import { EvidenceInput, PublicFormPage, type PublicFormState } from '../../../../web/public-form.tsx';
import { APPEAL_LIMITS } from '../model.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

/** `/takedown-appeal`: the whole appeal page. */
export function AppealFormPage(props: { ctx: PageContext; state: PublicFormState }): Html {
  const { ctx, state } = props;
  const t = (key: AppealMessage) => appealMessage(ctx.locale, key);
  const errors = byField(state.problems);
  const value = (name: string) => formString(state.values, name);
  return (
    <PublicFormPage ctx={ctx} state={state} words={t} trackHref="/takedown-appeal/track" formClass="appeal-form">
      <Field name="reference" label={t('referenceLabel')} hint={t('referenceHint')} required maxlength={APPEAL_LIMITS.reference} autocomplete="off" value={value('reference')} error={errors.reference} />
      <TextArea name="statement" label={t('statementLabel')} hint={t('statementHint')} required rows={6} maxlength={APPEAL_LIMITS.statement} value={value('statement')} error={errors.statement} />
      <EvidenceInput words={t} error={errors.evidence} again={state.filesDropped} />
      <Field name="name" label={t('nameLabel')} hint={t('nameHint')} required maxlength={APPEAL_LIMITS.name} autocomplete="name" value={value('name')} error={errors.name} />
      <Field name="contact" type="email" label={t('contactLabel')} hint={t('contactHint')} maxlength={APPEAL_LIMITS.contact} autocomplete="email" value={value('contact')} error={errors.contact} />
    </PublicFormPage>
  );
}
