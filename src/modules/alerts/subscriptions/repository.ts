// The SQL of subscriptions: citizens' advisory subscriptions (found by the HMAC of their address,
// confirmed, unsubscribed, and paged through by the fan-out), organisations' email subscriptions,
// and the webhook endpoints that take an event type.
import { and, arrayContains, arrayOverlaps, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import { advisories, advisorySubscriptions, notifications, orgEmailSubscriptions, webhookEndpoints } from '../tables.ts';

export type SubscriptionRow = typeof advisorySubscriptions.$inferSelect;
export type NewSubscription = typeof advisorySubscriptions.$inferInsert;
export type OrgEmailRow = typeof orgEmailSubscriptions.$inferSelect;
export type AdvisoryRow = typeof advisories.$inferSelect;

/** Insert a subscription unless its address has one already. */
export async function insertSubscriptionIfNew(db: Db, row: NewSubscription): Promise<void> {
  await db.insert(advisorySubscriptions).values(row).onConflictDoNothing({ target: advisorySubscriptions.addressKey });
}

/** The subscription of an address (by its HMAC), locked for the rest of the transaction. */
export async function lockByAddressKey(db: Db, addressKey: string): Promise<SubscriptionRow | null> {
  const [row] = await db.select().from(advisorySubscriptions).where(eq(advisorySubscriptions.addressKey, addressKey)).for('update');
  return row ?? null;
}

/** One subscription, locked when `lock` (a confirmation or unsubscribe writes it next). */
export async function findSubscription(db: Db, id: string, lock = false): Promise<SubscriptionRow | null> {
  const query = db.select().from(advisorySubscriptions).where(eq(advisorySubscriptions.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function updateSubscription(db: Db, id: string, changes: Partial<Omit<SubscriptionRow, 'id' | 'addressKey'>>): Promise<void> {
  await db.update(advisorySubscriptions).set(changes).where(eq(advisorySubscriptions.id, id));
}

/** Cancel the advisory emails of a subscription that have not gone yet (it was just unsubscribed). */
export async function cancelPendingAdvisoryMail(db: Db, subscriptionId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ status: 'cancelled', held: null })
    .where(and(eq(notifications.status, 'pending'), eq(notifications.template, 'advisory.published'), sql`${notifications.data}->>'subscriptionId' = ${subscriptionId}`));
}

/**
 * A page of confirmed subscriptions that want an advisory of these categories and severity, by id
 * after `after`: no categories (all), or one in common; a minimum severity among `minSeverities`.
 */
export async function matchingSubscribers(db: Db, filter: { categories: readonly string[]; minSeverities: readonly string[] }, after: string | null, limit: number) {
  return db
    .select({ id: advisorySubscriptions.id, locale: advisorySubscriptions.locale, addressCiphertext: advisorySubscriptions.addressCiphertext })
    .from(advisorySubscriptions)
    .where(
      and(
        eq(advisorySubscriptions.status, 'confirmed'),
        inArray(advisorySubscriptions.minSeverity, [...filter.minSeverities]),
        or(sql`cardinality(${advisorySubscriptions.categories}) = 0`, filter.categories.length === 0 ? sql`false` : arrayOverlaps(advisorySubscriptions.categories, [...filter.categories])),
        after === null ? undefined : gt(advisorySubscriptions.id, after),
      ),
    )
    .orderBy(asc(advisorySubscriptions.id))
    .limit(limit);
}

/** A page of active email subscriptions to an event type, by id after `after`; of one organisation when `orgId` is set. */
export async function orgEmailsFor(db: Db, eventType: string, orgId: string | null, after: string | null, limit: number) {
  return db
    .select({ id: orgEmailSubscriptions.id, orgId: orgEmailSubscriptions.orgId, address: orgEmailSubscriptions.address })
    .from(orgEmailSubscriptions)
    .where(
      and(
        isNull(orgEmailSubscriptions.disabledAt),
        arrayContains(orgEmailSubscriptions.eventTypes, [eventType]),
        orgId === null ? undefined : eq(orgEmailSubscriptions.orgId, orgId),
        after === null ? undefined : gt(orgEmailSubscriptions.id, after),
      ),
    )
    .orderBy(asc(orgEmailSubscriptions.id))
    .limit(limit);
}

/** A page of active webhook endpoints that take an event type, by id after `after`; of one organisation when `orgId` is set. */
export async function endpointsFor(db: Db, eventType: string, orgId: string | null, after: string | null, limit: number) {
  return db
    .select({ id: webhookEndpoints.id, orgId: webhookEndpoints.orgId })
    .from(webhookEndpoints)
    .where(
      and(
        isNull(webhookEndpoints.disabledAt),
        arrayContains(webhookEndpoints.eventTypes, [eventType]),
        orgId === null ? undefined : eq(webhookEndpoints.orgId, orgId),
        after === null ? undefined : gt(webhookEndpoints.id, after),
      ),
    )
    .orderBy(asc(webhookEndpoints.id))
    .limit(limit);
}

/** An organisation's active email subscriptions, oldest first. */
export async function orgEmailSubscriptionsOf(db: Db, orgId: string): Promise<OrgEmailRow[]> {
  return db
    .select()
    .from(orgEmailSubscriptions)
    .where(and(eq(orgEmailSubscriptions.orgId, orgId), isNull(orgEmailSubscriptions.disabledAt)))
    .orderBy(asc(orgEmailSubscriptions.createdAt), asc(orgEmailSubscriptions.id));
}

export async function insertOrgEmailSubscription(db: Db, row: typeof orgEmailSubscriptions.$inferInsert): Promise<OrgEmailRow> {
  const [inserted] = await db.insert(orgEmailSubscriptions).values(row).returning();
  if (inserted === undefined) throw new Error('email subscription not inserted');
  return inserted;
}

/** Disable one of an organisation's email subscriptions; null when it has no such active one. */
export async function disableOrgEmailSubscription(db: Db, orgId: string, id: string, at: Date): Promise<OrgEmailRow | null> {
  const [row] = await db
    .update(orgEmailSubscriptions)
    .set({ disabledAt: at })
    .where(and(eq(orgEmailSubscriptions.id, id), eq(orgEmailSubscriptions.orgId, orgId), isNull(orgEmailSubscriptions.disabledAt)))
    .returning();
  return row ?? null;
}

/** An advisory as the emails show it. */
export async function findAdvisory(db: Db, id: string): Promise<AdvisoryRow | null> {
  const [row] = await db.select().from(advisories).where(eq(advisories.id, id));
  return row ?? null;
}
