import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { Database } from '../../core/db.ts';
import type { EventBus } from '../../core/events.ts';
import { isLocale, type Locale } from '../../core/i18n.ts';
import { defineJob, MAIL_JOB_RETRY, type JobQueue } from '../../core/jobs.ts';
import type { Mailer } from '../../core/mail.ts';
import { publicEvent } from '../cases/index.ts';
import { mailWords } from './messages.ts';
import * as repo from './repository.ts';
import { historyLine, statusText, trackReport } from './tracking.ts';

const NotifyPayload = Type.Object({ reportId: Type.String({ format: 'uuid' }), eventKey: Type.String({ maxLength: 100 }) });

/** Tell one reporter about one change of their report, by email (sent at most once per change). */
export const notifyReporterJob = { name: 'reports.notify-reporter', payload: NotifyPayload };

/** Kinds of case change that reporters are emailed about. */
const EMAILED_KINDS = new Set(['in_review', 'more_info', 'verified', 'rejected', 'duplicate', 'reopened', 'action_taken', 'action_declined']);

type Deps = { database: Database; box: SecretBox; mailer: Mailer; clock: Clock; publicUrl: string };

/** The job handlers of the reports module. */
export function reportJobs(deps: Deps) {
  const notifyReporter = defineJob({
    ...notifyReporterJob,
    ...MAIL_JOB_RETRY,
    async handler(payload) {
      // Claim, send and commit together: a failed send rolls the claim back and the retry sends again.
      await deps.database.transaction(async (tx) => {
        const report = await repo.findReport(tx.db, payload.reportId);
        if (report?.contactCiphertext == null || report.contactKind !== 'email') return;
        if (!(await repo.claimNotification(tx.db, report.id, payload.eventKey, deps.clock.now()))) return;
        const view = await trackReport(tx.db, report.ticket);
        const locale: Locale = isLocale(report.locale) ? report.locale : 'vi';
        const status = statusText(locale, view.status);
        const eventId = payload.eventKey.startsWith('case-event:') ? payload.eventKey.slice('case-event:'.length) : null;
        const change = eventId === null ? null : await publicEvent(tx.db, eventId);
        const kind = change?.kind ?? 'received';
        const note = change?.publicNote ?? null;
        const url = `${deps.publicUrl}/track/${report.ticket}`;
        const t = (key: Parameters<typeof mailWords>[1], params?: Record<string, string>) => mailWords(locale, key, params);
        const lines = [
          t('greeting'),
          '',
          historyLine(locale, kind),
          t('statusLine', { status: status.label }),
          status.next,
          ...(note === null ? [] : ['', t('noteLine', { note })]),
          '',
          t('track', { url }),
          '',
          t('footer'),
        ];
        await deps.mailer.send({ to: deps.box.decrypt(report.contactCiphertext), subject: t('subject', { ticket: report.ticket, status: status.label }), text: lines.join('\n') });
      });
    },
  });

  return { notifyReporter };
}

/**
 * The reports module's reactions to case events, inside the case's
 * transaction: reporters follow a merged case, and each public change queues
 * the emails to reporters.
 */
export function subscribeReports(events: EventBus, jobs: JobQueue): void {
  events.subscribe<{ fromCaseId: string; toCaseId: string }>('case.merged', async (tx, event) => {
    await repo.moveToCase(tx.db, event.payload.fromCaseId, event.payload.toCaseId);
  });
  events.subscribe<{ caseId: string; eventId: string; kind: string }>('case.public_event', async (tx, event) => {
    if (!EMAILED_KINDS.has(event.payload.kind)) return;
    // Fan out now, inside the case's transaction: a merge moves the reports right after this event.
    for (const contact of await repo.contactsOfCase(tx.db, event.payload.caseId)) {
      if (contact.contactKind !== 'email' || contact.createdAt > event.occurredAt) continue;
      await jobs.enqueue(tx, notifyReporterJob, { reportId: contact.id, eventKey: `case-event:${event.payload.eventId}` });
    }
  });
}

