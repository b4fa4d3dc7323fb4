// Telling the recipient: each new request, each reminder before its deadline and each upheld appeal
// becomes notifications to the recipient organisation — one per webhook endpoint taking the event,
// one per email subscription taking it, and one to its contact address — written in the cause's own
// transaction through the notification engine, which delivers, retries and keeps the dead letters.
// A webhook the receiver accepted marks the request delivered; a dead letter is a history line.
import { Type } from 'typebox';
import type { Db } from '../../core/db.ts';
import { formatTime } from '../../core/i18n.ts';
import { defineTemplate, notifyOrganization, type Notifier, type NotificationRow, type OrgEventType } from '../alerts/index.ts';
import { markRequestsDelivered } from './answers.ts';
import { ACTION_LABELS } from './messages.ts';
import { NOTICE_EVENTS, referenceOf, type NoticeEvent } from './model.ts';
import { presentRequest } from './present.ts';
import * as repo from './repository.ts';

/** Queue the notices of a request to its recipient (inside the transaction of their cause); how many. */
export async function queueNotices(tx: Db, notifier: Notifier, request: repo.RequestRow, now: Date, event: NoticeEvent | 'takedown.reminder' = NOTICE_EVENTS.issued): Promise<number> {
  const reminder = event === 'takedown.reminder';
  return notifyOrganization(
    tx,
    notifier,
    {
      orgId: request.recipientOrgId,
      event: event satisfies OrgEventType,
      template: event,
      locale: 'vi',
      data: { requestId: request.id },
      subject: { type: 'takedown_request', id: request.id },
      // A request is issued once, reminded once, and appealed (so restored) at most once.
      dedupeKey: `${event}:${request.id}`,
      ...(reminder && { aggregateKey: 'reminders' }),
      toContact: true,
    },
    now,
  );
}

const RequestData = Type.Object({ requestId: Type.String({ format: 'uuid' }) });
const SAMPLE = { requestId: '00000000-0000-4000-8000-000000000000' };

/** The request a notification is about, or a failure no retry mends. */
async function requestOf(db: Db, requestId: string): Promise<repo.RequestRow> {
  const request = await repo.findRequest(db, requestId);
  if (request === null) throw Object.assign(new Error('the request no longer exists'), { permanent: true });
  return request;
}

/** A webhook 2xx is a delivery of the request; an email only says it was sent. */
async function markDelivered(tx: Db, rows: readonly NotificationRow[], at: Date): Promise<void> {
  for (const row of rows) {
    if (row.channel !== 'webhook' || row.subjectId === null || row.orgId === null) continue;
    await markRequestsDelivered(tx, { actor: { type: 'system', label: 'webhook-delivery' }, requestId: null, now: at }, row.orgId, [row.subjectId], 'webhook');
  }
}

/** A dead letter is a line in the request's history, where the issuer sees it. */
async function recordFailure(tx: Db, rows: readonly NotificationRow[], at: Date): Promise<void> {
  for (const row of rows) {
    if (row.subjectId === null) continue;
    await repo.insertEvent(tx, { requestId: row.subjectId, kind: 'notice_failed', actorOrgId: null, actorName: row.channel, note: row.lastError, at });
  }
}

/** The request and restore templates (email and webhook). */
export const noticeTemplates = [
  defineTemplate({
    key: NOTICE_EVENTS.issued,
    description: { vi: 'Yêu cầu gỡ bỏ, chặn mới gửi tổ chức nhận', en: 'A new takedown or blocking request, to its recipient' },
    channels: ['email', 'webhook'],
    data: RequestData,
    sample: SAMPLE,
    async render(ctx, data) {
      const request = await requestOf(ctx.db, data.requestId);
      return { ...composeEmail(request, ctx.publicUrl), webhook: presentRequest(request) };
    },
    onDelivered: markDelivered,
    onFailed: recordFailure,
  }),
  defineTemplate({
    key: NOTICE_EVENTS.restore,
    description: { vi: 'Đề nghị khôi phục sau khiếu nại được chấp nhận', en: 'Restore after an upheld appeal, to the recipient' },
    channels: ['email', 'webhook'],
    data: RequestData,
    sample: SAMPLE,
    async render(ctx, data) {
      const request = await requestOf(ctx.db, data.requestId);
      const reason = await restoreReason(ctx.db, request.id);
      return { ...composeRestoreEmail(request, reason, ctx.publicUrl), webhook: { ...presentRequest(request), reason } };
    },
    onFailed: recordFailure,
  }),
  defineTemplate({
    key: 'takedown.reminder',
    description: { vi: 'Nhắc hạn xử lý yêu cầu sắp đến', en: 'A request’s deadline is near, to its recipient' },
    channels: ['email', 'webhook'],
    data: RequestData,
    sample: SAMPLE,
    // Reminders that fall due together go as one message; then at most one every 15 minutes.
    aggregation: { gatherSeconds: 60, windowSeconds: 900 },
    async render(ctx, data) {
      return composeReminder([await requestOf(ctx.db, data.requestId)], ctx.publicUrl);
    },
    async renderDigest(ctx, items) {
      const requests = await repo.requestsByIds(ctx.db, items.map((i) => i.requestId));
      return composeReminder(requests, ctx.publicUrl);
    },
  }),
];

/** Why an appeal was upheld: the note of the request's latest `appeal_restored` line. */
async function restoreReason(db: Db, requestId: string): Promise<string> {
  const events = await repo.eventsOf(db, requestId);
  return events.filter((e) => e.kind === 'appeal_restored').at(-1)?.note ?? '';
}

/** The reminder of requests whose deadline is near: one line each, Vietnamese first. */
function composeReminder(requests: readonly repo.RequestRow[], publicUrl: string) {
  const line = (r: repo.RequestRow, locale: 'vi' | 'en') => `  - ${referenceOf(r.number)} · ${ACTION_LABELS[r.action as keyof typeof ACTION_LABELS][locale]} · ${locale === 'vi' ? 'hạn' : 'due'} ${formatTime(r.dueAt, locale)} · ${publicUrl}/org/takedowns/${r.id}`;
  const text = [
    `${requests.length} yêu cầu sắp đến hạn xử lý mà chưa có trả lời:`,
    ...requests.map((r) => line(r, 'vi')),
    '',
    `${requests.length === 1 ? 'A request is' : `${requests.length} requests are`} due soon without an answer:`,
    ...requests.map((r) => line(r, 'en')),
  ];
  const en = requests.length === 1 ? '1 request due soon' : `${requests.length} requests due soon`;
  return { subject: `[antoan] ${requests.length} yêu cầu sắp đến hạn / ${en}`, text: text.join('\n'), webhook: { requests: requests.map(presentRequest) } };
}

/** The email asking the recipient to reverse an action after an upheld appeal. */
export function composeRestoreEmail(request: repo.RequestRow, reason: string, publicUrl: string): { subject: string; text: string } {
  const reference = referenceOf(request.number);
  const action = ACTION_LABELS[request.action as keyof typeof ACTION_LABELS];
  const link = `${publicUrl}/org/takedowns/${request.id}`;
  const targets = request.targets.map((t) => `  - ${t.value}`);
  const text = [
    `Khiếu nại của chủ nội dung đối với yêu cầu ${reference} (${action.vi}) đã được chấp nhận. Đề nghị khôi phục nội dung hoặc tài khoản:`,
    ...targets,
    `Lý do: ${reason}`,
    `Chi tiết: ${link}`,
    '',
    `The owner's appeal against request ${reference} (${action.en}) was upheld. Please restore the content or account:`,
    ...targets,
    `Reason: ${reason}`,
    `Details: ${link}`,
  ];
  return { subject: `[antoan] Khôi phục theo khiếu nại — yêu cầu ${reference} / Restore after an upheld appeal — request ${reference}`, text: text.join('\n') };
}
/** The email of a new request: Vietnamese first, then English; what, by when, and where to answer. */
export function composeEmail(request: repo.RequestRow, publicUrl: string): { subject: string; text: string } {
  const reference = referenceOf(request.number);
  const action = ACTION_LABELS[request.action as keyof typeof ACTION_LABELS];
  const link = `${publicUrl}/org/takedowns/${request.id}`;
  const targets = request.targets.map((t) => `  - ${t.value}`);
  const subject = `[antoan] ${request.urgent ? 'KHẨN / URGENT — ' : ''}Yêu cầu ${reference}: ${action.vi} — hạn ${formatTime(request.dueAt, 'vi')} / due ${formatTime(request.dueAt, 'en')}`;
  const text = [
    `Cơ quan chức năng yêu cầu: ${action.vi}.`,
    `Hạn xử lý: ${formatTime(request.dueAt, 'vi')} (giờ Việt Nam), theo ${request.dueRuleCitation}.`,
    `Căn cứ pháp lý: ${request.legalBasis}`,
    'Đối tượng:',
    ...targets,
    `Xác nhận và trả lời tại: ${link}`,
    '',
    `The authority asks you to: ${action.en}.`,
    `Due: ${formatTime(request.dueAt, 'en')} (Vietnam time), under ${request.dueRuleCitation}.`,
    `Legal basis: ${request.legalBasis}`,
    'Targets:',
    ...targets,
    `Acknowledge and answer at: ${link}`,
  ];
  return { subject, text: text.join('\n') };
}
