// Telling the recipient: each new request becomes notices (one per webhook endpoint of the
// organisation, one email to its contact address), written in the request's own transaction
// (an outbox), then delivered by workers. A notice is claimed for a short lease, sent outside any
// transaction, and its outcome recorded: delivered, or retried with exponential backoff until the
// last attempt leaves it `failed` (a dead letter, listed for the organisation and the authority).
// Delivery is at least once; the webhook id stays the same across retries so receivers drop repeats.
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { Database, Db } from '../../core/db.ts';
import type { Mailer } from '../../core/mail.ts';
import { formatTime } from '../../core/i18n.ts';
import { organizationById } from '../identity/index.ts';
import { markRequestsDelivered } from './answers.ts';
import { ACTION_LABELS } from './messages.ts';
import { NOTICE_EVENTS, referenceOf, type NoticeEvent } from './model.ts';
import { presentRequest } from './present.ts';
import * as repo from './repository.ts';
import { sendWebhook } from './webhooks.ts';

/** Attempts before a notice is a dead letter; waits double from 30 s (30 s, 1 min, … about 1 h in all). */
export const MAX_ATTEMPTS = 8;
const FIRST_WAIT_MS = 30_000;
/** How long a claimed notice is left alone before another worker may try it (a crashed sender). */
const LEASE_MS = 120_000;
const BATCH = 20;

export function backoffMs(attempts: number): number {
  return FIRST_WAIT_MS * 2 ** Math.max(0, attempts - 1);
}

/** Write the notices of a request to its recipient (inside the transaction of their cause); how many. */
export async function queueNotices(tx: Db, request: repo.RequestRow, now: Date, event: NoticeEvent = NOTICE_EVENTS.issued): Promise<number> {
  const endpoints = await repo.activeEndpoints(tx, request.recipientOrgId);
  const org = await organizationById(tx, request.recipientOrgId);
  const base = { requestId: request.id, orgId: request.recipientOrgId, event, status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, lastStatus: null, deliveredAt: null, createdAt: now };
  const rows = [
    ...endpoints.map((e) => ({ ...base, channel: 'webhook', endpointId: e.id })),
    ...(org?.contactEmail === null || org?.contactEmail === undefined ? [] : [{ ...base, channel: 'email', endpointId: null }]),
  ];
  await repo.insertNotices(tx, rows);
  return rows.length;
}

export type NoticeDeps = { database: Database; box: SecretBox; mailer: Mailer; clock: Clock; config: Pick<Config, 'publicUrl' | 'outboundAllowPrivate'> };

/** Deliver the notices due now; the number attempted. Workers run it every second. */
export async function deliverDueNotices(deps: NoticeDeps): Promise<number> {
  const now = deps.clock.now();
  const claimed = await deps.database.transaction((tx) => repo.claimNotices(tx.db, now, new Date(now.getTime() + LEASE_MS), BATCH));
  for (const notice of claimed) await deliver(deps, notice);
  return claimed.length;
}

async function deliver(deps: NoticeDeps, notice: repo.NoticeRow): Promise<void> {
  const request = await repo.findRequest(deps.database.db, notice.requestId);
  if (request === null) return;
  let outcome: { ok: true; status: number | null } | { ok: false; status: number | null; error: string };
  try {
    outcome = { ok: true, status: await send(deps, notice, request) };
  } catch (error) {
    const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : null;
    outcome = { ok: false, status, error: error instanceof Error ? error.message.slice(0, 300) : 'failed' };
  }
  const at = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    const attempts = notice.attempts + 1;
    if (outcome.ok) {
      await repo.updateNotice(tx.db, notice.id, { status: 'delivered', attempts, deliveredAt: at, lastStatus: outcome.status, lastError: null });
      // A webhook the receiver accepted is a delivery; an email only says it was sent.
      if (notice.channel === 'webhook') {
        const ctx = { actor: { type: 'system' as const, label: 'webhook-delivery' }, requestId: null, now: at };
        await markRequestsDelivered(tx.db, ctx, request.recipientOrgId, [request.id], 'webhook');
      }
      return;
    }
    const dead = attempts >= MAX_ATTEMPTS;
    await repo.updateNotice(tx.db, notice.id, { status: dead ? 'failed' : 'pending', attempts, nextAttemptAt: new Date(at.getTime() + backoffMs(attempts)), lastStatus: outcome.status, lastError: outcome.error });
    if (dead) await repo.insertEvent(tx.db, { requestId: request.id, kind: 'notice_failed', actorOrgId: null, actorName: notice.channel, note: outcome.error, at });
  });
}

/** Send one notice; the receiver's HTTP status for a webhook, null for an email. */
async function send(deps: NoticeDeps, notice: repo.NoticeRow, request: repo.RequestRow): Promise<number | null> {
  if (notice.channel === 'webhook') {
    const endpoint = notice.endpointId === null ? null : await repo.findEndpoint(deps.database.db, notice.endpointId);
    if (endpoint === null || endpoint.disabledAt !== null) throw new Error('the endpoint was removed');
    const at = deps.clock.now();
    const reason = notice.event === NOTICE_EVENTS.restore ? { reason: await restoreReason(deps.database.db, request.id) } : {};
    const body = JSON.stringify({ type: notice.event, timestamp: at.toISOString(), ...reason, data: presentRequest(request) });
    return sendWebhook({ url: endpoint.url, secret: deps.box.decrypt(endpoint.secretCiphertext), id: notice.id, timestampSeconds: Math.floor(at.getTime() / 1000), body }, { allowPrivate: deps.config.outboundAllowPrivate });
  }
  const org = await organizationById(deps.database.db, notice.orgId);
  if (org?.contactEmail === null || org?.contactEmail === undefined) throw new Error('the organisation has no contact email');
  const email = notice.event === NOTICE_EVENTS.restore ? composeRestoreEmail(request, await restoreReason(deps.database.db, request.id), deps.config.publicUrl) : composeEmail(request, deps.config.publicUrl);
  await deps.mailer.send({ to: org.contactEmail, ...email });
  return null;
}

/** Why an appeal was upheld: the note of the request's latest `appeal_restored` line. */
async function restoreReason(db: Db, requestId: string): Promise<string> {
  const events = await repo.eventsOf(db, requestId);
  return events.filter((e) => e.kind === 'appeal_restored').at(-1)?.note ?? '';
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
