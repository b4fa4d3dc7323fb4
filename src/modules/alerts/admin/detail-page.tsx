// /admin/notifications/:id: one notification's delivery history (status, attempts, last error and
// response, when it is due or went), the send it went in with the other rows of a digest, the
// message its template makes of its data in its language, the data itself, and the retry form of a
// dead letter. National supervisors and admins, the only people who may see a notification's data.
import { Type } from 'typebox';
import { AppError } from '../../../core/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { isLocale } from '../../../core/i18n.ts';
import { isUuid } from '../../../core/validate.ts';
import { Alert, Card, DataTable, DefinitionList, PageHeader, type Column } from '../../../web/components.tsx';
import type { Child } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { requireUserPage } from '../../identity/index.ts';
import type { AlertsDeps } from '../deps.ts';
import { renderRow } from './inbox.ts';
import { CHANNEL_LABELS, labelOf, notificationMessage as m } from './messages.ts';
import { LOG_PATH, RenderedMessage, retryFlash, RetryForm, StatusBadge, When } from './page-parts.tsx';
import { recipientLabels } from './recipients.ts';
import { notificationDetail } from './service.ts';

const text = Type.Optional(Type.String({ maxLength: 200 }));
const DetailParams = Type.Object({ notificationId: Type.String({ maxLength: 100 }) });
const DetailQuery = Type.Object({ done: text, n: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })), lang: text });

/** The page of one notification. */
export function registerDetailPage(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;
  const render = { templates: deps.notifier.templates, publicUrl: deps.config.publicUrl, box: deps.box };

  app.get(`${LOG_PATH}/:notificationId`, { schema: { tags: ['pages'], summary: 'One notification: delivery history, its send, the rendered message and its data (national supervisors and admins)', params: DetailParams, querystring: DetailQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const id = request.params.notificationId;
    if (!isUuid(id)) throw new AppError('NOT_FOUND');
    const ctx = pageContext(request, retryFlash(request.query, localeOf(request)));
    const l = ctx.locale;
    const { row, messageRows } = await notificationDetail(database.db, contextOf(request, clock), id);
    const others = messageRows.filter((r) => r.id !== row.id);
    const recipients = await recipientLabels(database.db, deps, [row, ...others]);
    // The message as it was (or will be) sent: in the row's own language, not the reader's.
    const rendered = await renderRow(database.db, render, row, isLocale(row.locale) ? row.locale : l);
    const recipient = recipients.get(row.id) ?? '***';
    const here = `${LOG_PATH}/${row.id}`;

    type Key = 'created' | 'template' | 'recipient' | 'status';
    const columns: Column<Key>[] = [
      { key: 'created', label: m(l, 'colCreated') },
      { key: 'template', label: m(l, 'colTemplate') },
      { key: 'recipient', label: m(l, 'colRecipient') },
      { key: 'status', label: m(l, 'colStatus') },
    ];
    const otherRows = others.map(
      (other): Record<Key, Child> => ({
        created: <a href={`${LOG_PATH}/${other.id}`}><When at={other.createdAt} l={l} /></a>,
        template: <code>{other.template}</code>,
        recipient: recipients.get(other.id) ?? '***',
        status: <StatusBadge status={other.status} held={other.held} l={l} />,
      }),
    );
    const title = m(l, 'detailTitle', { id: row.id.slice(0, 8) });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <PageHeader title={title}>
          <p><a href={LOG_PATH}>{m(l, 'back')}</a></p>
        </PageHeader>
        <Card title={m(l, 'facts')}>
          <DefinitionList
            items={[
              { term: m(l, 'status'), description: <StatusBadge status={row.status} held={row.held} l={l} /> },
              { term: m(l, 'template'), description: <code>{row.template}</code> },
              { term: m(l, 'channel'), description: labelOf(CHANNEL_LABELS, row.channel, l) },
              { term: m(l, 'recipient'), description: recipient },
              { term: m(l, 'locale'), description: row.locale },
              { term: m(l, 'createdAt'), description: <When at={row.createdAt} l={l} /> },
              { term: m(l, 'attempts'), description: String(row.attempts) },
              { term: m(l, 'nextAttempt'), description: row.status === 'pending' ? <When at={row.nextAttemptAt} l={l} /> : m(l, 'none') },
              { term: m(l, 'lastError'), description: row.lastError ?? m(l, 'none') },
              { term: m(l, 'lastStatus'), description: row.lastStatus === null ? m(l, 'none') : String(row.lastStatus) },
              { term: m(l, 'deliveredAt'), description: <When at={row.deliveredAt} l={l} /> },
              { term: m(l, 'subject'), description: row.subjectType === null ? m(l, 'none') : <code>{`${row.subjectType} ${row.subjectId ?? ''}`}</code> },
            ]}
          />
          {row.status === 'failed' ? <p><RetryForm id={row.id} csrfToken={ctx.csrfToken} returnTo={here} label={m(l, 'retryLabel', { template: row.template, recipient })} l={l} /></p> : null}
        </Card>
        <Card title={m(l, 'messageTitle')}>
          <p>{row.messageId === null ? m(l, 'messageNone') : messageRows.length > 1 ? m(l, 'messageCount', { count: messageRows.length, id: row.messageId }) : m(l, 'messageSingle', { id: row.messageId })}</p>
          {others.length === 0 ? null : <DataTable caption={m(l, 'othersCaption')} columns={columns} rows={otherRows} empty={m(l, 'none')} />}
        </Card>
        {rendered === null ? <Alert kind="warning">{m(l, 'previewMissing', { template: row.template })}</Alert> : <RenderedMessage title={m(l, 'previewTitle')} rendered={rendered} channels={[row.channel]} l={l} />}
        <Card title={m(l, 'dataTitle')}>
          <pre class="pre-wrap">{JSON.stringify(row.data, null, 2)}</pre>
        </Card>
      </Layout>,
    );
  });
}
