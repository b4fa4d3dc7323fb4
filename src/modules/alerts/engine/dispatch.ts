// Delivering the outbox. Workers run `deliverDue` every second: it claims what is due for a short
// lease (a whole group at once: a digest), renders each send in its recipient's language, sends it
// outside any transaction through the channel's adapter, and records the outcome: delivered (the
// group's window opens), or tried again after 30 s·2^(n−1), or — after the last attempt or a
// refusal that no retry can change — a dead letter. A recipient that has had its hourly share of
// messages waits (held: rate_limit) instead of being flooded.
import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.ts';
import type { Config } from '../../../core/config.ts';
import type { SecretBox } from '../../../core/crypto.ts';
import type { Database } from '../../../core/db.ts';
import { isLocale } from '../../../core/i18n.ts';
import { MailDeliveryError, type Mailer } from '../../../core/mail.ts';
import { resolveRecipient, sendTo, type Resolved } from './channels.ts';
import type { NotificationRow, Rendered } from './model.ts';
import * as repo from './repository.ts';
import { SmsError, type SmsSender } from './sms.ts';
import type { TemplateRegistry } from './templates.ts';

/** Attempts before a notification is a dead letter; waits double from 30 s (about an hour in all). */
export const MAX_ATTEMPTS = 8;
const FIRST_WAIT_MS = 30_000;
/** How long claimed rows are left alone before another worker may take them (a crashed sender). */
const LEASE_MS = 120_000;
const HOUR_MS = 3_600_000;
/** Sends claimed per run, rows per digest, and sends in flight at once (one recipient's in order). */
const BATCH = 200;
const GROUP_LIMIT = 1000;
const PARALLEL = 8;

/** The wait after `attempts` failed attempts. */
export function backoffMs(attempts: number): number {
  return FIRST_WAIT_MS * 2 ** Math.max(0, attempts - 1);
}

export type DeliveryDeps = {
  database: Database;
  box: SecretBox;
  clock: Clock;
  mailer: Mailer;
  sms: SmsSender;
  templates: TemplateRegistry;
  config: Pick<Config, 'publicUrl' | 'outboundAllowPrivate' | 'notifyPerRecipientPerHour'>;
  log?: Logger;
};

/** Deliver what is due now; the number of sends attempted (a digest counts once). */
export async function deliverDue(deps: DeliveryDeps): Promise<number> {
  const now = deps.clock.now();
  const sends = await deps.database.transaction((tx) => repo.claimDue(tx.db, now, new Date(now.getTime() + LEASE_MS), BATCH, GROUP_LIMIT));
  // One recipient's sends in order (the rate limit counts them); different recipients side by side.
  const byRecipient = new Map<string, NotificationRow[][]>();
  for (const rows of sends) {
    const key = rows[0]?.recipientKey ?? '';
    byRecipient.set(key, [...(byRecipient.get(key) ?? []), rows]);
  }
  const lanes = [...byRecipient.values()];
  const workers = Array.from({ length: Math.min(PARALLEL, lanes.length) }, async () => {
    for (let lane = lanes.shift(); lane !== undefined; lane = lanes.shift()) {
      for (const rows of lane) await deliverSend(deps, rows);
    }
  });
  await Promise.all(workers);
  return sends.length;
}

type Outcome = { ok: true; status: number | null } | { ok: false; status: number | null; error: string; permanent: boolean } | { held: Date };

async function deliverSend(deps: DeliveryDeps, rows: readonly NotificationRow[]): Promise<void> {
  const [first] = rows;
  if (first === undefined) return;
  const messageId = first.messageId ?? first.id;
  if (rows.some((r) => r.messageId !== messageId)) await repo.unifyMessageId(deps.database.db, rows.map((r) => r.id), messageId);
  const outcome = await attempt(deps, first, rows, messageId);
  const at = deps.clock.now();
  const ids = rows.map((r) => r.id);
  const template = deps.templates.get(first.template);
  // The lease this worker stamped: what it records applies only while it still holds the rows.
  const lease = first.nextAttemptAt;
  await deps.database.transaction(async (tx) => {
    if ('held' in outcome) {
      await repo.updateClaimed(tx.db, ids, lease, { nextAttemptAt: outcome.held, held: 'rate_limit' });
      return;
    }
    const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
    if (outcome.ok) {
      const delivered = await repo.updateClaimed(tx.db, ids, lease, { status: 'delivered', attempts, deliveredAt: at, lastStatus: outcome.status, lastError: null, held: null });
      if (delivered.length === 0) return;
      if (first.groupKey !== null && template.aggregation !== undefined) {
        const reopens = new Date(at.getTime() + template.aggregation.windowSeconds * 1000);
        await repo.setWindow(tx.db, first.groupKey, at, reopens);
        await repo.holdForWindow(tx.db, first.groupKey, reopens);
      }
      await template.onDelivered?.(tx.db, delivered, at);
      return;
    }
    const dead = outcome.permanent || attempts >= MAX_ATTEMPTS;
    const recorded = await repo.updateClaimed(tx.db, ids, lease, {
      status: dead ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: new Date(at.getTime() + backoffMs(attempts)),
      lastStatus: outcome.status,
      lastError: outcome.error,
      held: null,
    });
    if (dead && recorded.length > 0) await template.onFailed?.(tx.db, recorded, at);
  });
  if (!('held' in outcome) && !outcome.ok) deps.log?.warn({ notification: first.id, template: first.template, channel: first.channel, attempts: first.attempts + 1, error: outcome.error }, 'notification not delivered');
}

/** Render and send one message for `rows`, or say when the recipient may be sent to again. */
async function attempt(deps: DeliveryDeps, first: NotificationRow, rows: readonly NotificationRow[], messageId: string): Promise<Outcome> {
  try {
    if (first.channel !== 'in_app') {
      const since = new Date(deps.clock.now().getTime() - HOUR_MS);
      const sent = await repo.sentSince(deps.database.db, first.recipientKey, since);
      if (sent.messages >= deps.config.notifyPerRecipientPerHour && sent.earliest !== null) return { held: new Date(sent.earliest.getTime() + HOUR_MS) };
    }
    const recipient: Resolved = await resolveRecipient(deps, first);
    const locale = isLocale(first.locale) ? first.locale : 'vi';
    const rendered: Rendered = await deps.templates.render(first.template, { db: deps.database.db, locale, publicUrl: deps.config.publicUrl, box: deps.box }, rows.map((r) => r.data));
    const template = deps.templates.get(first.template);
    const status = await sendTo(deps, recipient, rendered, { messageId, type: template.webhookType ?? template.key, at: deps.clock.now() });
    return { ok: true, status };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): Outcome {
  const message = error instanceof Error ? error.message.slice(0, 300) : 'failed';
  if (error instanceof MailDeliveryError) return { ok: false, status: error.responseCode ?? null, error: message, permanent: error.permanent };
  if (error instanceof SmsError) return { ok: false, status: error.status, error: message, permanent: error.permanent };
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : null;
  const permanent = typeof error === 'object' && error !== null && 'permanent' in error && error.permanent === true;
  return { ok: false, status, error: message, permanent };
}
