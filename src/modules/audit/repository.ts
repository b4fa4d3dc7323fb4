import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db.ts';
import { auditHead, auditLog, auditPending } from './tables.ts';
import { entryHash, GENESIS_HASH, type ChainedFields } from './chain.ts';

/** Who did it, as the audit log records it. */
export type AuditActor = { type: 'user' | 'token' | 'system' | 'anonymous'; id: string | null; label: string };

/** What a caller asks to record. */
export type AuditInput = {
  actor: AuditActor;
  orgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  summary: Record<string, unknown>;
  requestId: string | null;
  at: Date;
};

export type AuditEntry = ChainedFields & { prevHash: string; hash: string };

export type AuditFilter = {
  orgId?: string | undefined;
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  beforeSeq?: number | undefined;
};

const HEAD_ID = 'main';
// Serialises appends across processes so `seq` and `prev_hash` follow the previous entry.
const APPEND_LOCK_KEY = 7_241_002;

/**
 * Append one entry in the caller's transaction: the entry commits or rolls back
 * with the change it records.
 */
export async function appendAuditEntry(tx: Db, input: AuditInput): Promise<AuditEntry> {
  const [entry] = await appendToChain(tx, [input]);
  if (entry === undefined) throw new Error('audit entry not appended');
  return entry;
}

/** Append entries in order under the chain's lock, with one insert and one head update. */
async function appendToChain(tx: Db, inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, HEAD_ID));
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const entries: AuditEntry[] = inputs.map((input) => {
    seq += 1;
    const fields: ChainedFields = {
      seq,
      // Stored with millisecond precision, so the hash input round-trips exactly.
      at: new Date(Math.floor(input.at.getTime())),
      actorType: input.actor.type,
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      orgId: input.orgId,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      summary: input.summary,
      requestId: input.requestId,
    };
    const entry = { ...fields, prevHash, hash: entryHash(prevHash, fields) };
    prevHash = entry.hash;
    return entry;
  });
  if (entries.length === 0) return [];
  await tx.insert(auditLog).values(entries);
  await tx
    .insert(auditHead)
    .values({ id: HEAD_ID, seq, hash: prevHash })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq, hash: prevHash } });
  return entries;
}

/**
 * The queued-entry insert as a statement to compose into another module's
 * single-statement write (a CTE), so a public write and its audit entry are
 * one atomic round trip.
 */
export function queuedAuditInsert(input: AuditInput): SQL {
  return sql`insert into audit_pending (at, actor_type, actor_id, actor_label, org_id, action, subject_type, subject_id, summary, request_id)
    values (${input.at.toISOString()}::timestamptz, ${input.actor.type}, ${input.actor.id}, ${input.actor.label}, ${input.orgId}::uuid, ${input.action}, ${input.subjectType}, ${input.subjectId}, ${JSON.stringify(input.summary)}::jsonb, ${input.requestId})`;
}

/** Move up to `limit` queued entries into the chain, oldest first; returns how many. */
export async function chainPendingEntries(tx: Db, limit: number): Promise<number> {
  const rows = await tx.select().from(auditPending).orderBy(asc(auditPending.id)).limit(limit).for('update', { skipLocked: true });
  if (rows.length === 0) return 0;
  await appendToChain(
    tx,
    rows.map((r) => ({ actor: { type: r.actorType as AuditActor['type'], id: r.actorId, label: r.actorLabel }, orgId: r.orgId, action: r.action, subjectType: r.subjectType, subjectId: r.subjectId, summary: r.summary as Record<string, unknown>, requestId: r.requestId, at: r.at })),
  );
  await tx.delete(auditPending).where(inArray(auditPending.id, rows.map((r) => r.id)));
  return rows.length;
}

/** Newest first, filtered, keyset-paged by `beforeSeq`. */
export async function listAuditEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
  const conditions: SQL[] = [];
  if (filter.orgId !== undefined) conditions.push(eq(auditLog.orgId, filter.orgId));
  if (filter.action !== undefined) conditions.push(eq(auditLog.action, filter.action));
  if (filter.subjectType !== undefined) conditions.push(eq(auditLog.subjectType, filter.subjectType));
  if (filter.subjectId !== undefined) conditions.push(eq(auditLog.subjectId, filter.subjectId));
  if (filter.actorId !== undefined) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) conditions.push(lte(auditLog.at, filter.to));
  if (filter.beforeSeq !== undefined) conditions.push(lt(auditLog.seq, filter.beforeSeq));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}

/** Oldest first from `afterSeq`, for verification. */
export async function readAuditBatch(db: Db, afterSeq: number, limit: number): Promise<AuditEntry[]> {
  return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit);
}

/** The recorded head of the chain, if anything was ever appended. */
export async function readAuditHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [head] = await db.select({ seq: auditHead.seq, hash: auditHead.hash }).from(auditHead).where(eq(auditHead.id, HEAD_ID));
  return head ?? null;
}
