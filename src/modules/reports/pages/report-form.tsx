// The public report form, in the frame every public form shares (../../../web/public-form.tsx):
// the category, the reported targets (one a line), a description, evidence, the province and an
// optional contact.
import { CATEGORIES, CATEGORY_CODES } from '../../cases/index.ts';
import { Checkboxes, Field, SelectField, TextArea } from '../../../web/components.tsx';
import { byField } from '../../../web/form-problems.ts';
import { formString } from '../../../web/forms.ts';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import type { PageContext } from '../../../web/layout.tsx';
import { EvidenceInput, PublicFormPage, type PublicFormState } from '../../../web/public-form.tsx';
import { REPORT_LIMITS } from '../model.ts';
import { PROVINCES } from '../../../core/provinces.ts';
import { CATEGORY_HINTS, reportMessage, type ReportMessage } from './messages.ts';

/** The whole report page. */
export function ReportFormPage(props: { ctx: PageContext; state: PublicFormState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const t = (key: ReportMessage) => reportMessage(l, key);
  const errors = byField(state.problems);
  const value = (name: string) => formString(state.values, name);
  const category = value('category');
  return (
    <PublicFormPage ctx={ctx} state={state} words={t} trackHref="/track" formClass="report-form">
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
      <EvidenceInput words={t} error={errors.evidence} again={state.filesDropped} />
      <SelectField
        name="province"
        label={t('provinceLabel')}
        hint={t('provinceHint')}
        value={value('province') ?? ''}
        error={errors.province}
        options={[{ value: '', label: t('provinceUnknown') }, ...PROVINCES.map((p) => ({ value: p.code, label: l === 'vi' ? p.nameVi : p.nameEn }))]}
      />
      <Field name="contact" label={t('contactLabel')} hint={t('contactHint')} maxlength={320} value={value('contact')} error={errors.contact} />
      <Checkboxes name="shareContact" legend={t('shareContactLegend')} hint={t('shareContactHint')} options={[{ value: 'yes', label: t('shareContactLabel') }]} values={value('shareContact') === 'yes' ? ['yes'] : []} />
    </PublicFormPage>
  );
}
