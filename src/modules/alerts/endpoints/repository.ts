// The SQL of organisations' webhook endpoints.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { insertedRow, type Db } from '../../../core/db.ts';
import { webhookEndpoints } from '../tables.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** An organisation's endpoints in use, oldest first; with `eventType`, only those that take it. */
export async function activeEndpoints(db: Db, orgId: string, eventType?: string): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), isNull(webhookEndpoints.disabledAt), eventType === undefined ? undefined : sql`${eventType} = any(${webhookEndpoints.eventTypes})`))
    .orderBy(asc(webhookEndpoints.createdAt));
}

export async function findEndpoint(db: Db, id: string): Promise<EndpointRow | null> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ?? null;
}

export async function insertEndpoint(db: Db, values: Omit<EndpointRow, 'id'>): Promise<EndpointRow> {
  return insertedRow(await db.insert(webhookEndpoints).values(values).returning());
}

export async function disableEndpoint(db: Db, orgId: string, id: string, at: Date): Promise<EndpointRow | null> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ disabledAt: at })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, orgId), isNull(webhookEndpoints.disabledAt)))
    .returning();
  return rows[0] ?? null;
}
