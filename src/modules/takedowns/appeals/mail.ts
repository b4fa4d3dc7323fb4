// The email to a takedown appellant who left an address: a receipt when the appeal is filed, the
// outcome when it is decided. Queued through the notification engine in the filing's or the
// decision's transaction, at most once per appeal and event.
import { Type } from 'typebox';
import type { Db } from '../../../core/db.ts';
import { isLocale, type Locale } from '../../../core/i18n.ts';
import { defineTemplate, type Notifier } from '../../alerts/index.ts';
import { ACTION_LABELS } from '../messages.ts';
import type { TakedownAction } from '../model.ts';
import { findRequest } from '../repository.ts';
import { appealMailWords, appealStatusText } from './messages.ts';
import type { AppealStatus } from './model.ts';
import * as repo from './repository.ts';

type AppealEvent = 'received' | 'decided';

/** Queue the appellant's email about `event` (inside the transaction that made it happen). */
export async function queueAppellantMail(tx: Db, notifier: Notifier, appeal: { id: string; contactCiphertext: string | null; locale: string }, event: AppealEvent, now: Date): Promise<void> {
  if (appeal.contactCiphertext === null) return;
  const locale: Locale = isLocale(appeal.locale) ? appeal.locale : 'vi';
  await notifier.queue(
    tx,
    [{ recipient: { channel: 'email', sealedAddress: appeal.contactCiphertext }, template: 'takedown.appeal', locale, data: { appealId: appeal.id, event }, subject: { type: 'takedown_appeal', id: appeal.id }, dedupeKey: `takedown-appeal:${appeal.id}:${event}` }],
    now,
  );
}

/** The appellant's receipt and outcome emails, in the appeal's language. */
export const appellantTemplate = defineTemplate({
  key: 'takedown.appeal',
  description: { vi: 'Khiếu nại của chủ nội dung: xác nhận đã nhận và kết quả', en: 'A content owner’s appeal: receipt and outcome' },
  channels: ['email'],
  data: Type.Object({ appealId: Type.String({ format: 'uuid' }), event: Type.Enum(['received', 'decided']) }),
  sample: { appealId: '00000000-0000-4000-8000-000000000000', event: 'decided' },
  async render(ctx, data) {
    const appeal = await repo.findAppeal(ctx.db, data.appealId);
    if (appeal === null) return sampleAppeal(ctx.locale, data.event);
    const statement = await repo.statementById(ctx.db, appeal.statementId);
    const request = await findRequest(ctx.db, appeal.requestId);
    const action = { platform: statement?.platformName ?? '', kind: (request?.action ?? null) as TakedownAction | null };
    return compose(appeal, action, data.event, ctx.publicUrl);
  },
});

function compose(appeal: Pick<repo.AppealRow, 'locale' | 'status' | 'appellantName' | 'decisionReason' | 'ticket'>, action: { platform: string; kind: TakedownAction | null }, event: AppealEvent, publicUrl: string): { subject: string; text: string } {
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

/** The preview's stand-in when the sample appeal does not exist. */
function sampleAppeal(locale: Locale, event: AppealEvent) {
  const appeal = { locale, status: event === 'decided' ? 'restored' : 'received', appellantName: 'Nguyễn Văn A', decisionReason: event === 'decided' ? 'Nội dung không vi phạm.' : null, ticket: 'KC-SAMPLE' };
  return compose(appeal, { platform: 'Mạng xã hội Ví dụ', kind: 'remove_content' }, event, 'https://antoan.example.vn');
}
