// Telling reporters what happens to their report: a receipt when it arrives and a message at each
// public change of its case, by email (or SMS when the contact is a phone number), queued through the
// notification engine in the transaction of the change, at most once per report and change.
import { Type } from 'typebox';
import type { Db } from '../../core/db.ts';
import type { EventBus } from '../../core/events.ts';
import { isLocale, type Locale } from '../../core/i18n.ts';
import { defineTemplate, type Notifier, type NotificationSpec } from '../alerts/index.ts';
import { publicEvent } from '../cases/index.ts';
import { mailWords } from './messages.ts';
import * as repo from './repository.ts';
import { historyLine, statusText, trackReport } from './tracking.ts';

/** Kinds of case change that reporters are told about. */
const TOLD_KINDS = new Set(['in_review', 'more_info', 'verified', 'rejected', 'duplicate', 'reopened', 'action_taken', 'action_declined']);

type Contact = { id: string; contactCiphertext: string | null; contactKind: string | null; locale: string };

/** The notification telling one reporter of one change (`received` or `case-event:<id>`); none without a contact. */
export function reporterNotice(report: Contact, eventKey: string): NotificationSpec[] {
  if (report.contactCiphertext === null) return [];
  const recipient =
    report.contactKind === 'email' ? { channel: 'email' as const, sealedAddress: report.contactCiphertext } : report.contactKind === 'phone' ? { channel: 'sms' as const, sealedPhone: report.contactCiphertext } : null;
  if (recipient === null) return [];
  const locale: Locale = isLocale(report.locale) ? report.locale : 'vi';
  return [{ recipient, template: 'report.status', locale, data: { reportId: report.id, eventKey }, subject: { type: 'report', id: report.id }, dedupeKey: `report:${report.id}:${eventKey}` }];
}

/** The reporter's message: what changed, the status in words with what happens next, the public note, the tracking link. */
export const reportStatusTemplate = defineTemplate({
  key: 'report.status',
  description: { vi: 'Cập nhật tình trạng phản ánh cho người phản ánh', en: 'A report’s status, to its reporter' },
  channels: ['email', 'sms'],
  data: Type.Object({ reportId: Type.String({ format: 'uuid' }), eventKey: Type.String({ maxLength: 100 }) }),
  sample: { reportId: '00000000-0000-4000-8000-000000000000', eventKey: 'received' },
  async render(ctx, data) {
    const report = await repo.findReport(ctx.db, data.reportId);
    const ticket = report?.ticket ?? 'PA-SAMPLE';
    const view = report === null ? null : await trackReport(ctx.db, report.ticket);
    const status = statusText(ctx.locale, view?.status ?? 'received');
    const eventId = data.eventKey.startsWith('case-event:') ? data.eventKey.slice('case-event:'.length) : null;
    const change = eventId === null ? null : await publicEvent(ctx.db, eventId);
    const note = change?.publicNote ?? null;
    const url = `${ctx.publicUrl}/track/${ticket}`;
    const t = (key: Parameters<typeof mailWords>[1], params?: Record<string, string>) => mailWords(ctx.locale, key, params);
    const lines = [t('greeting'), '', historyLine(ctx.locale, change?.kind ?? 'received'), t('statusLine', { status: status.label }), status.next, ...(note === null ? [] : ['', t('noteLine', { note })]), '', t('track', { url }), '', t('footer')];
    return { subject: t('subject', { ticket, status: status.label }), text: lines.join('\n'), sms: `antoan ${ticket}: ${status.label}. ${url}` };
  },
});

/**
 * The reports module's reactions to case events, inside the case's transaction: reporters follow a
 * merged case, and each public change is queued for the reporters who were there when it happened.
 */
export function subscribeReports(events: EventBus, notifier: Notifier): void {
  events.subscribe<{ fromCaseId: string; toCaseId: string }>('case.merged', async (tx, event) => {
    await repo.moveToCase(tx.db, event.payload.fromCaseId, event.payload.toCaseId);
  });
  events.subscribe<{ caseId: string; eventId: string; kind: string }>('case.public_event', async (tx, event) => {
    if (!TOLD_KINDS.has(event.payload.kind)) return;
    // Fan out now, inside the case's transaction: a merge moves the reports right after this event.
    const contacts = (await repo.contactsOfCase(tx.db, event.payload.caseId)).filter((c) => c.createdAt <= event.occurredAt);
    await notifier.queue(tx.db, contacts.flatMap((c) => reporterNotice(c, `case-event:${event.payload.eventId}`)), event.occurredAt);
  });
}

/** Queue the receipt of a new report (inside its transaction). */
export async function queueReceipt(tx: Db, notifier: Notifier, report: Contact, now: Date): Promise<void> {
  await notifier.queue(tx, reporterNotice(report, 'received'), now);
}
