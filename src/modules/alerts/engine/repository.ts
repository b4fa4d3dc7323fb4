// The SQL of the notification engine: the outbox rows, their claims and outcomes, the aggregation
// windows, and the lists behind the delivery log, the dead letters and the in-app inbox.
import { and, asc, count, countDistinct, desc, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import type { Position } from '../../../core/cursor.ts';
import { notifications, notificationWindows, webhookEndpoints } from '../tables.ts';
import type { NotificationRow } from './model.ts';

export type NewNotification = typeof notifications.$inferInsert;

/** Insert rows; a row whose dedupe key exists already is skipped. How many were inserted. */
export async function insertNotifications(db: Db, rows: readonly NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(notifications).values([...rows]).onConflictDoNothing({ target: notifications.dedupeKey }).returning({ id: notifications.id });
  return inserted.length;
}

/** When the next digest of each group may go (groups without a window are absent). */
export async function windowsOf(db: Db, groupKeys: readonly string[]): Promise<Map<string, Date>> {
  if (groupKeys.length === 0) return new Map();
  const rows = await db.select().from(notificationWindows).where(inArray(notificationWindows.groupKey, [...groupKeys]));
  return new Map(rows.map((r) => [r.groupKey, r.nextAllowedAt]));
}

/** When each group's waiting rows are due (a failed digest's retry included): a new row goes with them. */
export async function waitingGroupDue(db: Db, groupKeys: readonly string[]): Promise<Map<string, Date>> {
  if (groupKeys.length === 0) return new Map();
  const rows = await db
    .select({ groupKey: notifications.groupKey, due: sql<Date>`min(${notifications.nextAttemptAt})`.mapWith(notifications.nextAttemptAt) })
    .from(notifications)
    .where(and(eq(notifications.status, 'pending'), inArray(notifications.groupKey, [...groupKeys])))
    .groupBy(notifications.groupKey);
  return new Map(rows.flatMap((r) => (r.groupKey === null ? [] : [[r.groupKey, r.due] as const])));
}

/** Open a group's window: no digest before `nextAllowedAt`. */
export async function setWindow(db: Db, groupKey: string, sentAt: Date, nextAllowedAt: Date): Promise<void> {
  await db
    .insert(notificationWindows)
    .values({ groupKey, lastSentAt: sentAt, nextAllowedAt })
    .onConflictDoUpdate({ target: notificationWindows.groupKey, set: { lastSentAt: sentAt, nextAllowedAt } });
}

/**
 * Claim what is due: up to `limit` sends, a send being one ungrouped row or every due row of a
 * group (up to `groupLimit`), and no more digests once five digests' worth of rows are held. Claimed rows get a message id and are due again only at `leaseUntil`
 * (a worker that dies mid-send leaves them to another).
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number, groupLimit: number): Promise<NotificationRow[][]> {
  const due = await db
    .select({ id: notifications.id, groupKey: notifications.groupKey })
    .from(notifications)
    .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, now)))
    .orderBy(asc(notifications.nextAttemptAt), asc(notifications.seq))
    .limit(limit)
    .for('update', { skipLocked: true });
  // Rows sent alone: one statement for all of them, each its own message id.
  const alone = due.flatMap((row) => (row.groupKey === null ? [row.id] : []));
  const sends: NotificationRow[][] = alone.length === 0 ? [] : (await stamp(db, alone, leaseUntil, null)).map((row) => [row]);
  // A group is one send: every due row of it, up to `groupLimit`, under one message id.
  let claimed = alone.length;
  for (const groupKey of new Set(due.flatMap((row) => (row.groupKey === null ? [] : [row.groupKey])))) {
    // Memory stays flat: a run holds at most a few digests' worth of rows; the rest wait a second.
    if (claimed >= groupLimit * 5) break;
    const members = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.status, 'pending'), eq(notifications.groupKey, groupKey), lte(notifications.nextAttemptAt, now)))
      .orderBy(asc(notifications.seq))
      .limit(groupLimit)
      .for('update', { skipLocked: true });
    if (members.length > 0) sends.push(await stamp(db, members.map((m) => m.id), leaseUntil, crypto.randomUUID()));
    claimed += members.length;
  }
  return sends.sort((a, b) => (a[0]?.seq ?? 0) - (b[0]?.seq ?? 0));
}

/**
 * Lease rows and give them a message id: `shared` for a digest's rows, else a new one each. A
 * retried send keeps the id it had (a webhook's id must not change across retries).
 */
async function stamp(db: Db, ids: readonly string[], leaseUntil: Date, shared: string | null): Promise<NotificationRow[]> {
  const rows = await db
    .update(notifications)
    .set({ nextAttemptAt: leaseUntil, messageId: shared === null ? sql`coalesce(${notifications.messageId}, gen_random_uuid())` : sql`coalesce(${notifications.messageId}, ${shared}::uuid)` })
    .where(inArray(notifications.id, [...ids]))
    .returning();
  return rows.sort((a, b) => a.seq - b.seq);
}

/** Rows of one send get one message id (a group's rows may have had different ones). */
export async function unifyMessageId(db: Db, ids: readonly string[], messageId: string): Promise<void> {
  await db.update(notifications).set({ messageId }).where(inArray(notifications.id, [...ids]));
}

/**
 * Record the outcome of a send on the rows this worker still holds: pending, with the lease it
 * stamped. A worker whose lease ran out (another took the rows over) changes nothing.
 */
export async function updateClaimed(db: Db, ids: readonly string[], leaseUntil: Date, changes: Partial<Omit<NotificationRow, 'id'>>): Promise<NotificationRow[]> {
  if (ids.length === 0) return [];
  return db
    .update(notifications)
    .set(changes)
    .where(and(inArray(notifications.id, [...ids]), eq(notifications.status, 'pending'), eq(notifications.nextAttemptAt, leaseUntil)))
    .returning();
}

/** After a group's digest: its rows that joined meanwhile wait for the window to reopen, as the next digest. */
export async function holdForWindow(db: Db, groupKey: string, reopens: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ nextAttemptAt: reopens, held: 'window' })
    .where(and(eq(notifications.groupKey, groupKey), eq(notifications.status, 'pending'), lt(notifications.nextAttemptAt, reopens)));
}

/** How many messages went to a recipient after `since` (a digest counts once), and the earliest of them. */
export async function sentSince(db: Db, recipientKey: string, since: Date): Promise<{ messages: number; earliest: Date | null }> {
  const [row] = await db
    .select({ messages: countDistinct(notifications.messageId), earliest: sql<Date | null>`min(${notifications.deliveredAt})`.mapWith(notifications.deliveredAt) })
    .from(notifications)
    .where(and(eq(notifications.recipientKey, recipientKey), gt(notifications.deliveredAt, since)));
  return { messages: row?.messages ?? 0, earliest: row?.earliest ?? null };
}

export async function findNotification(db: Db, id: string): Promise<NotificationRow | null> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row ?? null;
}

/** The rows sent (or failed) together with a message. */
export async function rowsOfMessage(db: Db, messageId: string): Promise<NotificationRow[]> {
  return db.select().from(notifications).where(eq(notifications.messageId, messageId)).orderBy(asc(notifications.seq));
}

export type ListFilter = { status?: string | null; orgId?: string | null; template?: string | null; templatePrefix?: string | null; subject?: { type: string; id: string } | null };

/** Notifications newest first, filtered, after a cursor position. */
export async function listNotifications(db: Db, filter: ListFilter, after: Position | null, limit: number): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        filter.status == null ? undefined : eq(notifications.status, filter.status),
        filter.orgId == null ? undefined : eq(notifications.orgId, filter.orgId),
        filter.template == null ? undefined : eq(notifications.template, filter.template),
        filter.templatePrefix == null ? undefined : sql`starts_with(${notifications.template}, ${filter.templatePrefix})`,
        filter.subject == null ? undefined : and(eq(notifications.subjectType, filter.subject.type), eq(notifications.subjectId, filter.subject.id)),
        after === null ? undefined : or(lt(notifications.createdAt, after.at), and(eq(notifications.createdAt, after.at), lt(notifications.id, after.id))),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** Counts by status (the admin overview). */
export async function countsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.select({ status: notifications.status, n: count() }).from(notifications).groupBy(notifications.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Make dead letters pending again, due now, with their attempts counted afresh; the rows changed. */
export async function requeueFailed(db: Db, ids: readonly string[], now: Date): Promise<NotificationRow[]> {
  if (ids.length === 0) return [];
  return db
    .update(notifications)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, held: null })
    .where(and(inArray(notifications.id, [...ids]), eq(notifications.status, 'failed')))
    .returning();
}

/** A user's in-app notifications, newest first. */
export async function inboxOf(db: Db, userId: string, limit: number): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.channel, 'in_app'), eq(notifications.status, 'delivered')))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** Mark a user's in-app notifications read (only theirs). */
export async function markRead(db: Db, userId: string, ids: readonly string[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(inArray(notifications.id, [...ids]), eq(notifications.userId, userId), eq(notifications.channel, 'in_app'), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** How many unread in-app notifications a user has. */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.channel, 'in_app'), eq(notifications.status, 'delivered'), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** The URLs of webhook endpoints by id, removed ones included (the delivery log names a row's host). */
export async function endpointUrlsOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: webhookEndpoints.id, url: webhookEndpoints.url }).from(webhookEndpoints).where(inArray(webhookEndpoints.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.url]));
}
