// The use cases behind the notification views: the national delivery log (every notification,
// newest first, with a cursor), one notification with the others of its send, the counts by status,
// and sending a dead letter again. National supervisors and admins only (notifications.read_all /
// notifications.retry); everything else is refused before any row is read.
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { auditOrg, recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import { NOTIFICATION_STATUSES, type NotificationRow, type NotificationStatus } from '../engine/model.ts';
import { decodeCursor, pageOf } from '../../../core/cursor.ts';
import * as repo from '../engine/repository.ts';

/** What the delivery log is filtered by. */
export type LogQuery = { status?: NotificationStatus | undefined; template?: string | undefined; cursor?: string | undefined; limit: number };
export type LogPage = { items: NotificationRow[]; nextCursor: string | null };

/** Every notification of the instance, newest first, one page after the cursor. */
export async function listDeliveryLog(db: Db, ctx: Context, query: LogQuery): Promise<LogPage> {
  requireAccess(ctx.actor, 'notifications.read_all');
  const after = decodeCursor(query.cursor);
  // One row more than the page says whether there is a next one.
  const rows = await repo.listNotifications(db, { status: query.status ?? null, template: query.template ?? null }, after, query.limit + 1);
  return pageOf(rows, query.limit, (row) => row.createdAt);
}

/** One notification and the rows of the send it went in (a digest carries several). */
export async function notificationDetail(db: Db, ctx: Context, id: string): Promise<{ row: NotificationRow; messageRows: NotificationRow[] }> {
  requireAccess(ctx.actor, 'notifications.read_all');
  const row = await repo.findNotification(db, id);
  if (row === null) throw new AppError('NOT_FOUND');
  return { row, messageRows: row.messageId === null ? [] : await repo.rowsOfMessage(db, row.messageId) };
}

/** How many notifications there are in each status (every status present, zero included). */
export async function notificationStats(db: Db, ctx: Context): Promise<Record<NotificationStatus, number> & { total: number }> {
  requireAccess(ctx.actor, 'notifications.read_all');
  const counts = await repo.countsByStatus(db);
  const byStatus = Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<NotificationStatus, number>;
  return { ...byStatus, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}

/**
 * Send a dead letter again: it becomes pending and due now, with every failed row of the same
 * message, since they were one send and must go as one again. A row that is not failed is a 409.
 */
export async function retryNotification(tx: Db, ctx: Context, id: string): Promise<{ row: NotificationRow; requeued: number }> {
  requireAccess(ctx.actor, 'notifications.retry');
  const row = await repo.findNotification(tx, id);
  if (row === null) throw new AppError('NOT_FOUND');
  if (row.status !== 'failed') throw new AppError('CONFLICT', 'Only a failed notification (a dead letter) can be sent again.');
  const siblings = row.messageId === null ? [] : await repo.rowsOfMessage(tx, row.messageId);
  const ids = [id, ...siblings.filter((r) => r.id !== id && r.status === 'failed').map((r) => r.id)];
  const requeued = await repo.requeueFailed(tx, ids, ctx.now);
  const own = requeued.find((r) => r.id === id);
  // Another operator's retry got there first (the update skips rows no longer failed).
  if (own === undefined) throw new AppError('CONFLICT', 'Only a failed notification (a dead letter) can be sent again.');
  await recordAudit(tx, ctx, {
    orgId: auditOrg(ctx.actor),
    action: 'notification.retry',
    subjectType: 'notification',
    subjectId: id,
    summary: { template: row.template, channel: row.channel, messageId: row.messageId, requeued: requeued.length },
  });
  return { row: own, requeued: requeued.length };
}
