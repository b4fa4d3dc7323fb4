// The appellant's pages: look an appeal up by its ticket, then its status with what happens next,
// the decision's reason and the request's facts. Only what the ticket holder may see is here
// (AppealTrackingView): never the name, the contact or who decided.
import { Card, DefinitionList, PageHeader } from '../../../../web/components.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { TicketCreated, TicketLookupPage } from '../../../../web/ticket-pages.tsx';
import { formatTime } from '../../../identity/admin-pages.tsx';
import { targetTypeLabel } from '../../../targets/index.ts';
import { appealStatusText, groundLabel } from '../messages.ts';
import type { AppealStatus } from '../model.ts';
import type { AppealTrackingView } from '../queries.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

/** `/appeal/track`: ask for the ticket. */
export function AppealLookupPage(props: { ctx: PageContext; value?: string | undefined; error?: string | undefined }): Html {
  const t = (key: AppealMessage) => appealMessage(props.ctx.locale, key);
  return <TicketLookupPage ctx={props.ctx} words={t} action="/appeal/track" back={{ href: '/appeal', label: t('newAppeal') }} value={props.value} error={props.error} />;
}

/** The status in words, with a colour that only reinforces them. */
export function AppealStatusBadge(props: { status: AppealStatus; label: string }): Html {
  return <span class={`status-badge status-appeal-${props.status}`}>{props.label}</span>;
}

/** `/appeal/:ticket`: the status of one appeal. */
export function AppealTrackPage(props: { ctx: PageContext; view: AppealTrackingView; created: boolean }): Html {
  const { ctx, view } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage, params?: Record<string, string | number>) => appealMessage(l, key, params);
  const words = appealStatusText(l, view.status);
  const time = (at: Date) => <time datetime={at.toISOString()}>{formatTime(at, l)}</time>;
  const facts = [
    { term: t('ticket'), description: <span class="ticket">{view.ticket}</span> },
    { term: t('value'), description: <span class="target-value">{view.value}</span> },
    { term: t('type'), description: targetTypeLabel(view.type, l) },
    { term: t('ground'), description: groundLabel(view.ground, l) },
    { term: t('submittedAt'), description: time(view.submittedAt) },
    { term: t('evidence'), description: view.evidenceCount === 0 ? t('noEvidence') : t('evidenceCount', { count: view.evidenceCount }) },
  ];
  if (view.decision !== null) facts.push({ term: t('decidedAt'), description: time(view.decision.decidedAt) });
  return (
    <Layout ctx={ctx} title={t('trackTitle', { ticket: view.ticket })}>
      {props.created ? <TicketCreated ticket={view.ticket} words={t} /> : null}
      <PageHeader title={t('trackTitle', { ticket: view.ticket })} />
      <section class={`card status-panel status-panel-appeal-${view.status}`} aria-labelledby="status-title">
        <h2 class="card-title" id="status-title">{t('statusTitle')}</h2>
        <p><AppealStatusBadge status={view.status} label={words.label} /></p>
        {view.decision === null ? null : <p class="status-reason"><strong>{t('reason')}</strong> {view.decision.reason}</p>}
        <h3>{t('nextTitle')}</h3>
        <p class="next-step">{words.next}</p>
      </section>
      <Card title={t('detailsTitle')}>
        <DefinitionList items={facts} />
        <p class="field-hint">{t('contactHidden')}</p>
      </Card>
      <p class="back-link"><a href="/appeal">{t('newAppeal')}</a></p>
    </Layout>
  );
}
