// An advisory's review: the writer submits a draft; a supervisor or admin returns it with a note or,
// if they did not write it, approves it — which publishes it and announces `advisory.published` in
// the same transaction — and later archives it. Each step locks the row, checks who and what state,
// and writes its history line and audit entry with the change.
import type { Db, Tx } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import type { EventBus } from '../../../core/events.ts';
import type { Context } from '../../identity/index.ts';
import { recordStep, writerIdOf } from './drafting.ts';
import { ADVISORY_LIMITS, ADVISORY_PUBLISHED, type AdvisoryPublished, type Audience, type OrgKind, type Severity } from './model.ts';
import { requireStaffStep, requireStatus } from './policy.ts';
import * as repo from './repository.ts';

/** Send a draft for review (the staff who may write it). */
export async function submitAdvisory(tx: Db, ctx: Context, id: string): Promise<repo.AdvisoryRow> {
  const row = requireStaffStep(ctx.actor, 'advisory.write', await repo.lockAdvisory(tx, id), false);
  requireStatus(row, 'draft');
  const updated = await repo.updateAdvisory(tx, row.id, { status: 'in_review', submittedAt: ctx.now, updatedAt: ctx.now });
  await recordStep(tx, ctx, updated, 'submitted', null);
  return updated;
}

/** Send an advisory in review back to draft, saying what to change (a reviewer of its authority or the national centre). */
export async function returnAdvisory(tx: Db, ctx: Context, id: string, note: string): Promise<repo.AdvisoryRow> {
  const row = requireStaffStep(ctx.actor, 'advisory.approve', await repo.lockAdvisory(tx, id), true);
  requireStatus(row, 'in_review');
  const said = note.trim();
  if ([...said].length < ADVISORY_LIMITS.noteMin || [...said].length > ADVISORY_LIMITS.note) {
    throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'note', message: `${ADVISORY_LIMITS.noteMin}–${ADVISORY_LIMITS.note} characters saying what to change` }]);
  }
  const updated = await repo.updateAdvisory(tx, row.id, { status: 'draft', updatedAt: ctx.now });
  await recordStep(tx, ctx, updated, 'returned', said);
  return updated;
}

/**
 * Approve and publish (four eyes): a reviewer who is not the author, and a person — a token could
 * be the author's own, so it never approves. The event goes out in this transaction (outbox).
 */
export async function approveAdvisory(tx: Tx, ctx: Context, id: string, events: EventBus): Promise<repo.AdvisoryRow> {
  const row = requireStaffStep(ctx.actor, 'advisory.approve', await repo.lockAdvisory(tx.db, id), true);
  requireStatus(row, 'in_review');
  const approver = writerIdOf(ctx.actor);
  if (ctx.actor.type !== 'user' || approver === null || approver === row.authorUserId) {
    throw new AppError('APPROVAL_BY_ANOTHER', 'A supervisor or admin other than the author must approve this advisory, in person (not with an API token).');
  }
  const published = await repo.updateAdvisory(tx.db, row.id, { status: 'published', approvedBy: approver, publishedAt: ctx.now, updatedAt: ctx.now });
  await recordStep(tx.db, ctx, published, 'approved', null);
  await recordStep(tx.db, ctx, published, 'published', null, { audience: published.audience, severity: published.severity });
  await events.publish(tx, { type: ADVISORY_PUBLISHED, aggregateId: published.id, payload: publishedPayload(published) }, ctx.now);
  return published;
}

/** Take a published advisory out of the lists and feeds (a supervisor or admin); its page stays for staff. */
export async function archiveAdvisory(tx: Db, ctx: Context, id: string): Promise<repo.AdvisoryRow> {
  const row = requireStaffStep(ctx.actor, 'advisory.approve', await repo.lockAdvisory(tx, id), true);
  requireStatus(row, 'published');
  const updated = await repo.updateAdvisory(tx, row.id, { status: 'archived', archivedAt: ctx.now, updatedAt: ctx.now });
  await recordStep(tx, ctx, updated, 'archived', null);
  return updated;
}

/** The event payload: what a subscriber needs to choose recipients, nothing of the text. */
export function publishedPayload(row: repo.AdvisoryRow): AdvisoryPublished {
  return {
    advisoryId: row.id,
    number: row.number,
    // Stored only through checkContent, so these are the model's values.
    severity: row.severity as Severity,
    categories: row.categories,
    audience: row.audience as Audience,
    audienceOrgKind: row.audienceOrgKind as OrgKind | null,
    audienceOrgId: row.audienceOrgId,
  };
}
