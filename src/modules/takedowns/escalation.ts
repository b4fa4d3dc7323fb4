// Escalation of overdue requests to the issuing authority's supervisors: each sweep batch of newly
// overdue requests becomes one job per issuing organisation (routed complaints: the national
// centre), written in the batch's transaction; the job emails each supervisor and admin one digest
// that lists the requests, so a thousand late answers are one email, not a thousand.
import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database, Tx } from '../../core/db.ts';
import { withIdempotency } from '../../core/idempotency.ts';
import { defineJob, MAIL_JOB_RETRY, type JobQueue } from '../../core/jobs.ts';
import type { Mailer } from '../../core/mail.ts';
import { organizationsByIds, supervisorsOf } from '../identity/index.ts';
import { ACTION_LABELS } from './messages.ts';
import { referenceOf, type TakedownAction } from './model.ts';
import * as repo from './repository.ts';

const EscalationPayload = Type.Object({
  issuerOrgId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  requestIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 1000 }),
});

/** Email the issuer's supervisors a digest of requests that became overdue. */
export const escalateJob = { name: 'takedowns.escalate', payload: EscalationPayload };

/** Queue the escalation digests of one sweep batch (inside its transaction). */
export async function queueEscalations(tx: Tx, jobs: JobQueue, rows: readonly repo.RequestRow[]): Promise<void> {
  const byIssuer = new Map<string | null, string[]>();
  for (const row of rows) byIssuer.set(row.issuerOrgId, [...(byIssuer.get(row.issuerOrgId) ?? []), row.id]);
  for (const [issuerOrgId, requestIds] of byIssuer) await jobs.enqueue(tx, escalateJob, { issuerOrgId, requestIds });
}

type Deps = { database: Database; mailer: Mailer; clock: Clock; publicUrl: string };

export function escalateTakedowns(deps: Deps) {
  return defineJob({
    ...escalateJob,
    ...MAIL_JOB_RETRY,
    async handler(payload, meta) {
      const requests = (await repo.requestsByIds(deps.database.db, payload.requestIds)).filter((r) => r.overdueAt !== null && r.respondedAt === null && r.withdrawnAt === null);
      if (requests.length === 0) return;
      const recipients = await organizationsByIds(deps.database.db, [...new Set(requests.map((r) => r.recipientOrgId))]);
      const names = new Map(recipients.map((o) => [o.id, o.name]));
      const email = composeDigest(requests, names, deps.publicUrl);
      // One claim per supervisor: a retry after a partial failure sends only to those not reached yet.
      for (const supervisor of await supervisorsOf(deps.database.db, payload.issuerOrgId)) {
        await deps.database.transaction(async (tx) => {
          const claim = { scope: 'takedown-escalation', key: `${meta.id}:${supervisor.userId}`, request: payload, now: deps.clock.now() };
          await withIdempotency(tx.db, claim, async () => {
            await deps.mailer.send({ to: supervisor.email, ...email });
            return { status: 200, body: {} };
          });
        });
      }
    },
  });
}

/** The digest: how many, then one line per request (reference, recipient, action, how late), Vietnamese first. */
export function composeDigest(requests: readonly repo.RequestRow[], recipientNames: ReadonlyMap<string, string>, publicUrl: string): { subject: string; text: string } {
  const lines = (locale: 'vi' | 'en') =>
    requests.map((r) => `  - ${referenceOf(r.number)} · ${recipientNames.get(r.recipientOrgId) ?? ''} · ${ACTION_LABELS[r.action as TakedownAction][locale]} · ${publicUrl}/takedowns/${r.id}`);
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
