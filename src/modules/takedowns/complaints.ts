// Complaints routed to platforms: when a report's target runs on a platform that registered its
// host, the report goes to that platform as a user complaint on the 48-hour rule — in the grouping
// transaction, so a report is never half routed. One open complaint per case and platform; the
// reporter's contact goes along only when the reporter agreed, and stays encrypted at rest.
import type { Tx } from '../../core/db.ts';
import type { EventBus, PublishedEvent } from '../../core/events.ts';
import { CATEGORIES, type Category } from '../cases/index.ts';
import { organizationsByIds, type Context } from '../identity/index.ts';
import { complaintSourceOf, type ReportGrouped } from '../reports/index.ts';
import type { Notifier } from '../alerts/index.ts';
import { createRequest, takedownDeadline } from './issue.ts';
import { operatorsOfTargets } from './recipients.ts';
import * as repo from './repository.ts';

/** Route each grouped report's complaints (composition root: runtime.createEventBus). */
export function subscribeTakedowns(events: EventBus, notifier: Notifier): void {
  events.subscribe<ReportGrouped>('report.grouped', (tx, event) => routeComplaint(tx, event, notifier));
}

async function routeComplaint(tx: Tx, event: PublishedEvent<ReportGrouped>, notifier: Notifier): Promise<void> {
  const { reportId, caseId, category, targets } = event.payload;
  const byOrg = await operatorsOfTargets(tx.db, targets);
  if (byOrg.size === 0) return;
  const source = await complaintSourceOf(tx.db, reportId);
  if (source === null) return;
  const ctx: Context = { actor: { type: 'system', label: 'complaint-routing' }, requestId: null, now: event.occurredAt };
  const deadline = await takedownDeadline(tx.db, 'user_complaint', false, ctx.now);
  const label = CATEGORIES[category as Category] ?? CATEGORIES.other;
  for (const org of await organizationsByIds(tx.db, [...byOrg.keys()])) {
    if (org.kind !== 'platform' || org.status !== 'active' || (await repo.hasOpenComplaint(tx.db, caseId, org.id))) continue;
    const own = byOrg.get(org.id) ?? [];
    await createRequest(tx.db, ctx, {
      kind: 'user_complaint',
      issuerOrgId: null,
      recipient: org,
      action: own.every((t) => t.type === 'social_account') ? 'suspend_account' : 'remove_content',
      targets: own,
      category,
      legalBasis: deadline.version.citation,
      // Published with the statement if the platform acts: generic words, never the reporter's text.
      statement: `Người dùng phản ánh nội dung này: ${label.vi}. / A user reported this content: ${label.en}.`,
      urgent: false,
      caseId,
      reportId,
      evidenceLinks: [],
      complaintText: source.description,
      complainantContactCiphertext: source.sharedContactCiphertext,
      deadline,
    }, notifier);
  }
}
