// /me/notifications: a signed-in user's in-app notifications, newest first, each rendered by its
// template in the reader's language with unread ones marked, and "Mark read" forms (one
// notification, or every unread one shown) posting to /me/notifications/read. Any user; only their own.
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { isUuid } from '../../../core/validate.ts';
import { Badge, CsrfField, PageHeader, SubmitButton } from '../../../web/components.tsx';
import { formList, formSchema } from '../../../web/forms.ts';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { requireUserPage } from '../../identity/index.ts';
import type { AlertsDeps } from '../deps.ts';
import { markInboxRead, readInbox, type InboxEntry } from './inbox.ts';
import { notificationMessage as m } from './messages.ts';
import { When } from './page-parts.tsx';
import { NOTIFICATION_LIMITS } from './schema.ts';

const INBOX_PATH = '/me/notifications';
const text = Type.Optional(Type.String({ maxLength: 200 }));
const InboxQuery = Type.Object({ done: text, n: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })), lang: text });
const MarkReadForm = formSchema(['ids']);

function MarkReadButton(props: { ids: readonly string[]; csrfToken: string; label: string; all?: boolean }): Html {
  return (
    <form method="post" action={`${INBOX_PATH}/read`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      {props.ids.map((id) => <input type="hidden" name="ids" value={id} />)}
      <SubmitButton variant={props.all === true ? 'primary' : 'secondary'}>{props.label}</SubmitButton>
    </form>
  );
}

function Entry(props: { entry: InboxEntry; csrfToken: string; l: Locale }): Html {
  const { entry, l } = props;
  const unread = entry.readAt === null;
  return (
    <li>
      <article class={unread ? 'card notification notification-unread' : 'card notification'} aria-labelledby={`notification-${entry.id}`}>
        <h2 class="card-title" id={`notification-${entry.id}`}>
          {unread ? <><Badge tone="info">{m(l, 'unread')}</Badge> </> : null}
          {entry.subject}
        </h2>
        <p class="field-hint">{m(l, 'receivedAt')}: <When at={entry.createdAt} l={l} /></p>
        {entry.text === '' ? null : <p class="pre-wrap">{entry.text}</p>}
        {unread ? <MarkReadButton ids={[entry.id]} csrfToken={props.csrfToken} label={m(l, 'markRead')} /> : null}
      </article>
    </li>
  );
}

/** The inbox page and its mark-read form. */
export function registerInboxPage(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;
  const render = { templates: deps.notifier.templates, publicUrl: deps.config.publicUrl, box: deps.box };

  app.get(INBOX_PATH, { schema: { tags: ['pages'], summary: 'Your in-app notifications, unread marked, with "mark read" (any signed-in user)', querystring: InboxQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const query = request.query;
    const l = localeOf(request);
    const ctx = pageContext(request, query.done === 'read' ? { kind: 'success', message: m(l, 'markedRead', { count: query.n ?? 0 }) } : null);
    const inbox = await readInbox(database.db, render, user.userId, l, m(l, 'untitled'));
    const unreadIds = inbox.items.filter((e) => e.readAt === null).map((e) => e.id);
    const title = m(l, 'inboxTitle');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <PageHeader title={title} lead={m(l, 'inboxLead')}>
          {inbox.items.length === 0 ? null : <p>{inbox.unread > 0 ? m(l, 'inboxUnread', { count: inbox.unread }) : m(l, 'inboxAllRead')}</p>}
          {unreadIds.length > 1 ? <MarkReadButton ids={unreadIds} csrfToken={ctx.csrfToken} label={m(l, 'markAllRead')} all /> : null}
        </PageHeader>
        {inbox.items.length === 0 ? (
          <p>{m(l, 'inboxEmpty')}</p>
        ) : (
          <ol class="notification-list" aria-label={m(l, 'inboxListLabel')}>
            {inbox.items.map((entry) => <Entry entry={entry} csrfToken={ctx.csrfToken} l={l} />)}
          </ol>
        )}
      </Layout>,
    );
  });

  app.post(`${INBOX_PATH}/read`, { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Mark your notifications read (form), then back to the inbox', body: MarkReadForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    // Ids that are not ids name nothing of the user's: dropped, like anyone else's.
    const ids = formList(request.body, 'ids').filter((id) => isUuid(id)).slice(0, NOTIFICATION_LIMITS.markRead);
    const now = clock.now();
    const { marked } = await database.transaction((tx) => markInboxRead(tx.db, user.userId, ids, now));
    return reply.redirect(`${INBOX_PATH}?done=read&n=${marked}`, 303);
  });
}
