// The takedown sweeps, run by workers every half minute (and by tests with a moved clock): open
// requests past their deadline become overdue (a history line each, on the supervisors' overdue
// list) and, given the notifier, are escalated to the issuer's supervisors (one digest each, by the
// notification engine's aggregation); open requests nearing their deadline get one reminder, as
// long before it as the rule `takedown.reminder_before` says, sent to the recipient the same way.
import type { Database, Db, Tx } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit, type Context } from '../identity/index.ts';
import { ruleAt } from '../rules/index.ts';
import type { Notifier } from '../alerts/index.ts';
import { queueEscalations } from './escalation.ts';
import { REMINDER_RULE } from './model.ts';
import { queueNotices } from './notices.ts';
import * as repo from './repository.ts';

/** Requests handled per transaction: each batch commits on its own, so a long sweep holds no lock for long. */
const BATCH = 500;

export type SweepResult = { overdue: number; reminded: number };

/** Run both sweeps to the end at `now`; with the notifier, overdue requests are escalated and reminders sent. */
export async function sweepTakedowns(database: Database, now: Date, deps: { notifier?: Notifier } = {}): Promise<SweepResult> {
  const ctx: Context = { actor: { type: 'system', label: 'takedown-sweep' }, requestId: null, now };
  const result: SweepResult = { overdue: 0, reminded: 0 };
  for (;;) {
    const done = await database.transaction((tx) => markOverdue(tx, ctx, deps.notifier));
    result.overdue += done;
    if (done < BATCH) break;
  }
  const lead = await reminderLead(database.db, now);
  if (lead === null) return result;
  for (;;) {
    const done = await database.transaction((tx) => remind(tx, ctx, new Date(now.getTime() + lead), deps.notifier));
    result.reminded += done;
    if (done < BATCH) break;
  }
  return result;
}

/** One batch of newly overdue requests: stamped, a history line each, one audit entry for the batch. */
async function markOverdue(tx: Tx, ctx: Context, notifier: Notifier | undefined): Promise<number> {
  const rows = await repo.newlyOverdue(tx.db, ctx.now, BATCH);
  await markBatch(tx.db, ctx, rows, 'overdue', { overdueAt: ctx.now });
  if (notifier !== undefined && rows.length > 0) await queueEscalations(tx.db, notifier, rows, ctx.now);
  return rows.length;
}

async function remind(tx: Tx, ctx: Context, horizon: Date, notifier: Notifier | undefined): Promise<number> {
  const rows = await repo.dueForReminder(tx.db, ctx.now, horizon, BATCH);
  await markBatch(tx.db, ctx, rows, 'reminded', { remindedAt: ctx.now });
  if (notifier !== undefined) for (const row of rows) await queueNotices(tx.db, notifier, row, ctx.now, 'takedown.reminder');
  return rows.length;
}

/** Stamp a batch (one statement), a history line per request, one audit entry for the batch. */
async function markBatch(tx: Db, ctx: Context, rows: readonly repo.RequestRow[], kind: 'overdue' | 'reminded', stamp: { overdueAt: Date } | { remindedAt: Date }): Promise<void> {
  if (rows.length === 0) return;
  await repo.stampRequests(
    tx,
    rows.map((r) => r.id),
    { ...stamp, updatedAt: ctx.now },
  );
  await repo.insertEvents(
    tx,
    rows.map((r) => ({ requestId: r.id, kind, actorOrgId: null, actorName: 'system', note: null, at: ctx.now })),
  );
  await recordAudit(tx, ctx, { orgId: null, action: `takedown.${kind}`, subjectType: 'takedown_request', subjectId: null, summary: { numbers: rows.map((r) => r.number) } });
}

/** How long before a deadline the reminder goes, in ms; null when no version of the rule is in force. */
async function reminderLead(db: Db, now: Date): Promise<number | null> {
  try {
    const version = await ruleAt(db, REMINDER_RULE, now);
    const hours = typeof version.value === 'number' ? version.value : null;
    return hours === null || version.unit !== 'hours' ? null : hours * 3_600_000;
  } catch (error) {
    if (error instanceof AppError && error.code === 'RULE_NOT_FOUND') return null;
    throw error;
  }
}
