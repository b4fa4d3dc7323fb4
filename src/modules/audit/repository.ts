import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db.ts';
import { auditHead, auditLog } from './tables.ts';
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
  await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, HEAD_ID));
  const fields: ChainedFields = {
    seq: (head?.seq ?? 0) + 1,
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
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, fields);
  await tx.insert(auditLog).values({ ...fields, prevHash, hash });
  await tx
    .insert(auditHead)
    .values({ id: HEAD_ID, seq: fields.seq, hash })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: fields.seq, hash } });
  return { ...fields, prevHash, hash };
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
