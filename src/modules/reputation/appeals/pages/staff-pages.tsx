// The staff pages of appeals (national authority): the queue, and an appeal with its evidence,
// every listing of its value with their history, and the decision form.
import type { Locale } from '../../../../core/i18n.ts';
import { Alert, Badge, Card, Checkboxes, CsrfField, DataTable, DefinitionList, ErrorSummary, PageHeader, Pagination, SubmitButton, TextArea } from '../../../../web/components.tsx';
import type { FormBody } from '../../../../web/forms.ts';
import { formString } from '../../../../web/forms.ts';
import { EvidenceList } from '../../../../web/evidence-list.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { formatTime } from '../../../identity/admin-pages.tsx';
import { targetTypeLabel } from '../../../targets/index.ts';
import { appealEvidenceUrl } from '../http.ts';
import { groundLabel } from '../messages.ts';
import { APPEAL_LIMITS, APPEAL_STATUSES, type AppealStatus } from '../model.ts';
import type { AppealStaffView, AppealSummary, ListingView } from '../queries.ts';
import { listingLabel } from './labels.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

const TONES: Record<AppealStatus, 'info' | 'success' | 'neutral'> = { received: 'info', granted: 'success', refused: 'neutral' };

function StatusBadge(props: { status: AppealStatus; l: Locale }): Html {
  return <Badge tone={TONES[props.status]}>{listingLabel(props.status, props.l)}</Badge>;
}

/** `/admin/appeals`: open appeals first, oldest first. */
export function QueuePage(props: { ctx: PageContext; items: readonly AppealSummary[]; status: AppealStatus | null; prev?: string | undefined; next?: string | undefined }): Html {
  const { ctx } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage) => appealMessage(l, key);
  const filters: { status: AppealStatus | null; label: string }[] = [{ status: null, label: t('filterAll') }, ...APPEAL_STATUSES.map((s) => ({ status: s, label: listingLabel(s, l) }))];
  return (
    <Layout ctx={ctx} title={t('queueTitle')} wide>
      <PageHeader title={t('queueTitle')} lead={t('queueLead')} />
      <nav class="appeal-filters" aria-label={t('filterLabel')}>
        <ul>
          {filters.map((f) => (
            <li><a href={f.status === null ? '/admin/appeals' : `/admin/appeals?status=${f.status}`} aria-current={f.status === props.status ? 'page' : undefined}>{f.label}</a></li>
          ))}
        </ul>
      </nav>
      <DataTable
        caption={t('queueCaption')}
        columns={[
          { key: 'received', label: t('colReceived') },
          { key: 'value', label: t('colValue') },
          { key: 'type', label: t('colType') },
          { key: 'ground', label: t('colGround') },
          { key: 'status', label: t('colStatus') },
          { key: 'evidence', label: t('colEvidence'), numeric: true },
        ]}
        rows={props.items.map((a) => ({
          received: <time datetime={a.createdAt.toISOString()}>{formatTime(a.createdAt, l)}</time>,
          value: <a href={`/admin/appeals/${a.id}`} class="target-value">{a.value}</a>,
          type: targetTypeLabel(a.type, l),
          ground: groundLabel(a.ground, l),
          status: <StatusBadge status={a.status} l={l} />,
          evidence: a.evidenceCount,
        }))}
        empty={t('queueEmpty')}
      />
      <Pagination locale={l} prev={props.prev} next={props.next} />
    </Layout>
  );
}

function Listing(props: { listing: ListingView; l: Locale }): Html {
  const { listing: i, l } = props;
  const t = (key: AppealMessage, params?: Record<string, string>) => appealMessage(l, key, params);
  return (
    <article class="appeal-listing">
      <h3>
        {t('listingHeading', { source: listingLabel(i.source, l) })} <Badge tone={i.status === 'active' ? 'danger' : 'neutral'}>{listingLabel(i.status, l)}</Badge>
      </h3>
      <DefinitionList
        items={[
          { term: t('source'), description: <code>{i.sourceKey}</code> },
          { term: t('sourceRef'), description: i.sourceRef ?? '—' },
          { term: t('verdict'), description: listingLabel(i.verdict, l) },
          { term: t('categories'), description: i.categories.join(', ') || '—' },
          { term: t('since'), description: formatTime(i.firstSeen, l) },
          { term: t('lastVerified'), description: formatTime(i.lastVerified, l) },
          { term: t('expires'), description: i.expiresAt === null ? t('never') : formatTime(i.expiresAt, l) },
        ]}
      />
      <h4>{t('historyTitle')}</h4>
      <ol class="timeline">
        {i.history.map((h) => (
          <li>
            <time datetime={h.at.toISOString()}>{formatTime(h.at, l)}</time> <strong>{t('historyLine', { action: listingLabel(h.action, l), actor: h.actorName })}</strong>
            {h.note === null ? null : <p class="pre-wrap">{h.note}</p>}
          </li>
        ))}
      </ol>
    </article>
  );
}

function Evidence(props: { view: AppealStaffView; l: Locale }): Html {
  const words = (key: AppealMessage, params?: Record<string, string>) => appealMessage(props.l, key, params);
  return <EvidenceList files={props.view.evidence} urlOf={appealEvidenceUrl} words={words} locale={props.l} />;
}

/** A failed decision form: what was sent and what is wrong. */
export type DecisionFormState = { values: FormBody; errors: Record<string, string>; status: number };

function DecisionForm(props: { ctx: PageContext; appealId: string; active: number; state: DecisionFormState | null }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage, params?: Record<string, number>) => appealMessage(l, key, params);
  const errors = state?.errors ?? {};
  const chosen = state === null ? undefined : formString(state.values, 'decision');
  return (
    <Card title={t('decideTitle')} id="decide">
      <p>{t('decideLead')}</p>
      {props.active > 0 ? <Alert kind="warning">{t('decideActive', { count: props.active })}</Alert> : null}
      {errors._form === undefined ? null : <Alert kind="error">{errors._form}</Alert>}
      <ErrorSummary title={t('decideErrors')} errors={Object.entries(errors).filter(([field]) => field !== '_form').map(([field, message]) => ({ field, message }))} />
      <form method="post" action={`/admin/appeals/${props.appealId}/decision`} class="form">
        <CsrfField token={ctx.csrfToken} />
        <Checkboxes
          type="radio"
          name="decision"
          legend={t('decisionLegend')}
          required
          error={errors.decision}
          values={chosen === undefined ? [] : [chosen]}
          options={[{ value: 'grant', label: t('grant') }, { value: 'refuse', label: t('refuse') }]}
        />
        <TextArea name="reason" label={t('reasonLabel')} hint={t('reasonHint')} required rows={4} maxlength={APPEAL_LIMITS.reason} value={state === null ? undefined : formString(state.values, 'reason')} error={errors.reason} />
        <SubmitButton>{t('decideButton')}</SubmitButton>
      </form>
    </Card>
  );
}

/** `/admin/appeals/:id`: everything staff need to decide an appeal. */
export function AppealPage(props: { ctx: PageContext; view: AppealStaffView; state: DecisionFormState | null }): Html {
  const { ctx, view } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage, params?: Record<string, string>) => appealMessage(l, key, params);
  const a = view.appeal;
  const active = view.listings.filter((i) => i.status === 'active').length;
  return (
    <Layout ctx={ctx} title={t('appealHeading', { value: a.value })} wide>
      <p class="back-link"><a href="/admin/appeals">← {t('backToQueue')}</a></p>
      <PageHeader title={t('appealHeading', { value: a.value })}>
        <p><StatusBadge status={a.status} l={l} /></p>
      </PageHeader>
      <Card title={t('appealTitle')}>
        <DefinitionList
          items={[
            { term: t('ticket'), description: <span class="ticket">{a.ticket}</span> },
            { term: t('value'), description: <code>{a.value}</code> },
            { term: t('type'), description: targetTypeLabel(a.type, l) },
            { term: t('ground'), description: groundLabel(a.ground, l) },
            { term: t('appellant'), description: a.appellantName },
            { term: t('contact'), description: t('contactStored') },
            { term: t('locale'), description: a.locale === 'en' ? 'English' : 'Tiếng Việt' },
            { term: t('submittedAt'), description: formatTime(a.createdAt, l) },
          ]}
        />
        <h3>{t('statement')}</h3>
        <blockquote class="report-text pre-wrap" lang={a.locale}>{a.statement}</blockquote>
      </Card>
      <Card title={t('evidenceTitle')}>
        <Evidence view={view} l={l} />
      </Card>
      <Card title={t('listingsTitle')}>
        <p>{t('listingsLead')}</p>
        {view.listings.length === 0 ? <p>{t('listingsEmpty')}</p> : view.listings.map((listing) => <Listing listing={listing} l={l} />)}
      </Card>
      {view.otherAppeals.length === 0 ? null : (
        <Card title={t('otherAppealsTitle')}>
          <ul class="plain-list">
            {view.otherAppeals.map((o) => (
              <li><a href={`/admin/appeals/${o.id}`}>{formatTime(o.createdAt, l)}</a> <StatusBadge status={o.status} l={l} /></li>
            ))}
          </ul>
        </Card>
      )}
      {a.status === 'received' ? (
        <DecisionForm ctx={ctx} appealId={a.id} active={active} state={props.state} />
      ) : (
        <Card title={t('decisionTitle')}>
          {props.state?.errors._form === undefined ? null : <Alert kind="error">{props.state.errors._form}</Alert>}
          <DefinitionList
            items={[
              { term: t('listingStatus'), description: <StatusBadge status={a.status} l={l} /> },
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
