// An organisation's email subscriptions: addresses its admins want told of some event types
// (takedown requests, reminders, advisories) besides its contact address. Admins of the
// organisation (and national admins) list, add and remove them; anyone else finds nothing.
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import type { OrgEventType } from '../engine/model.ts';
import { normalizeAddress } from './citizens.ts';
import { SUBSCRIPTION_LIMITS } from './model.ts';
import * as repo from './repository.ts';

/** The organisation's active email subscriptions, oldest first. */
export async function listOrgEmails(db: Db, ctx: Context, orgId: string): Promise<repo.OrgEmailRow[]> {
  requireAccess(ctx.actor, 'org_notifications.manage', orgId);
  return repo.orgEmailSubscriptionsOf(db, orgId);
}

/** Add an address for some event types; an address already there is a conflict (remove it, then add it again). */
export async function addOrgEmail(tx: Db, ctx: Context, orgId: string, input: { address: string; eventTypes: readonly OrgEventType[] }): Promise<repo.OrgEmailRow> {
  requireAccess(ctx.actor, 'org_notifications.manage', orgId);
  const address = normalizeAddress(input.address, 'address');
  const existing = await repo.orgEmailSubscriptionsOf(tx, orgId);
  if (existing.some((s) => s.address === address)) throw new AppError('CONFLICT', 'This address is already subscribed; remove it first to change its event types.');
  if (existing.length >= SUBSCRIPTION_LIMITS.orgAddresses) throw new AppError('CONFLICT', `At most ${SUBSCRIPTION_LIMITS.orgAddresses} addresses per organisation.`);
  const eventTypes = [...new Set(input.eventTypes)];
  const row = await repo.insertOrgEmailSubscription(tx, { orgId, address, eventTypes, createdAt: ctx.now, disabledAt: null });
  // The address stays out of the audit log: it is append-only, and an address is contact data.
  await recordAudit(tx, ctx, { orgId, action: 'org_email_subscription.add', subjectType: 'org_email_subscription', subjectId: row.id, summary: { eventTypes } });
  return row;
}

/** Remove one of the organisation's addresses; another organisation's (or none) is "not found". */
export async function removeOrgEmail(tx: Db, ctx: Context, orgId: string, id: string): Promise<void> {
  requireAccess(ctx.actor, 'org_notifications.manage', orgId);
  const removed = await repo.disableOrgEmailSubscription(tx, orgId, id, ctx.now);
  if (removed === null) throw new AppError('NOT_FOUND');
  await recordAudit(tx, ctx, { orgId, action: 'org_email_subscription.remove', subjectType: 'org_email_subscription', subjectId: id, summary: { eventTypes: removed.eventTypes } });
}
