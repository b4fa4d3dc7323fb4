// The tracking pages: look a report up by its ticket, then see its status with
// what happens next, the decision, the history and, when staff asked a
// question, a form to answer. Only what the ticket holder may see is here
// (TrackingView): never the contact, staff names or internal notes.
import type { Locale } from '../../../core/i18n.ts';
import { categoryLabel } from '../../cases/index.ts';
import { Alert, Card, CsrfField, DefinitionList, ErrorSummary, PageHeader, SubmitButton, TextArea } from '../../../web/components.tsx';
import type { Child, Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../web/layout.tsx';
import { TicketCreated, TicketLookupPage } from '../../../web/ticket-pages.tsx';
import { REPORT_LIMITS, type PublicStatus } from '../model.ts';
import { historyLine, statusText, type TrackingView } from '../tracking.ts';
import { targetTypeLabel } from '../../targets/index.ts';
import { reportMessage, type ReportMessage } from './messages.ts';

const VN_OFFSET_MS = 7 * 3600 * 1000;

/** An instant as Vietnam local time with its offset, for `<time datetime>`. */
export function vietnamIso(date: Date): string {
  return `${new Date(date.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** An instant for people, in Vietnam time. */
function VnTime(props: { at: Date; locale: Locale }): Html {
  const text = new Intl.DateTimeFormat(props.locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(props.at);
  return <time datetime={vietnamIso(props.at)}>{text}</time>;
}

/** `/track`: ask for the ticket. */
export function LookupPage(props: { ctx: PageContext; value?: string | undefined; error?: string | undefined }): Html {
  const t = (key: ReportMessage) => reportMessage(props.ctx.locale, key);
  return <TicketLookupPage ctx={props.ctx} words={t} action="/track" back={{ href: '/report', label: t('newReport') }} value={props.value} error={props.error} />;
}

/** The state of the answer form on the tracking page. */
export type ReplyState = { value?: string | undefined; error?: string | undefined; notice?: string | undefined };

function StatusPanel(props: { view: TrackingView; locale: Locale }): Html {
  const { view, locale } = props;
  const t = (key: ReportMessage) => reportMessage(locale, key);
  const words = statusText(locale, view.status);
  const reason = view.status === 'rejected' ? view.history.filter((h) => h.kind === 'rejected' && h.note !== null).at(-1)?.note : undefined;
  return (
    <section class={`card status-panel status-panel-${view.status}`} aria-labelledby="status-title">
      <h2 class="card-title" id="status-title">{t('statusTitle')}</h2>
      <p><StatusBadge status={view.status} label={words.label} /></p>
      <h3>{t('nextTitle')}</h3>
      <p class="next-step">{words.next}</p>
      {reason ? <p class="status-reason"><strong>{t('rejectedReason')}</strong> {reason}</p> : null}
    </section>
  );
}

/** The status in words, with a colour that only reinforces them. */
export function StatusBadge(props: { status: PublicStatus; label: string }): Html {
  return <span class={`status-badge status-${props.status}`}>{props.label}</span>;
}

function ReplyCard(props: { ctx: PageContext; view: TrackingView; action: string; reply: ReplyState }): Html {
  const { ctx, view, reply } = props;
  const t = (key: ReportMessage) => reportMessage(ctx.locale, key);
  return (
    <Card title={t('questionTitle')} id="question">
      {view.question ? <blockquote class="staff-question"><p>{view.question}</p></blockquote> : null}
      <ErrorSummary title={t('replyError')} errors={reply.error === undefined ? [] : [{ field: 'body', message: reply.error }]} />
      <form method="post" action={props.action} class="form">
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="body" label={t('replyLabel')} hint={t('replyHint')} required rows={5} maxlength={REPORT_LIMITS.reply} value={reply.value} error={reply.error} />
        <SubmitButton>{t('replyButton')}</SubmitButton>
      </form>
    </Card>
  );
}

function DecisionCard(props: { decision: NonNullable<TrackingView['decision']>; locale: Locale }): Html {
  const { decision, locale } = props;
  const t = (key: ReportMessage) => reportMessage(locale, key);
  const items: { term: string; description: Child }[] = [{ term: t('outcome'), description: decision.outcome === 'verified' ? t('outcomeVerified') : t('outcomeRejected') }];
  if (decision.verdict !== null) items.push({ term: t('verdict'), description: decision.verdict === 'dangerous' ? t('verdictDangerous') : t('verdictSuspicious') });
  if (decision.categories.length > 0) items.push({ term: t('categories'), description: decision.categories.map((c) => categoryLabel(c, locale)).join(', ') });
  if (decision.decisionGround !== null) items.push({ term: t('ground'), description: decision.decisionGround === 'illegal_content' ? t('groundIllegal') : t('groundTerms') });
  if (decision.legalBasis !== null) items.push({ term: t('legalBasis'), description: decision.legalBasis });
  items.push({ term: t('decidedAt'), description: <VnTime at={decision.decidedAt} locale={locale} /> });
  return (
    <Card title={t('decisionTitle')}>
      <DefinitionList items={items} />
    </Card>
  );
}

function History(props: { view: TrackingView; locale: Locale }): Html {
  const { locale } = props;
  return (
    <Card title={reportMessage(locale, 'historyTitle')}>
      <ol class="timeline">
        {props.view.history.map((h) => (
          <li class="timeline-item">
            <VnTime at={h.at} locale={locale} />
            <span class="timeline-text">{historyLine(locale, h.kind)}</span>
            {h.note ? <p class="timeline-note">{h.note}</p> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function Details(props: { view: TrackingView; locale: Locale }): Html {
  const { view, locale } = props;
  const t = (key: ReportMessage, params?: Record<string, number>) => reportMessage(locale, key, params);
  const targets = (
    <ul class="target-list">
      {view.targets.map((target) => (
        <li><span class="target-type">{targetTypeLabel(target.type, locale)}:</span> <span class="target-value">{target.display}</span></li>
      ))}
    </ul>
  );
  return (
    <Card title={t('detailsTitle')}>
      <DefinitionList
        items={[
          { term: t('ticket'), description: <span class="ticket">{view.ticket}</span> },
          { term: t('category'), description: categoryLabel(view.category, locale) },
          { term: t('submittedAt'), description: <VnTime at={view.submittedAt} locale={locale} /> },
          { term: t('targets'), description: targets },
          { term: t('evidence'), description: view.evidenceCount === 0 ? t('noEvidence') : t('evidenceCount', { count: view.evidenceCount }) },
        ]}
      />
      <p class="field-hint">{t('contactHidden')}</p>
    </Card>
  );
}

/** `/track/:ticket`: the status of one report. */
export function TrackPage(props: { ctx: PageContext; view: TrackingView; created: boolean; replyAction: string; reply: ReplyState }): Html {
  const { ctx, view } = props;
  const l = ctx.locale;
  const t = (key: ReportMessage, params?: Record<string, string>) => reportMessage(l, key, params);
  return (
    <Layout ctx={ctx} title={t('trackTitle', { ticket: view.ticket })}>
      {props.created ? <TicketCreated ticket={view.ticket} words={t} /> : null}
      <PageHeader title={t('trackTitle', { ticket: view.ticket })} />
      {props.reply.notice ? <Alert kind="info">{props.reply.notice}</Alert> : null}
      <StatusPanel view={view} locale={l} />
      {view.status === 'more_info' ? <ReplyCard ctx={ctx} view={view} action={props.replyAction} reply={props.reply} /> : null}
      {view.decision ? <DecisionCard decision={view.decision} locale={l} /> : null}
      <History view={view} locale={l} />
      <Details view={view} locale={l} />
      <p class="back-link"><a href="/report">{t('newReport')}</a></p>
    </Layout>
  );
}
