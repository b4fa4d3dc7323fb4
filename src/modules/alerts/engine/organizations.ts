// Telling an organisation: one notification for each way it asked to hear of an event type — each
// webhook endpoint and each email subscription that takes it — and, when the event is addressed to
// it, its contact address.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import type { Locale } from '../../../core/i18n.ts';
import { organizationById } from '../../identity/index.ts';
import { activeEndpoints } from '../endpoints/repository.ts';
import { orgEmailSubscriptions } from '../tables.ts';
import type { NotificationSpec, OrgEventType } from './model.ts';
import type { Notifier } from './notifier.ts';

export type OrganizationNotice = {
  orgId: string;
  event: OrgEventType;
  /** The template (its key is usually the event type). */
  template: string;
  locale: Locale;
  data: Record<string, unknown>;
  subject?: { type: string; id: string };
  /** Each notification's dedupe key is this plus the way it goes. */
  dedupeKey: string;
  aggregateKey?: string;
  /** Whether the organisation's contact address gets it too (events addressed to it, not news it subscribed to). */
  toContact: boolean;
};

/** Queue the notifications of one event for one organisation (in the caller's transaction); how many. */
export async function notifyOrganization(tx: Db, notifier: Notifier, notice: OrganizationNotice, now: Date): Promise<number> {
  const base = { template: notice.template, locale: notice.locale, data: notice.data, orgId: notice.orgId, ...(notice.subject !== undefined && { subject: notice.subject }), ...(notice.aggregateKey !== undefined && { aggregateKey: notice.aggregateKey }) };
  const endpoints = await activeEndpoints(tx, notice.orgId, notice.event);
  const emails = await tx
    .select({ id: orgEmailSubscriptions.id, address: orgEmailSubscriptions.address })
    .from(orgEmailSubscriptions)
    .where(and(eq(orgEmailSubscriptions.orgId, notice.orgId), isNull(orgEmailSubscriptions.disabledAt), sql`${notice.event} = any(${orgEmailSubscriptions.eventTypes})`));
  // An organisation without a contact address is told by its endpoints and subscriptions only.
  const contact = notice.toContact && (await organizationById(tx, notice.orgId))?.contactEmail != null;
  const specs: NotificationSpec[] = [
    ...endpoints.map((e) => ({ ...base, recipient: { channel: 'webhook' as const, endpointId: e.id }, dedupeKey: `${notice.dedupeKey}:webhook:${e.id}` })),
    ...emails.map((e) => ({ ...base, recipient: { channel: 'email' as const, address: e.address }, dedupeKey: `${notice.dedupeKey}:email:${e.id}` })),
    ...(contact ? [{ ...base, recipient: { channel: 'email' as const, orgContact: notice.orgId }, dedupeKey: `${notice.dedupeKey}:contact` }] : []),
  ];
  return notifier.queue(tx, specs, now);
}
