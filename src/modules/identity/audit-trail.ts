import type { Db } from '../../core/db.ts';
import type { SQL } from 'drizzle-orm';
import { appendAuditEntry, queuedAuditInsert, type AuditActor } from '../audit/index.ts';
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

type AuditEntryInput = { orgId: string | null; action: string; subjectType: string; subjectId: string | null; summary: Record<string, unknown> };

/** Record a change in the same transaction as the change itself. */
export async function recordAudit(tx: Db, ctx: Context, entry: AuditEntryInput): Promise<void> {
  await appendAuditEntry(tx, { ...entry, actor: auditActor(ctx.actor), requestId: ctx.requestId, at: ctx.now });
}


/** The queued audit entry of a change as a statement, for a write that must be one round trip (report intake). */
export function queuedAuditStatement(ctx: Context, entry: AuditEntryInput): SQL {
  return queuedAuditInsert({ ...entry, actor: auditActor(ctx.actor), requestId: ctx.requestId, at: ctx.now });
}

/** Who acts, as decisions and notes record it. */
export function actorName(actor: Actor): { id: string | null; name: string } {
  if (actor.type === 'user') return { id: actor.userId, name: actor.displayName };
  if (actor.type === 'token') return { id: null, name: `token:${actor.name}` };
  if (actor.type === 'system') return { id: null, name: actor.label };
  return { id: null, name: 'anonymous' };
}

/** The org to file an audit entry under: the actor's authority. */
export function auditOrg(actor: Actor): string | null {
  if (actor.type === 'token') return actor.membership.orgId;
  if (actor.type === 'user') return actor.memberships.find((m) => m.orgKind === 'authority')?.orgId ?? null;
  return null;
}
