// The notification JSON API. National supervisors and admins (sessions, or tokens with
// notifications:read / notifications:write) read the delivery log of every notification and send
// dead letters again; any signed-in user reads and marks their own in-app inbox.
import type { Static } from 'typebox';
import type { Db } from '../../../core/db.ts';
import { bodyDefaultsToEmpty } from '../../../core/http/validation.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { localeOf } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import type { AlertsDeps } from '../deps.ts';
import type { NotificationRow } from '../engine/model.ts';
import { inboxUserOf, markInboxRead, readInbox } from './inbox.ts';
import { recipientLabels } from './recipients.ts';
import * as S from './schema.ts';
import { listDeliveryLog, notificationDetail, notificationStats, retryNotification } from './service.ts';

type NotificationJson = Static<typeof S.Notification>;

/** A row as the API shows it, its recipient masked; `data` is left to the detail. */
export function presentNotification(row: NotificationRow, recipient: string): NotificationJson {
  return {
    id: row.id,
    channel: row.channel,
    template: row.template,
    locale: row.locale,
    recipient,
    status: row.status,
    held: row.held,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastError: row.lastError,
    lastStatus: row.lastStatus,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    messageId: row.messageId,
    createdAt: row.createdAt.toISOString(),
    subject: row.subjectType === null || row.subjectId === null ? null : { type: row.subjectType, id: row.subjectId },
  };
}

/** Present rows with their recipients looked up together. */
export async function presentAll(db: Db, deps: Pick<AlertsDeps, 'box'>, rows: readonly NotificationRow[]): Promise<NotificationJson[]> {
  const labels = await recipientLabels(db, deps, rows);
  return rows.map((row) => presentNotification(row, labels.get(row.id) ?? '***'));
}

/** The delivery log, dead-letter retry and inbox routes. */
export function registerNotificationApi(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;
  const tags = ['notifications'];
  const render = { templates: deps.notifier.templates, publicUrl: deps.config.publicUrl, box: deps.box };

  app.get(
    '/api/v1/notifications',
    { schema: { tags, summary: 'Every notification and its delivery status, newest first, with a cursor; status=failed lists the dead letters (national supervisors and admins)', querystring: S.ListQuery, response: { 200: S.NotificationPage } } },
    async (request) => {
      const { limit, ...query } = request.query;
      const page = await listDeliveryLog(database.db, contextOf(request, clock), { ...query, limit: limit ?? S.NOTIFICATION_LIMITS.defaultPageSize });
      return { items: await presentAll(database.db, deps, page.items), nextCursor: page.nextCursor };
    },
  );

  app.get('/api/v1/notifications/stats', { schema: { tags, summary: 'How many notifications are in each status (national supervisors and admins)', response: { 200: S.Stats } } }, async (request) =>
    notificationStats(database.db, contextOf(request, clock)),
  );

  app.get(
    '/api/v1/notifications/:notificationId',
    { schema: { tags, summary: 'One notification, its data, and the other rows of the message it went in (a digest)', params: S.NotificationParams, response: { 200: S.NotificationDetail } } },
    async (request) => {
      const { row, messageRows } = await notificationDetail(database.db, contextOf(request, clock), request.params.notificationId);
      const [notification, ...others] = await presentAll(database.db, deps, [row, ...messageRows.filter((r) => r.id !== row.id)]);
      if (notification === undefined) throw new Error('the row went missing while presenting it');
      return { notification, data: row.data, message: row.messageId === null ? null : { id: row.messageId, count: messageRows.length, others } };
    },
  );

  app.post(
    '/api/v1/notifications/:notificationId/retry',
    { schema: { tags, summary: 'Send a dead letter again, now, with every failed row of its message; 409 unless it failed. No body, or {}', params: S.NotificationParams, body: S.EmptyBody, response: { 200: S.RetryResult } }, preValidation: bodyDefaultsToEmpty },
    async (request) => {
      const ctx = contextOf(request, clock);
      const { row, requeued } = await database.transaction((tx) => retryNotification(tx.db, ctx, request.params.notificationId));
      const [notification] = await presentAll(database.db, deps, [row]);
      if (notification === undefined) throw new Error('the row went missing while presenting it');
      return { notification, requeued };
    },
  );

  app.get('/api/v1/me/notifications', { schema: { tags, summary: 'Your in-app notifications, newest first, rendered in your language (?lang=vi|en); how many are unread', querystring: S.InboxQuery, response: { 200: S.Inbox } } }, async (request) => {
    const userId = inboxUserOf(request);
    const inbox = await readInbox(database.db, render, userId, localeOf(request), '—');
    return { unread: inbox.unread, items: inbox.items.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), readAt: e.readAt?.toISOString() ?? null })) };
  });

  app.post('/api/v1/me/notifications/read', { schema: { tags, summary: 'Mark some of your in-app notifications read (ids of others’ are ignored)', body: S.MarkReadBody, response: { 200: S.MarkReadResult } } }, async (request) => {
    const userId = inboxUserOf(request);
    const now = clock.now();
    return database.transaction((tx) => markInboxRead(tx.db, userId, request.body.ids, now));
  });
}
