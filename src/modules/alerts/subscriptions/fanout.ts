// The fan-out of a published advisory, inside the transaction that publishes it: one email to each
// confirmed citizen whose choices it meets (public advisories only), and to each organisation in
// its audience, one email per subscribed address and one webhook per subscribed endpoint.
// Subscribers are read and queued a page at a time, so 100,000 of them never sit in one array;
// every notification has a dedupe key, so publishing the same advisory twice queues nothing new.
import { Value } from 'typebox/value';
import type { Db } from '../../../core/db.ts';
import type { EventBus, PublishedEvent } from '../../../core/events.ts';
import { organizationsByIds } from '../../identity/index.ts';
import type { NotificationSpec } from '../engine/model.ts';
import type { Notifier } from '../engine/notifier.ts';
import { isLocale } from '../../../core/i18n.ts';
import { AdvisoryPublished, minSeveritiesAdmitting, SUBSCRIPTION_LIMITS } from './model.ts';
import * as repo from './repository.ts';

const EVENT = 'advisory.published';
const PAGE = SUBSCRIPTION_LIMITS.fanOutPage;

/** In-transaction reactions: a published advisory becomes notifications to its subscribers. */
export function subscribeAlerts(events: EventBus, notifier: Notifier): void {
  events.subscribe<AdvisoryPublished>(EVENT, (tx, event) => fanOutAdvisory(tx.db, notifier, event));
}

/** Queue the notifications of one published advisory. */
export async function fanOutAdvisory(db: Db, notifier: Notifier, event: PublishedEvent<AdvisoryPublished>): Promise<void> {
  // A payload of the wrong shape is a bug in the publisher: fail its transaction rather than guess.
  if (!Value.Check(AdvisoryPublished, event.payload)) throw new Error(`${EVENT} payload does not match its schema`);
  const advisory = event.payload;
  if (advisory.audience === 'public') await fanOutToCitizens(db, notifier, advisory, event.occurredAt);
  await fanOutToOrganisations(db, notifier, advisory, event.occurredAt);
}

async function fanOutToCitizens(db: Db, notifier: Notifier, advisory: AdvisoryPublished, now: Date): Promise<void> {
  const filter = { categories: advisory.categories, minSeverities: minSeveritiesAdmitting(advisory.severity) };
  for (let after: string | null = null; ; ) {
    const page = await repo.matchingSubscribers(db, filter, after, PAGE);
    const specs = page.map(
      (s): NotificationSpec => ({
        recipient: { channel: 'email', sealedAddress: s.addressCiphertext },
        template: EVENT,
        locale: isLocale(s.locale) ? s.locale : 'vi',
        data: { advisoryId: advisory.advisoryId, subscriptionId: s.id },
        subject: { type: 'advisory', id: advisory.advisoryId },
        dedupeKey: `advisory:${advisory.advisoryId}:sub:${s.id}`,
      }),
    );
    await notifier.queue(db, specs, now);
    after = page.at(-1)?.id ?? null;
    if (page.length < PAGE || after === null) return;
  }
}

/**
 * The organisations an advisory reaches, among those of a page: every active one for a public
 * advisory, the active ones of a kind, or the one it names.
 */
async function inAudience(db: Db, advisory: AdvisoryPublished, orgIds: readonly string[]): Promise<Set<string>> {
  const orgs = await organizationsByIds(db, [...new Set(orgIds)]);
  return new Set(orgs.filter((o) => o.status === 'active' && (advisory.audience !== 'org_kind' || o.kind === advisory.audienceOrgKind)).map((o) => o.id));
}

async function fanOutToOrganisations(db: Db, notifier: Notifier, advisory: AdvisoryPublished, now: Date): Promise<void> {
  // A named organisation narrows the query itself; a kind is checked per page against identity.
  const onlyOrg = advisory.audience === 'org' ? advisory.audienceOrgId : null;
  if (advisory.audience === 'org' && onlyOrg === null) return;
  const base = { template: EVENT, data: { advisoryId: advisory.advisoryId }, subject: { type: 'advisory', id: advisory.advisoryId } } as const;
  for (let after: string | null = null; ; ) {
    const page = await repo.orgEmailsFor(db, EVENT, onlyOrg, after, PAGE);
    const reached = await inAudience(db, advisory, page.map((s) => s.orgId));
    const specs = page
      .filter((s) => reached.has(s.orgId))
      .map((s): NotificationSpec => ({ ...base, recipient: { channel: 'email', address: s.address }, locale: 'vi', orgId: s.orgId, dedupeKey: `advisory:${advisory.advisoryId}:org-email:${s.id}`, aggregateKey: 'advisories' }));
    await notifier.queue(db, specs, now);
    after = page.at(-1)?.id ?? null;
    if (page.length < PAGE || after === null) break;
  }
  for (let after: string | null = null; ; ) {
    const page = await repo.endpointsFor(db, EVENT, onlyOrg, after, PAGE);
    const reached = await inAudience(db, advisory, page.map((e) => e.orgId));
    const specs = page
      .filter((e) => reached.has(e.orgId))
      .map((e): NotificationSpec => ({ ...base, recipient: { channel: 'webhook', endpointId: e.id }, locale: 'vi', orgId: e.orgId, dedupeKey: `advisory:${advisory.advisoryId}:webhook:${e.id}` }));
    await notifier.queue(db, specs, now);
    after = page.at(-1)?.id ?? null;
    if (page.length < PAGE || after === null) return;
  }
}
