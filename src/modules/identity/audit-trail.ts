import type { Db } from '../../core/db.ts';
import type { SQL } from 'drizzle-orm';
import { appendAuditEntry, queueAuditEntry, queuedAuditInsert, type AuditActor } from '../audit/index.ts';
import type { Actor, Context } from './model.ts';

/** How an actor is named in the audit log: ids and a label, never secrets. */
export function auditActor(actor: Actor): AuditActor {
  switch (actor.type) {
    case 'user':
      return { type: 'user', id: actor.userId, label: actor.email };
    case 'token':
      return { type: 'token', id: actor.tokenId, label: `token:${actor.name}` };
    case 'system':
      return { type: 'system', id: null, label: actor.label };
    case 'anonymous':
      return { type: 'anonymous', id: null, label: 'anonymous' };
  }
}

/** Record a change in the same transaction as the change itself. */
export async function recordAudit(
  tx: Db,
  ctx: Context,
  entry: { orgId: string | null; action: string; subjectType: string; subjectId: string | null; summary: Record<string, unknown> },
): Promise<void> {
  await appendAuditEntry(tx, { ...entry, actor: auditActor(ctx.actor), requestId: ctx.requestId, at: ctx.now });
}

/**
 * Record a change of a high-volume public write (report intake): written in the
 * same transaction, chained by a worker within about a second (audit/drain.ts).
 */
export async function recordAuditQueued(
  tx: Db,
  ctx: Context,
  entry: { orgId: string | null; action: string; subjectType: string; subjectId: string | null; summary: Record<string, unknown> },
): Promise<void> {
  await queueAuditEntry(tx, { ...entry, actor: auditActor(ctx.actor), requestId: ctx.requestId, at: ctx.now });
}

type AuditEntryInput = { orgId: string | null; action: string; subjectType: string; subjectId: string | null; summary: Record<string, unknown> };

/** The queued audit entry of a change as a statement, for a write that must be one round trip (report intake). */
export function queuedAuditStatement(ctx: Context, entry: AuditEntryInput): SQL {
  return queuedAuditInsert({ ...entry, actor: auditActor(ctx.actor), requestId: ctx.requestId, at: ctx.now });
}
