import type { Db } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { can, effectiveMemberships, requireAccess, type Context } from '../identity/index.ts';
import { listAuditEntries, type AuditEntry, type AuditFilter } from './repository.ts';
import { verifyAuditChain, type VerifyResult } from './verify.ts';

export const AUDIT_PAGE_SIZE = 50;

/**
 * Browse the log: national admins and supervisors see everything; an
 * organisation's admins see only their organisation's entries.
 */
export async function browseAudit(db: Db, ctx: Context, filter: AuditFilter): Promise<AuditEntry[]> {
  if (ctx.actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (can(ctx.actor, 'audit.read_all')) return listAuditEntries(db, filter, AUDIT_PAGE_SIZE);
  if (filter.orgId !== undefined) {
    requireAccess(ctx.actor, 'audit.read', filter.orgId);
    return listAuditEntries(db, filter, AUDIT_PAGE_SIZE);
  }
  // Without a chosen organisation, an org admin sees their first administrable organisation.
  const own = effectiveMemberships(ctx.actor).find((m) => can(ctx.actor, 'audit.read', m.orgId));
  if (own === undefined) throw new AppError('FORBIDDEN');
  return listAuditEntries(db, { ...filter, orgId: own.orgId }, AUDIT_PAGE_SIZE);
}

/** Verify the whole chain (national admins and supervisors). */
export async function verifyAudit(db: Db, ctx: Context): Promise<VerifyResult> {
  requireAccess(ctx.actor, 'audit.read_all');
  return verifyAuditChain(db);
}
