// The email to a takedown appellant who left an address: a receipt when the appeal is filed, the
// outcome when it is decided.
import { Type } from 'typebox';
import type { Clock } from '../../../core/clock.ts';
import type { SecretBox } from '../../../core/crypto.ts';
import type { Database } from '../../../core/db.ts';
import { isLocale, type Locale } from '../../../core/i18n.ts';
import { withIdempotency } from '../../../core/idempotency.ts';
import { defineJob, MAIL_JOB_RETRY } from '../../../core/jobs.ts';
import type { Mailer } from '../../../core/mail.ts';
import { ACTION_LABELS } from '../messages.ts';
import type { TakedownAction } from '../model.ts';
import { findRequest } from '../repository.ts';
import { appealMailWords, appealStatusText } from './messages.ts';
import type { AppealStatus } from './model.ts';
import * as repo from './repository.ts';

const NotifyPayload = Type.Object({ appealId: Type.String({ format: 'uuid' }), event: Type.Enum(['received', 'decided']) });

/** Tell a takedown appellant about their appeal by email (at most once per appeal and event). */
export const notifyTakedownAppellantJob = { name: 'takedowns.notify-appellant', payload: NotifyPayload };

type Deps = { database: Database; box: SecretBox; mailer: Mailer; clock: Clock; publicUrl: string };

/** The job handler that writes and sends the email, in the appeal's language. */
export function notifyTakedownAppellant(deps: Deps) {
  return defineJob({
    ...notifyTakedownAppellantJob,
    ...MAIL_JOB_RETRY,
    async handler(payload) {
      // Claim, send and commit together: a failed send rolls the claim back and the retry sends
      // again; a run after a successful one finds the claim and sends nothing.
      await deps.database.transaction(async (tx) => {
        const appeal = await repo.findAppeal(tx.db, payload.appealId);
        if (appeal === null || appeal.contactCiphertext === null) return;
        if (payload.event === 'decided' && appeal.status === 'received') return;
        const statement = await repo.statementById(tx.db, appeal.statementId);
        const request = await findRequest(tx.db, appeal.requestId);
        const action = { platform: statement?.platformName ?? '', kind: (request?.action ?? null) as TakedownAction | null };
        const contact = appeal.contactCiphertext;
        const claim = { scope: 'takedown-appeal-mail', key: `${appeal.id}:${payload.event}`, request: { appealId: appeal.id, event: payload.event }, now: deps.clock.now() };
        await withIdempotency(tx.db, claim, async () => {
          await deps.mailer.send({ to: deps.box.decrypt(contact), ...compose(appeal, action, payload.event, deps.publicUrl) });
          return { status: 200, body: {} };
        });
      });
    },
  });
}

function compose(appeal: repo.AppealRow, action: { platform: string; kind: TakedownAction | null }, event: 'received' | 'decided', publicUrl: string): { subject: string; text: string } {
  const locale: Locale = isLocale(appeal.locale) ? appeal.locale : 'vi';
  const t = (key: Parameters<typeof appealMailWords>[1], params?: Record<string, string>) => appealMailWords(locale, key, params);
  const decided = event === 'decided';
  // The receipt says "received" even when a decision overtook it; the decision has its own email.
  const status = appealStatusText(locale, decided ? (appeal.status as AppealStatus) : 'received');
  const about = [action.platform, action.kind === null ? '' : ACTION_LABELS[action.kind][locale]].filter((part) => part !== '').join(': ');
  const lines = [
    t('greeting', { name: appeal.appellantName }),
    '',
    ...(decided ? [] : [t('receivedLine', { about })]),
    t('statusLine', { status: status.label }),
    ...(decided && appeal.decisionReason !== null ? [t('reasonLine', { reason: appeal.decisionReason })] : []),
    status.next,
    '',
    t('ticketLine', { ticket: appeal.ticket }),
    t('track', { url: `${publicUrl}/takedown-appeal/${appeal.ticket}` }),
    '',
    t('footer'),
  ];
  const subject = decided ? t('decidedSubject', { ticket: appeal.ticket, status: status.label }) : t('receivedSubject', { ticket: appeal.ticket });
  return { subject, text: lines.join('\n') };
}
