// The public appeal form, in the frame every public form shares (../../../../web/public-form.tsx):
// the listed value, its type, the ground, the statement, evidence and who is asking.
import { Checkboxes, Field, SelectField, TextArea } from '../../../../web/components.tsx';
import { byField } from '../../../../web/form-problems.ts';
import { formString } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import type { PageContext } from '../../../../web/layout.tsx';
import { EvidenceInput, PublicFormPage, type PublicFormState } from '../../../../web/public-form.tsx';
import { TARGET_TYPES, targetTypeLabel } from '../../../targets/index.ts';
import { appealGroundWords } from '../messages.ts';
import { APPEAL_GROUNDS, APPEAL_LIMITS, type AppealGround } from '../model.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

const GROUND_HINTS: Partial<Record<AppealGround, AppealMessage>> = {
  new_owner: 'groundHintNewOwner',
  recycled_number: 'groundHintRecycled',
  false_positive: 'groundHintFalsePositive',
};

/** `/appeal`: the whole appeal page. */
export function AppealFormPage(props: { ctx: PageContext; state: PublicFormState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage) => appealMessage(l, key);
  const errors = byField(state.problems);
  const value = (name: string) => formString(state.values, name);
  const ground = value('ground');
  return (
    <PublicFormPage ctx={ctx} state={state} words={t} trackHref="/appeal/track" formClass="appeal-form">
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
      <EvidenceInput words={t} error={errors.evidence} again={state.filesDropped} />
      <Field name="appellantName" label={t('nameLabel')} hint={t('nameHint')} required maxlength={APPEAL_LIMITS.name} autocomplete="name" value={value('appellantName')} error={errors.appellantName} />
      <Field name="contact" type="email" label={t('contactLabel')} hint={t('contactHint')} required maxlength={APPEAL_LIMITS.contact} autocomplete="email" value={value('contact')} error={errors.contact} />
    </PublicFormPage>
  );
}
