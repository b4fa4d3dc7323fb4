// The forms of the case page. Each outcome has its own form and button, so
// every decision works without JavaScript; ids are scoped per form, so labels
// and the error summaries always point at the right control.
import type { Locale } from '../../../core/i18n.ts';
import { Alert, Checkboxes, CsrfField, ErrorSummary, Field, SelectField, SubmitButton, TextArea, fieldId } from '../../../web/components.tsx';
import { formList, formString, type FormBody } from '../../../web/forms.ts';
import type { Child, Html } from '../../../web/jsx/jsx-runtime.ts';
import { summaryOf } from '../../identity/admin-pages.tsx';
import { CATEGORY_CODES, DECISION_GROUNDS, VERDICTS, categoryLabel } from '../categories.ts';
import { groundLabel, verdictLabel } from './labels.ts';
import { t } from './messages.ts';

/** A form that failed: which one, what was sent, and what is wrong. */
export type CaseFormState = { form: string; values: FormBody; errors: Record<string, string>; status: number };

type Common = { caseId: string; l: Locale; csrf: string; state: CaseFormState | null };

/** The problems of this form, if it is the one that failed. */
function Problems(props: { form: string; l: Locale; state: CaseFormState | null }): Html {
  if (props.state?.form !== props.form) return <></>;
  const { _form: whole, ...fields } = props.state.errors;
  return (
    <>
      {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
      {Object.keys(fields).length > 0 ? <ErrorSummary title={t(props.l, 'errors')} form={props.form} errors={summaryOf(fields)} /> : null}
    </>
  );
}

/** What was sent in this form (for re-rendering it), or nothing. */
function sent(state: CaseFormState | null, form: string): { value: (name: string) => string | undefined; list: (name: string) => string[] | undefined; error: (name: string) => string | undefined } {
  const mine = state?.form === form ? state : null;
  return {
    value: (name) => (mine === null ? undefined : formString(mine.values, name)),
    list: (name) => (mine === null ? undefined : formList(mine.values, name)),
    error: (name) => mine?.errors[name],
  };
}

/** One checkbox with its own name (a yes/no field). */
function YesNo(props: { name: string; form: string; label: string; checked: boolean }): Html {
  const id = fieldId(props.name, props.form);
  return (
    <div class="choice">
      <input type="checkbox" id={id} name={props.name} value="yes" checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/** One outcome's form: its problems, its field and a secondary submit button. */
function OutcomeForm(props: Common & { outcome: string; headingId: string; title: string; submit: string; action: string; children?: Child }): Html {
  return (
    <section class="case-form" aria-labelledby={props.headingId}>
      <h3 id={props.headingId}>{props.title}</h3>
      <Problems form={props.outcome} l={props.l} state={props.state} />
      <form method="post" action={props.action} class="form">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="outcome" value={props.outcome} />
        {props.children}
        <SubmitButton variant="secondary">{props.submit}</SubmitButton>
      </form>
    </section>
  );
}

/** The four outcomes, each its own form posting to /cases/:id/decisions. */
export function DecisionForms(props: Common & { caseCategories: readonly string[] }): Html {
  const { l, caseId } = props;
  const action = `/cases/${caseId}/decisions`;
  const verify = sent(props.state, 'verified');
  const reject = sent(props.state, 'rejected');
  const ask = sent(props.state, 'more_info');
  const merge = sent(props.state, 'duplicate');
  return (
    <>
      <section class="case-form" aria-labelledby="decide-verified">
        <h3 id="decide-verified">{t(l, 'verifyTitle')}</h3>
        <Problems form="verified" l={l} state={props.state} />
        <form method="post" action={action} class="form">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="outcome" value="verified" />
          <Checkboxes type="radio" name="verdict" form="verified" legend={t(l, 'verdict')} required values={[verify.value('verdict') ?? '']} error={verify.error('verdict')} options={VERDICTS.map((v) => ({ value: v, label: verdictLabel(v, l) }))} />
          <Checkboxes name="categories" form="verified" legend={t(l, 'decidedCategories')} values={verify.list('categories') ?? props.caseCategories} error={verify.error('categories')} options={CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(c, l) }))} />
          <Checkboxes type="radio" name="decisionGround" form="verified" legend={t(l, 'decisionGround')} required values={[verify.value('decisionGround') ?? '']} error={verify.error('decisionGround')} options={DECISION_GROUNDS.map((g) => ({ value: g, label: groundLabel(g, l) }))} />
          <Field name="legalBasis" form="verified" label={t(l, 'legalBasis')} hint={t(l, 'legalBasisHint')} required maxlength={500} value={verify.value('legalBasis')} error={verify.error('legalBasis')} />
          <TextArea name="facts" form="verified" label={t(l, 'facts')} hint={t(l, 'factsHint')} required maxlength={5000} value={verify.value('facts')} error={verify.error('facts')} />
          <fieldset class="field choices">
            <legend>{t(l, 'automated')}</legend>
            <YesNo name="automatedDetection" form="verified" label={t(l, 'automatedDetection')} checked={verify.value('automatedDetection') === 'yes'} />
            <YesNo name="automatedDecision" form="verified" label={t(l, 'automatedDecision')} checked={verify.value('automatedDecision') === 'yes'} />
          </fieldset>
          <SubmitButton>{t(l, 'verifySubmit')}</SubmitButton>
        </form>
      </section>

      <OutcomeForm outcome="rejected" headingId="decide-rejected" title={t(l, 'rejectTitle')} submit={t(l, 'rejectSubmit')} action={action} {...props}>
        <TextArea name="reason" form="rejected" label={t(l, 'reason')} hint={t(l, 'reasonHint')} required rows={3} maxlength={2000} value={reject.value('reason')} error={reject.error('reason')} />
      </OutcomeForm>
      <OutcomeForm outcome="more_info" headingId="decide-more-info" title={t(l, 'moreInfoTitle')} submit={t(l, 'moreInfoSubmit')} action={action} {...props}>
        <TextArea name="question" form="more_info" label={t(l, 'question')} hint={t(l, 'questionHint')} required rows={3} maxlength={2000} value={ask.value('question')} error={ask.error('question')} />
      </OutcomeForm>
      <OutcomeForm outcome="duplicate" headingId="decide-duplicate" title={t(l, 'duplicateTitle')} submit={t(l, 'duplicateSubmit')} action={action} {...props}>
        <Field name="duplicateOf" form="duplicate" label={t(l, 'duplicateOf')} hint={t(l, 'duplicateHint')} required maxlength={50} value={merge.value('duplicateOf')} error={merge.error('duplicateOf')} />
      </OutcomeForm>
    </>
  );
}

/** Approve or refuse a decision that waits for a supervisor. */
export function ReviewForm(props: Common & { decisionId: string }): Html {
  const form = `review-${props.decisionId}`;
  const { l } = props;
  const mine = sent(props.state, form);
  return (
    <section class="case-form" aria-labelledby={`${form}-title`}>
      <h4 id={`${form}-title`}>{t(l, 'reviewTitle')}</h4>
      <Problems form={form} l={l} state={props.state} />
      <form method="post" action={`/cases/${props.caseId}/decisions/${props.decisionId}/review`} class="form">
        <CsrfField token={props.csrf} />
        <TextArea name="note" form={form} label={t(l, 'reviewNoteLabel')} rows={2} maxlength={2000} value={mine.value('note')} error={mine.error('note')} />
        <div class="button-row">
          <SubmitButton name="approve" value="yes">{t(l, 'approve')}</SubmitButton>
          <SubmitButton name="approve" value="no" variant="danger">{t(l, 'refuse')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}

/** Claim the case, or give it to someone who may triage it. */
export function AssignmentForms(props: Common & { assigneeId: string | null; userId: string; staff: readonly { userId: string; displayName: string }[] }): Html {
  const { l } = props;
  const mine = sent(props.state, 'assign');
  return (
    <>
      <Problems form="claim" l={l} state={props.state} />
      {props.assigneeId === props.userId ? null : (
        <form method="post" action={`/cases/${props.caseId}/claim`} class="form">
          <CsrfField token={props.csrf} />
          <SubmitButton>{t(l, 'claim')}</SubmitButton>
        </form>
      )}
      <Problems form="assign" l={l} state={props.state} />
      <form method="post" action={`/cases/${props.caseId}/assign`} class="form form-inline">
        <CsrfField token={props.csrf} />
        <SelectField
          name="assigneeId"
          form="assign"
          label={t(l, 'assignTo')}
          value={mine.value('assigneeId') ?? props.assigneeId ?? ''}
          error={mine.error('assigneeId')}
          options={[{ value: '', label: t(l, 'assignNobody') }, ...props.staff.map((s) => ({ value: s.userId, label: s.userId === props.userId ? `${s.displayName} (${t(l, 'you')})` : s.displayName }))]}
        />
        <SubmitButton variant="secondary">{t(l, 'assign')}</SubmitButton>
      </form>
    </>
  );
}

/** Add an internal note. */
export function NoteForm(props: Common): Html {
  const { l } = props;
  const mine = sent(props.state, 'note');
  return (
    <>
      <Problems form="note" l={l} state={props.state} />
      <form method="post" action={`/cases/${props.caseId}/notes`} class="form">
        <CsrfField token={props.csrf} />
        <TextArea name="body" form="note" label={t(l, 'noteBody')} required rows={3} maxlength={5000} value={mine.value('body')} error={mine.error('body')} />
        <SubmitButton variant="secondary">{t(l, 'addNote')}</SubmitButton>
      </form>
    </>
  );
}

/** Merge a suggested case into this one. */
export function MergeHereForm(props: Common & { otherId: string; otherRef: string }): Html {
  return (
    <form method="post" action={`/cases/${props.caseId}/merge`} class="inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="from" value={props.otherId} />
      <SubmitButton variant="secondary">{t(props.l, 'mergeHere', { ref: props.otherRef })}</SubmitButton>
    </form>
  );
}
