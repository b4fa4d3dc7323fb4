// Escalation of overdue requests to the issuing authority's supervisors: each newly overdue request
// becomes a notification to each supervisor and admin of its issuer (routed complaints: the national
// centre), written in the sweep batch's transaction and aggregated by the notification engine, so a
// thousand late answers are one digest per supervisor, not a thousand emails.
import { Type } from 'typebox';
import type { Db } from '../../core/db.ts';
import { defineTemplate, type Notifier } from '../alerts/index.ts';
import { organizationsByIds, supervisorsOf } from '../identity/index.ts';
import { ACTION_LABELS } from './messages.ts';
import { referenceOf, type TakedownAction } from './model.ts';
import * as repo from './repository.ts';

/** Queue the escalation of one sweep batch (inside its transaction): per request, per supervisor of its issuer. */
export async function queueEscalations(tx: Db, notifier: Notifier, rows: readonly repo.RequestRow[], now: Date): Promise<void> {
  const byIssuer = new Map<string | null, repo.RequestRow[]>();
  for (const row of rows) byIssuer.set(row.issuerOrgId, [...(byIssuer.get(row.issuerOrgId) ?? []), row]);
  for (const [issuerOrgId, requests] of byIssuer) {
    const supervisors = await supervisorsOf(tx, issuerOrgId);
    const specs = supervisors.flatMap((supervisor) =>
      requests.map((request) => ({
        recipient: { channel: 'email' as const, address: supervisor.email },
        template: 'takedown.overdue',
        locale: 'vi' as const,
        data: { requestId: request.id },
        orgId: issuerOrgId,
        subject: { type: 'takedown_request', id: request.id },
        dedupeKey: `takedown.overdue:${request.id}:${supervisor.userId}`,
        aggregateKey: `issuer:${issuerOrgId ?? 'national'}`,
      })),
    );
    await notifier.queue(tx, specs, now);
  }
}

/** The overdue digest template: one line per request still unanswered when the digest goes. */
export const escalationTemplate = defineTemplate({
  key: 'takedown.overdue',
  description: { vi: 'Yêu cầu quá hạn, gửi lãnh đạo cơ quan ban hành', en: 'Overdue requests, to the issuing authority’s supervisors' },
  channels: ['email'],
  data: Type.Object({ requestId: Type.String({ format: 'uuid' }) }),
  sample: { requestId: '00000000-0000-4000-8000-000000000000' },
  // Overdue marks of one sweep go together; then at most one digest every 15 minutes per supervisor.
  aggregation: { gatherSeconds: 60, windowSeconds: 900 },
  render: (ctx, data) => digestOf(ctx.db, [data.requestId], ctx.publicUrl),
  renderDigest: (ctx, items) => digestOf(ctx.db, items.map((i) => i.requestId), ctx.publicUrl),
});

async function digestOf(db: Db, requestIds: readonly string[], publicUrl: string) {
  const requests = await repo.requestsByIds(db, requestIds);
  const recipients = await organizationsByIds(db, [...new Set(requests.map((r) => r.recipientOrgId))]);
  return composeDigest(requests, new Map(recipients.map((o) => [o.id, o.name])), publicUrl);
}

// A request answered between the overdue mark and the digest is still listed (it was late), marked.
const ANSWERED = { vi: ' (đã trả lời sau hạn)', en: ' (answered late)' };

/** The digest: how many, then one line per request (reference, recipient, action, link), Vietnamese first. */
export function composeDigest(requests: readonly repo.RequestRow[], recipientNames: ReadonlyMap<string, string>, publicUrl: string): { subject: string; text: string } {
  const lines = (locale: 'vi' | 'en') =>
    requests.map((r) => `  - ${referenceOf(r.number)} · ${recipientNames.get(r.recipientOrgId) ?? ''} · ${ACTION_LABELS[r.action as TakedownAction][locale]} · ${publicUrl}/takedowns/${r.id}${r.respondedAt === null ? '' : ANSWERED[locale]}`);
  const text = [
    `${requests.length} yêu cầu gỡ bỏ, chặn đã quá hạn mà bên nhận chưa trả lời:`,
    ...lines('vi'),
    `Danh sách quá hạn: ${publicUrl}/takedowns?overdue=true`,
    '',
    `${requests.length === 1 ? 'A takedown or blocking request is' : `${requests.length} takedown or blocking requests are`} past the deadline without an answer:`,
    ...lines('en'),
    `Overdue list: ${publicUrl}/takedowns?overdue=true`,
  ];
  const requestsEn = requests.length === 1 ? '1 overdue request' : `${requests.length} overdue requests`;
  return { subject: `[antoan] ${requests.length} yêu cầu quá hạn cần đôn đốc / ${requestsEn} to follow up`, text: text.join('\n') };
}
