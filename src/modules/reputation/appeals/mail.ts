// The email to an appellant: a receipt when the appeal is filed, the outcome when it is decided.
// Queued through the notification engine in the filing's or the decision's transaction, at most
// once per appeal and event.
import { Type } from 'typebox';
import type { Db } from '../../../core/db.ts';
import { isLocale, type Locale } from '../../../core/i18n.ts';
import { defineTemplate, type Notifier } from '../../alerts/index.ts';
import { appealMailWords, appealStatusText } from './messages.ts';
import type { AppealStatus } from './model.ts';
import * as repo from './repository.ts';

type AppealEvent = 'received' | 'decided';

/** Queue the appellant's email about `event` (inside the transaction that made it happen). */
export async function queueAppellantMail(tx: Db, notifier: Notifier, appeal: { id: string; contactCiphertext: string; locale: string }, event: AppealEvent, now: Date): Promise<void> {
  const locale: Locale = isLocale(appeal.locale) ? appeal.locale : 'vi';
  await notifier.queue(
    tx,
    [{ recipient: { channel: 'email', sealedAddress: appeal.contactCiphertext }, template: 'reputation.appeal', locale, data: { appealId: appeal.id, event }, subject: { type: 'appeal', id: appeal.id }, dedupeKey: `appeal:${appeal.id}:${event}` }],
    now,
  );
}

/** The appellant's receipt and outcome emails, in the appeal's language. */
export const appellantTemplate = defineTemplate({
  key: 'reputation.appeal',
  description: { vi: 'Khiếu nại gỡ khỏi danh sách: xác nhận đã nhận và kết quả', en: 'A delisting appeal: receipt and outcome' },
  channels: ['email'],
  data: Type.Object({ appealId: Type.String({ format: 'uuid' }), event: Type.Enum(['received', 'decided']) }),
  sample: { appealId: '00000000-0000-4000-8000-000000000000', event: 'decided' },
  async render(ctx, data) {
    const appeal = await repo.findAppeal(ctx.db, data.appealId);
    const shown = appeal ?? { locale: ctx.locale, status: data.event === 'decided' ? 'delisted' : 'received', appellantName: 'Nguyễn Văn A', decisionReason: data.event === 'decided' ? 'Tên miền đã đổi chủ.' : null, ticket: 'KN-SAMPLE', value: 'vi-du.vn' };
    return compose(shown, data.event, ctx.publicUrl);
  },
});

function compose(appeal: Pick<repo.AppealRow, 'locale' | 'status' | 'appellantName' | 'decisionReason' | 'ticket' | 'value'>, event: AppealEvent, publicUrl: string): { subject: string; text: string } {
  const locale: Locale = isLocale(appeal.locale) ? appeal.locale : 'vi';
  const t = (key: Parameters<typeof appealMailWords>[1], params?: Record<string, string>) => appealMailWords(locale, key, params);
  const decided = event === 'decided';
  // The receipt says "received" even when a decision overtook it; the decision has its own email.
  const status = appealStatusText(locale, decided ? (appeal.status as AppealStatus) : 'received');
  const lines = [
    t('greeting', { name: appeal.appellantName }),
    '',
    ...(decided ? [] : [t('receivedLine', { value: appeal.value })]),
    t('statusLine', { status: status.label }),
    ...(decided && appeal.decisionReason !== null ? [t('reasonLine', { reason: appeal.decisionReason })] : []),
    status.next,
    '',
    t('ticketLine', { ticket: appeal.ticket }),
    t('track', { url: `${publicUrl}/appeal/${appeal.ticket}` }),
    '',
    t('footer'),
  ];
  const subject = decided ? t('decidedSubject', { ticket: appeal.ticket, status: status.label }) : t('receivedSubject', { ticket: appeal.ticket });
  return { subject, text: lines.join('\n') };
}
