// The staff page of one takedown appeal: the appellant's grounds and evidence, the request with its
// history, the published statement of reasons, and the decision form (restore or confirm, with a
// reason) — or the decision once made.
import type { Locale } from '../../../../core/i18n.ts';
import { Alert, Card, Checkboxes, CsrfField, DefinitionList, ErrorSummary, PageHeader, SubmitButton, TextArea } from '../../../../web/components.tsx';
import { formString, type FormBody } from '../../../../web/forms.ts';
import { EvidenceList } from '../../../../web/evidence-list.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { formatTime } from '../../../identity/admin-pages.tsx';
import { targetTypeLabel } from '../../../targets/index.ts';
import { STATUS_LABELS } from '../../messages.ts';
import { referenceOf, type TakedownStatus } from '../../model.ts';
import { appealEvidenceUrl } from '../http.ts';
import { APPEAL_LIMITS } from '../model.ts';
import type { AppealStaffView } from '../queries.ts';
import { appealMessage, type AppealMessage } from './messages.ts';
import { actionWords, StatusBadge } from './staff-queue.tsx';

/** A failed decision form: what was sent and what is wrong (`_form` for the whole form). */
export type DecisionFormState = { values: FormBody; errors: Record<string, string>; status: number };

function Evidence(props: { view: AppealStaffView; l: Locale }): Html {
  const words = (key: AppealMessage, params?: Record<string, string>) => appealMessage(props.l, key, params);
  return <EvidenceList files={props.view.evidence} urlOf={appealEvidenceUrl} words={words} locale={props.l} />;
}

function RequestCard(props: { view: AppealStaffView; l: Locale }): Html {
  const { view, l } = props;
  const t = (key: AppealMessage, params?: Record<string, string>) => appealMessage(l, key, params);
  const r = view.request;
  const status = STATUS_LABELS[r.status as TakedownStatus] as { vi: string; en: string } | undefined;
  return (
    <Card title={t('requestTitle', { reference: referenceOf(r.number) })}>
      <p><a href={`/takedowns/${r.id}`}>{t('requestLink')}</a></p>
      <DefinitionList
        items={[
          { term: t('recipient'), description: view.recipientName },
          { term: t('action'), description: actionWords(r.action, l) },
          { term: t('requestStatus'), description: status?.[l] ?? r.status },
          { term: t('targets'), description: <ul class="plain-list">{r.targets.map((target) => <li>{targetTypeLabel(target.type, l)}: <code class="target-value">{target.value}</code></li>)}</ul> },
          { term: t('category'), description: r.category },
          { term: t('legalBasis'), description: r.legalBasis },
          { term: t('issuedAt'), description: formatTime(r.issuedAt, l) },
          { term: t('actionedAt'), description: formatTime(r.actionedAt, l) },
          { term: t('responseNote'), description: <p class="pre-wrap">{r.responseNote ?? t('none')}</p> },
          { term: t('responseProof'), description: <p class="pre-wrap">{r.responseProof ?? t('none')}</p> },
        ]}
      />
      <h3>{t('requestStatement')}</h3>
      <blockquote class="pre-wrap">{r.statement}</blockquote>
      <h3>{t('historyTitle')}</h3>
      <ol class="timeline">
        {view.history.map((h) => (
          <li>
            <time datetime={h.at.toISOString()}>{formatTime(h.at, l)}</time> <strong>{t('historyLine', { kind: h.kind, actor: h.actorName })}</strong>
            {h.note === null ? null : <p class="pre-wrap">{h.note}</p>}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function StatementCard(props: { view: AppealStaffView; l: Locale }): Html {
  const { l } = props;
  const t = (key: AppealMessage) => appealMessage(l, key);
  const s = props.view.statement;
  if (s === null) return <Card title={t('statementTitle')}><p>{t('statementMissing')}</p></Card>;
  return (
    <Card title={t('statementTitle')}>
      <DefinitionList
        items={[
          { term: t('statementId'), description: <code>{s.id}</code> },
          { term: t('platform'), description: s.platformName },
          { term: t('category'), description: <code>{s.category}</code> },
          { term: t('appliedAt'), description: formatTime(s.applicationDate, l) },
          { term: t('publishedAt'), description: formatTime(s.publishedAt, l) },
          { term: t('statementOutcome'), description: s.appealOutcome ?? t('none') },
        ]}
      />
    </Card>
  );
}

function DecisionForm(props: { ctx: PageContext; appealId: string; state: DecisionFormState | null }): Html {
  const { ctx, state } = props;
  const t = (key: AppealMessage) => appealMessage(ctx.locale, key);
  const errors = state?.errors ?? {};
  const chosen = state === null ? undefined : formString(state.values, 'outcome');
  return (
    <Card title={t('decideTitle')} id="decide">
      <p>{t('decideLead')}</p>
      {errors._form === undefined ? null : <Alert kind="error">{errors._form}</Alert>}
      <ErrorSummary title={t('decideErrors')} errors={Object.entries(errors).filter(([field]) => field !== '_form').map(([field, message]) => ({ field, message }))} />
      <form method="post" action={`/takedowns/appeals/${props.appealId}/decision`} class="form">
        <CsrfField token={ctx.csrfToken} />
        <Checkboxes
          type="radio"
          name="outcome"
          legend={t('decisionLegend')}
          required
          error={errors.outcome}
          values={chosen === undefined ? [] : [chosen]}
          options={[{ value: 'restore', label: t('restore'), hint: t('restoreHint') }, { value: 'confirm', label: t('confirm') }]}
        />
        <TextArea name="reason" label={t('reasonLabel')} hint={t('reasonHint')} required rows={4} maxlength={APPEAL_LIMITS.reason} value={state === null ? undefined : formString(state.values, 'reason')} error={errors.reason} />
        <SubmitButton>{t('decideButton')}</SubmitButton>
      </form>
    </Card>
  );
}

/** `/takedowns/appeals/:id`: everything a supervisor needs to decide an appeal. */
export function AppealPage(props: { ctx: PageContext; view: AppealStaffView; state: DecisionFormState | null }): Html {
  const { ctx, view } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage, params?: Record<string, string>) => appealMessage(l, key, params);
  const a = view.appeal;
  const heading = t('appealHeading', { reference: referenceOf(view.request.number) });
  return (
    <Layout ctx={ctx} title={heading} wide>
      <p class="back-link"><a href="/takedowns/appeals">← {t('backToQueue')}</a></p>
      <PageHeader title={heading}>
        <p><StatusBadge status={a.status} l={l} /></p>
      </PageHeader>
      <Card title={t('appealTitle')}>
        <DefinitionList
          items={[
            { term: t('ticket'), description: <span class="ticket">{a.ticket}</span> },
            { term: t('appellant'), description: a.appellantName },
            { term: t('contact'), description: a.hasContact ? t('contactStored') : t('contactNone') },
            { term: t('locale'), description: a.locale === 'en' ? 'English' : 'Tiếng Việt' },
            { term: t('submittedAt'), description: formatTime(a.createdAt, l) },
          ]}
        />
        <h3>{t('grounds')}</h3>
        <blockquote class="report-text pre-wrap" lang={a.locale}>{a.statement}</blockquote>
      </Card>
      <Card title={t('evidenceTitle')}>
        <Evidence view={view} l={l} />
      </Card>
      <RequestCard view={view} l={l} />
      <StatementCard view={view} l={l} />
      {a.status === 'received' ? (
        <DecisionForm ctx={ctx} appealId={a.id} state={props.state} />
      ) : (
        <Card title={t('decisionTitle')}>
          {props.state?.errors._form === undefined ? null : <Alert kind="error">{props.state.errors._form}</Alert>}
          <DefinitionList
            items={[
              { term: t('decisionTitle'), description: <StatusBadge status={a.status} l={l} /> },
              { term: t('reason').replace(/:$/, ''), description: <p class="pre-wrap">{a.decisionReason ?? ''}</p> },
              { term: t('decidedBy'), description: a.decidedByName ?? '—' },
              { term: t('decidedAt'), description: formatTime(a.decidedAt, l) },
            ]}
          />
        </Card>
      )}
    </Layout>
  );
}
