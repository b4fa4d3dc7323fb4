// Writing an advisory: an authority's analyst, supervisor or admin creates a draft, and the staff of
// the same authority edit it while it is a draft. Row, history line and audit entry commit together.
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { auditOrg, recordAudit, requireAccess, type Actor, type Context } from '../../identity/index.ts';
import type { LiveIndex } from '../../reputation/index.ts';
import { checkContent, contentOf, type AdvisoryContent, type CheckedContent } from './content.ts';
import type { AdvisoryEventKind } from './model.ts';
import { requireStaffStep, requireStatus } from './policy.ts';
import * as repo from './repository.ts';

/** What drafting needs besides the database: the live index (linked indicators must be listed). */
export type DraftingDeps = { live: LiveIndex };

/**
 * Who writes: a user by their id, a token by its id (a token is not a person, so it can never be
 * the "other" reviewer of its own advisory either).
 */
export function writerIdOf(actor: Actor): string | null {
  if (actor.type === 'user') return actor.userId;
  if (actor.type === 'token') return actor.tokenId;
  return null;
}

/** Create a draft (authority staff). The caller opens the transaction. */
export async function createAdvisory(tx: Db, ctx: Context, input: AdvisoryContent, deps: DraftingDeps): Promise<repo.AdvisoryRow> {
  requireAccess(ctx.actor, 'advisory.write');
  const authorOrgId = auditOrg(ctx.actor);
  const authorUserId = writerIdOf(ctx.actor);
  if (authorOrgId === null || authorUserId === null) throw new AppError('FORBIDDEN');
  const content = await checkContent(tx, ctx, deps.live, input, null);
  const row = await repo.insertAdvisory(tx, { ...columnsOf(content), status: 'draft', authorOrgId, authorUserId, createdAt: ctx.now, updatedAt: ctx.now });
  await recordStep(tx, ctx, row, 'created', null);
  return row;
}

/** Change a draft: the fields given replace the draft's, the rest stay (the same staff who may write it). */
export async function editAdvisory(tx: Db, ctx: Context, id: string, changes: Partial<AdvisoryContent>, deps: DraftingDeps): Promise<repo.AdvisoryRow> {
  const row = requireStaffStep(ctx.actor, 'advisory.write', await repo.lockAdvisory(tx, id), false);
  requireStatus(row, 'draft');
  const before = contentOf(row);
  const fields = Object.keys(changes).filter((key) => changes[key as keyof AdvisoryContent] !== undefined);
  const content = await checkContent(tx, ctx, deps.live, merged(before, changes), before);
  const updated = await repo.updateAdvisory(tx, row.id, { ...columnsOf(content), updatedAt: ctx.now });
  await recordStep(tx, ctx, updated, 'edited', null, { fields });
  return updated;
}

/** The draft with the changes given; a new audience drops the other audiences' organisation kind or id unless they are given too. */
function merged(before: AdvisoryContent, changes: Partial<AdvisoryContent>): AdvisoryContent {
  const audience = changes.audience ?? before.audience;
  const moved = changes.audience !== undefined && changes.audience !== before.audience;
  return {
    title: changes.title ?? before.title,
    body: changes.body ?? before.body,
    severity: changes.severity ?? before.severity,
    categories: changes.categories ?? before.categories,
    indicatorIds: changes.indicatorIds ?? before.indicatorIds,
    caseIds: changes.caseIds ?? before.caseIds,
    campaignRefs: changes.campaignRefs ?? before.campaignRefs,
    audience,
    audienceOrgKind: changes.audienceOrgKind !== undefined ? changes.audienceOrgKind : moved && audience !== 'org_kind' ? null : before.audienceOrgKind,
    audienceOrgId: changes.audienceOrgId !== undefined ? changes.audienceOrgId : moved && audience !== 'org' ? null : before.audienceOrgId,
  };
}

function columnsOf(content: CheckedContent) {
  return {
    severity: content.severity,
    categories: content.categories,
    titleVi: content.title.vi,
    titleEn: content.title.en,
    bodyVi: content.body.vi,
    bodyEn: content.body.en,
    audience: content.audience,
    audienceOrgKind: content.audienceOrgKind,
    audienceOrgId: content.audienceOrgId,
    indicatorIds: content.indicatorIds,
    caseIds: content.caseIds,
    campaignRefs: content.campaignRefs,
  };
}

/** One step of an advisory's life: a history line and an audit entry, in the caller's transaction. */
export async function recordStep(tx: Db, ctx: Context, row: repo.AdvisoryRow, kind: AdvisoryEventKind, note: string | null, summary: Record<string, unknown> = {}): Promise<void> {
  await repo.insertEvents(tx, [{ advisoryId: row.id, kind, actorUserId: writerIdOf(ctx.actor), note, at: ctx.now }]);
  await recordAudit(tx, ctx, {
    orgId: row.authorOrgId,
    action: `advisory.${kind}`,
    subjectType: 'advisory',
    subjectId: row.id,
    summary: { number: row.number, status: row.status, ...summary },
  });
}
