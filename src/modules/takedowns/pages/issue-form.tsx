// The issue form of the authority (/takedowns/new): who must act (the suggested recipients first,
// then every active platform and telecom), what to do, the targets one per line, the category,
// the legal basis and the statement, urgency, evidence links, and the case it comes from. A
// "suggest recipients" button shows the suggestions for the typed targets without JavaScript.
import type { Locale } from '../../../core/i18n.ts';
import { Alert, Card, Checkboxes, CsrfField, ErrorSummary, Field, fieldId, PageHeader, SelectField, SubmitButton, TextArea } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { EvidenceInput } from '../../../web/public-form.tsx';
import { Layout, type PageContext } from '../../../web/layout.tsx';
import { CATEGORY_CODES, categoryLabel } from '../../cases/index.ts';
import type { OrganizationRow } from '../../identity/index.ts';
import { ACTIONS, TAKEDOWN_LIMITS } from '../model.ts';
import type { Suggestion } from '../recipients.ts';
import { actionLabel, orgKindLabel } from './labels.ts';
import { takedownMessage as m } from './messages.ts';

/** What the form shows: the values (sent, or prefilled from a case) and the problems. */
export type IssueFormState = {
  values: { recipientOrgId?: string | undefined; action?: string | undefined; targets?: string | undefined; category?: string | undefined; legalBasis?: string | undefined; statement?: string | undefined; urgent?: boolean; evidenceLinks?: string | undefined; caseId?: string | undefined };
  errors: Record<string, string>;
  suggestions: readonly Suggestion[];
  /** Active platforms and telecoms, by name. */
  recipients: readonly OrganizationRow[];
  /** The case was asked for but cannot be read (another province, or none). */
  caseMissing?: boolean;
  /** The suggestions were asked for. */
  suggested?: boolean;
  /** Files were sent with a form that comes back: they are not kept, so the form says to choose them again. */
  filesDropped?: boolean;
};

/** The recipient select, in groups: suggested, platforms, telecoms. Shaped as SelectField is (label, hint, error, ids). */
function RecipientSelect(props: { state: IssueFormState; l: Locale }): Html {
  const { state, l } = props;
  const id = fieldId('recipientOrgId');
  const chosen = state.values.recipientOrgId ?? (state.suggestions.length === 1 ? state.suggestions[0]?.orgId : undefined);
  const error = state.errors.recipientOrgId;
  const described = [`${id}-hint`, error === undefined ? '' : `${id}-error`].filter(Boolean).join(' ');
  const option = (value: string, label: string) => <option value={value} selected={value === chosen}>{label}</option>;
  const suggested = new Set(state.suggestions.map((s) => s.orgId));
  const groups = [
    { label: m(l, 'platforms'), orgs: state.recipients.filter((o) => o.kind === 'platform' && !suggested.has(o.id)) },
    { label: m(l, 'telecoms'), orgs: state.recipients.filter((o) => o.kind === 'telecom' && !suggested.has(o.id)) },
  ];
  return (
    <div class={error === undefined ? 'field' : 'field field-invalid'}>
      <label for={id}>{m(l, 'recipientLabel')}</label>
      <p class="field-hint" id={`${id}-hint`}>{m(l, 'recipientHint')}</p>
      {error === undefined ? null : <p class="field-error" id={`${id}-error`}>{error}</p>}
      <select id={id} name="recipientOrgId" required aria-describedby={described} aria-invalid={error === undefined ? undefined : true}>
        {option('', m(l, 'chooseRecipientOption'))}
        {state.suggestions.length === 0 ? null : (
          <optgroup label={m(l, 'suggestedGroup')}>
            {state.suggestions.map((s) => option(s.orgId, m(l, 'suggestedOption', { name: s.name, kind: orgKindLabel(s.kind, l), count: s.targets.length })))}
          </optgroup>
        )}
        {groups.map((g) => (g.orgs.length === 0 ? null : <optgroup label={g.label}>{g.orgs.map((o) => option(o.id, o.name))}</optgroup>))}
      </select>
    </div>
  );
}

/** `/takedowns/new`: the whole issue page. */
export function IssuePage(props: { ctx: PageContext; state: IssueFormState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const v = state.values;
  const { _form: whole, ...fields } = state.errors;
  const title = m(l, 'issueTitle');
  return (
    <Layout ctx={ctx} title={title}>
      <p class="back-link"><a href="/takedowns">← {m(l, 'backToIssued')}</a></p>
      <PageHeader title={title} lead={m(l, 'issueLead')} />
      {state.caseMissing === true ? <Alert kind="warning">{m(l, 'caseMissing')}</Alert> : null}
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      <ErrorSummary title={m(l, 'issueErrors')} errors={Object.entries(fields).map(([field, message]) => ({ field, message }))} />
      {state.suggested === true && state.suggestions.length === 0 && Object.keys(fields).length === 0 ? <Alert kind="info">{m(l, 'noSuggestions')}</Alert> : null}
      <form method="post" action="/takedowns/new" class="form" enctype="multipart/form-data">
        <CsrfField token={ctx.csrfToken} />
        {v.caseId === undefined ? null : (
          <>
            <input type="hidden" name="caseId" value={v.caseId} />
            <p>{m(l, 'fromCase')} <a href={`/cases/${v.caseId}`}>{m(l, 'openCase')}</a></p>
          </>
        )}
        <Card title={m(l, 'whatTitle')}>
          <SelectField name="action" label={m(l, 'actionLabel')} hint={m(l, 'actionHint')} required value={v.action ?? 'remove_content'} error={state.errors.action} options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a, l) }))} />
          <TextArea name="targets" label={m(l, 'targetsLabel')} hint={m(l, 'targetsHint', { max: TAKEDOWN_LIMITS.targets })} required rows={5} value={v.targets} error={state.errors.targets} />
          <p><SubmitButton variant="secondary" name="intent" value="suggest">{m(l, 'suggestButton')}</SubmitButton></p>
          <RecipientSelect state={state} l={l} />
        </Card>
        <Card title={m(l, 'whyTitle')}>
          <SelectField name="category" label={m(l, 'categoryLabel')} required value={v.category ?? ''} error={state.errors.category} options={[{ value: '', label: m(l, 'chooseCategoryOption') }, ...CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(c, l) }))]} />
          <Field name="legalBasis" label={m(l, 'legalBasisLabel')} hint={m(l, 'legalBasisHint')} required maxlength={TAKEDOWN_LIMITS.legalBasis} value={v.legalBasis} error={state.errors.legalBasis} />
          <TextArea name="statement" label={m(l, 'statementLabel')} hint={m(l, 'statementHint')} required rows={6} maxlength={TAKEDOWN_LIMITS.statement} value={v.statement} error={state.errors.statement} />
          <EvidenceInput words={(key) => m(l, key)} error={state.errors.evidence} again={state.filesDropped === true} />
          <TextArea name="evidenceLinks" label={m(l, 'evidenceLinksLabel')} hint={m(l, 'evidenceLinksHint', { max: TAKEDOWN_LIMITS.evidenceLinks })} rows={3} value={v.evidenceLinks} error={state.errors.evidenceLinks} />
          <Checkboxes name="urgent" legend={m(l, 'urgencyLegend')} values={v.urgent === true ? ['yes'] : []} options={[{ value: 'yes', label: m(l, 'urgentLabel'), hint: m(l, 'urgentHint') }]} />
        </Card>
        <SubmitButton>{m(l, 'issueSubmit')}</SubmitButton>
      </form>
    </Layout>
  );
}
