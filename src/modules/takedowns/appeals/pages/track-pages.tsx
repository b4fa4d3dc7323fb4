// The appellant's pages: look an appeal up by its ticket, then its status with what happens next,
// the decision's reason and the public facts of the action. Only what the ticket holder may see is
// here (AppealTrackingView): never the name, the contact or who decided.
import { Card, DefinitionList, PageHeader } from '../../../../web/components.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { TicketCreated, TicketLookupPage } from '../../../../web/ticket-pages.tsx';
import { formatTime } from '../../../identity/admin-pages.tsx';
import { ACTION_LABELS } from '../../messages.ts';
import type { TakedownAction } from '../../model.ts';
import { appealStatusText } from '../messages.ts';
import type { AppealStatus } from '../model.ts';
import type { AppealTrackingView } from '../queries.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

/** `/takedown-appeal/track`: ask for the ticket. */
export function AppealLookupPage(props: { ctx: PageContext; value?: string | undefined; error?: string | undefined }): Html {
  const t = (key: AppealMessage) => appealMessage(props.ctx.locale, key);
  return <TicketLookupPage ctx={props.ctx} words={t} action="/takedown-appeal/track" back={{ href: '/takedown-appeal', label: t('newAppeal') }} value={props.value} error={props.error} />;
}

/** The status in words, with a colour that only reinforces them. */
function AppealStatusBadge(props: { status: AppealStatus; label: string }): Html {
  return <span class={`status-badge status-takedown-appeal-${props.status}`}>{props.label}</span>;
}

/** `/takedown-appeal/:ticket`: the status of one appeal. */
export function AppealTrackPage(props: { ctx: PageContext; view: AppealTrackingView; created: boolean }): Html {
  const { ctx, view } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage, params?: Record<string, string | number>) => appealMessage(l, key, params);
  const words = appealStatusText(l, view.status);
  const time = (at: Date) => <time datetime={at.toISOString()}>{formatTime(at, l)}</time>;
  const action = ACTION_LABELS[view.action.action as TakedownAction] as { vi: string; en: string } | undefined;
  const facts = [
    { term: t('ticket'), description: <span class="ticket">{view.ticket}</span> },
    { term: t('platform'), description: view.action.platformName },
    { term: t('action'), description: action?.[l] ?? view.action.action },
    { term: t('appliedAt'), description: time(view.action.appliedAt) },
    { term: t('statementId'), description: <code>{view.action.statementId}</code> },
    { term: t('submittedAt'), description: time(view.submittedAt) },
    { term: t('evidence'), description: view.evidenceCount === 0 ? t('noEvidence') : t('evidenceCount', { count: view.evidenceCount }) },
  ];
  if (view.decision !== null) facts.push({ term: t('decidedAt'), description: time(view.decision.decidedAt) });
  return (
    <Layout ctx={ctx} title={t('trackTitle', { ticket: view.ticket })}>
      {props.created ? <TicketCreated ticket={view.ticket} words={t} /> : null}
      <PageHeader title={t('trackTitle', { ticket: view.ticket })} />
      <section class={`card status-panel status-panel-takedown-appeal-${view.status}`} aria-labelledby="status-title">
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
      <p class="back-link"><a href="/takedown-appeal">{t('newAppeal')}</a></p>
    </Layout>
  );
}
