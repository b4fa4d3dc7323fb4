// The staff queue of takedown appeals (supervisors and admins of the issuing authority): open
// appeals first, oldest first, with a status filter.
import type { Locale } from '../../../../core/i18n.ts';
import { Badge, DataTable, PageHeader, Pagination } from '../../../../web/components.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { formatTime } from '../../../identity/admin-pages.tsx';
import { ACTION_LABELS } from '../../messages.ts';
import { referenceOf, type TakedownAction } from '../../model.ts';
import { APPEAL_STATUSES, type AppealStatus } from '../model.ts';
import type { AppealSummary } from '../queries.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

const TONES: Record<AppealStatus, 'info' | 'success' | 'neutral'> = { received: 'info', restored: 'success', confirmed: 'neutral' };

/** An appeal's status as staff read it. */
export function StatusBadge(props: { status: AppealStatus; l: Locale }): Html {
  return <Badge tone={TONES[props.status]}>{appealMessage(props.l, `status_${props.status}`)}</Badge>;
}

/** An action's words (the code itself when unknown). */
export function actionWords(action: string, l: Locale): string {
  return (ACTION_LABELS as Record<string, { vi: string; en: string } | undefined>)[action as TakedownAction]?.[l] ?? action;
}

/** `/takedowns/appeals`: open appeals first, oldest first. */
export function QueuePage(props: { ctx: PageContext; items: readonly AppealSummary[]; status: AppealStatus | null; prev?: string | undefined; next?: string | undefined }): Html {
  const { ctx } = props;
  const l = ctx.locale;
  const t = (key: AppealMessage) => appealMessage(l, key);
  const filters: { status: AppealStatus | null; label: string }[] = [{ status: null, label: t('filterAll') }, ...APPEAL_STATUSES.map((s) => ({ status: s, label: t(`status_${s}`) }))];
  return (
    <Layout ctx={ctx} title={t('queueTitle')} wide>
      <PageHeader title={t('queueTitle')} lead={t('queueLead')} />
      <nav class="appeal-filters" aria-label={t('filterLabel')}>
        <ul>
          {filters.map((f) => (
            <li><a href={f.status === null ? '/takedowns/appeals' : `/takedowns/appeals?status=${f.status}`} aria-current={f.status === props.status ? 'page' : undefined}>{f.label}</a></li>
          ))}
        </ul>
      </nav>
      <DataTable
        caption={t('queueCaption')}
        columns={[
          { key: 'received', label: t('colReceived') },
          { key: 'reference', label: t('colReference') },
          { key: 'recipient', label: t('colRecipient') },
          { key: 'action', label: t('colAction') },
          { key: 'status', label: t('colStatus') },
          { key: 'evidence', label: t('colEvidence'), numeric: true },
        ]}
        rows={props.items.map((a) => ({
          received: <time datetime={a.createdAt.toISOString()}>{formatTime(a.createdAt, l)}</time>,
          reference: <a href={`/takedowns/appeals/${a.id}`} class="ticket">{referenceOf(a.requestNumber)}</a>,
          recipient: a.recipientName,
          action: actionWords(a.action, l),
          status: <StatusBadge status={a.status} l={l} />,
          evidence: a.evidenceCount,
        }))}
        empty={t('queueEmpty')}
      />
      <Pagination locale={l} prev={props.prev} next={props.next} />
    </Layout>
  );
}
