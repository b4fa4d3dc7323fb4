// /admin/notifications: the counts by status, the delivery log filtered by status (the dead
// letters by default, since they are what needs a person) and template, newest first with a cursor,
// and a "Retry" form on each dead letter (POST /admin/notifications/:id/retry, then back here).
// National supervisors and admins; works without JavaScript.
import { Type } from 'typebox';
import { AppError } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { isUuid } from '../../../core/validate.ts';
import { Card, DataTable, DefinitionList, PageHeader, SelectField, SubmitButton, type Column } from '../../../web/components.tsx';
import { formSchema, formString } from '../../../web/forms.ts';
import type { Child, Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { requireUserPage } from '../../identity/index.ts';
import type { AlertsDeps } from '../deps.ts';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../engine/model.ts';
import { CHANNEL_LABELS, labelOf, notificationMessage as m, STATUS_LABELS } from './messages.ts';
import { LOG_PATH, retryFlash, RetryForm, returnPath, StatusBadge, When } from './page-parts.tsx';
import { recipientLabels } from './recipients.ts';
import { NOTIFICATION_LIMITS, TEMPLATE_KEY } from './schema.ts';
import { listDeliveryLog, notificationStats, retryNotification } from './service.ts';

const text = Type.Optional(Type.String({ maxLength: 200 }));
const LogQuery = Type.Object({ status: text, template: text, cursor: text, done: text, n: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })), lang: text });
const RetryParams = Type.Object({ notificationId: Type.String({ maxLength: 100 }) });
const RetryFields = formSchema(['returnTo']);

/** `all`, or one status; an unknown value reads as the default, the dead letters. */
type StatusFilter = NotificationStatus | 'all';
type Filters = { status: StatusFilter; template: string | undefined; cursor: string | undefined };

function filtersOf(query: { status?: string | undefined; template?: string | undefined; cursor?: string | undefined }): Filters {
  const status = query.status === 'all' ? 'all' : (NOTIFICATION_STATUSES.find((s) => s === query.status) ?? 'failed');
  const template = query.template !== undefined && TEMPLATE_KEY.test(query.template) ? query.template : undefined;
  return { status, template, cursor: query.cursor === '' ? undefined : query.cursor };
}

function logUrl(filters: Filters, cursor?: string): string {
  const params = new URLSearchParams({ status: filters.status });
  if (filters.template !== undefined) params.set('template', filters.template);
  if (cursor !== undefined) params.set('cursor', cursor);
  return `${LOG_PATH}?${params.toString()}`;
}

function Counts(props: { counts: Record<NotificationStatus, number> & { total: number }; l: Locale }): Html {
  const { counts, l } = props;
  return (
    <Card title={m(l, 'countsTitle')}>
      <DefinitionList
        items={[
          ...NOTIFICATION_STATUSES.map((s) => ({ term: labelOf(STATUS_LABELS, s, l), description: <a href={logUrl({ status: s, template: undefined, cursor: undefined })}>{String(counts[s])}</a> })),
          { term: m(l, 'total'), description: <a href={logUrl({ status: 'all', template: undefined, cursor: undefined })}>{String(counts.total)}</a> },
        ]}
      />
    </Card>
  );
}

function FilterForm(props: { filters: Filters; templates: readonly string[]; l: Locale }): Html {
  const { filters, l } = props;
  return (
    <Card title={m(l, 'filterTitle')}>
      <form method="get" action={LOG_PATH} class="form form-inline" role="search" aria-label={m(l, 'filterTitle')}>
        <SelectField
          name="status"
          label={m(l, 'status')}
          value={filters.status}
          options={[{ value: 'failed', label: m(l, 'deadLetters') }, ...NOTIFICATION_STATUSES.filter((s) => s !== 'failed').map((s) => ({ value: s, label: labelOf(STATUS_LABELS, s, l) })), { value: 'all', label: m(l, 'anyStatus') }]}
        />
        <SelectField name="template" label={m(l, 'template')} value={filters.template ?? ''} options={[{ value: '', label: m(l, 'anyTemplate') }, ...props.templates.map((key) => ({ value: key, label: key }))]} />
        <SubmitButton variant="secondary">{m(l, 'filter')}</SubmitButton>
      </form>
    </Card>
  );
}

/** The delivery log page and its retry form. */
export function registerLogPage(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;

  app.get(LOG_PATH, { schema: { tags: ['pages'], summary: 'Notification delivery log: counts by status, dead letters first, filters and retry (national supervisors and admins)', querystring: LogQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const query = request.query;
    const ctx = pageContext(request, retryFlash(query, localeOf(request)));
    const l = ctx.locale;
    const useCtx = contextOf(request, clock);
    const filters = filtersOf(query);
    // Counts first: they check the permission before any row is listed.
    const counts = await notificationStats(database.db, useCtx);
    const page = await listDeliveryLog(database.db, useCtx, { status: filters.status === 'all' ? undefined : filters.status, template: filters.template, cursor: filters.cursor, limit: NOTIFICATION_LIMITS.defaultPageSize });
    const recipients = await recipientLabels(database.db, deps, page.items);
    const here = logUrl(filters, filters.cursor);

    type Key = 'created' | 'template' | 'channel' | 'recipient' | 'status' | 'attempts' | 'error' | 'action';
    const columns: Column<Key>[] = [
      { key: 'created', label: m(l, 'colCreated') },
      { key: 'template', label: m(l, 'colTemplate') },
      { key: 'channel', label: m(l, 'colChannel') },
      { key: 'recipient', label: m(l, 'colRecipient') },
      { key: 'status', label: m(l, 'colStatus') },
      { key: 'attempts', label: m(l, 'colAttempts'), numeric: true },
      { key: 'error', label: m(l, 'colError') },
      { key: 'action', label: m(l, 'colAction') },
    ];
    const rows = page.items.map((row): Record<Key, Child> => {
      const recipient = recipients.get(row.id) ?? '***';
      return {
        created: <a href={`${LOG_PATH}/${row.id}`}><When at={row.createdAt} l={l} /></a>,
        template: <code>{row.template}</code>,
        channel: labelOf(CHANNEL_LABELS, row.channel, l),
        recipient,
        status: <StatusBadge status={row.status} held={row.held} l={l} />,
        attempts: String(row.attempts),
        error: row.lastError ?? m(l, 'none'),
        action: row.status === 'failed' ? <RetryForm id={row.id} csrfToken={ctx.csrfToken} returnTo={here} label={m(l, 'retryLabel', { template: row.template, recipient })} l={l} /> : m(l, 'none'),
      };
    });
    const title = m(l, 'logTitle');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <PageHeader title={title} lead={m(l, 'logLead')}>
          <p><a href={`${LOG_PATH}/templates`}>{m(l, 'templatesLink')}</a></p>
        </PageHeader>
        <Counts counts={counts} l={l} />
        <FilterForm filters={filters} templates={deps.notifier.templates.all().map((t) => t.key)} l={l} />
        <DataTable caption={m(l, 'caption')} columns={columns} rows={rows} empty={m(l, 'empty')} />
        {filters.cursor === undefined && page.nextCursor === null ? null : (
          <nav class="pagination" aria-label={m(l, 'paginationLabel')}>
            {filters.cursor === undefined ? null : <a class="button button-secondary" href={logUrl(filters)}>← {m(l, 'firstPage')}</a>}
            {page.nextCursor === null ? null : <a class="button button-secondary" rel="next" href={logUrl(filters, page.nextCursor)}>{m(l, 'nextPage')} →</a>}
          </nav>
        )}
      </Layout>,
    );
  });

  app.post(`${LOG_PATH}/:notificationId/retry`, { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Send a dead letter again (form), then back to the page it came from', params: RetryParams, body: RetryFields } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const id = request.params.notificationId;
    if (!isUuid(id)) throw new AppError('NOT_FOUND');
    const target = new URL(returnPath(formString(request.body, 'returnTo')), 'http://page.invalid');
    const ctx = contextOf(request, clock);
    try {
      const { requeued } = await database.transaction((tx) => retryNotification(tx.db, ctx, id));
      target.searchParams.set('done', 'retried');
      target.searchParams.set('n', String(requeued));
    } catch (error) {
      // Someone else retried it first, or it never failed: say so on the page, not as an error page.
      if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
      target.searchParams.set('done', 'conflict');
      target.searchParams.delete('n');
    }
    return reply.redirect(`${target.pathname}${target.search}`, 303);
  });
}
