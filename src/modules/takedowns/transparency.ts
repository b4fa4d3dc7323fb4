// The public transparency database: statements of reasons with search and filters, the daily
// dumps, and the per-organisation table. Public by design, so nothing here needs an actor —
// and nothing here holds a target value or a person.
import type { Db } from '../../core/db.ts';
import { organizationsByIds, requireAccess, type Context } from '../identity/index.ts';
import { appealFiguresByOrganization, type AppealFigures } from './appeals/figures.ts';
import { decodeCursor, encodeCursor, type Position } from '../../core/cursor.ts';
import { TAKEDOWN_LIMITS } from './model.ts';
import * as repo from './repository.ts';

export type StatementQuery = repo.StatementFilter & { cursor?: string | undefined; limit?: number | undefined };

/** One page of published statements, newest first. */
export async function searchStatements(db: Db, query: StatementQuery): Promise<{ items: repo.StatementRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), TAKEDOWN_LIMITS.pageSize);
  const rows = await repo.listStatements(db, query, decodeCursor(query.cursor), limit);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ at: last.publishedAt, id: last.id }) : null };
}

/** Every statement published in [from, until), oldest first, read a page at a time (the daily dumps). */
export async function* allStatementsBetween(db: Db, from: Date, until: Date): AsyncGenerator<repo.StatementRow> {
  let after: Position | null = null;
  for (;;) {
    const rows = await repo.statementsFrom(db, from, after, 1000, until);
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < 1000 || last === undefined) return;
    after = { at: last.publishedAt, id: last.id };
  }
}

export type OrganizationFigures = repo.RecipientFigures & AppealFigures & { name: string; kind: string; onTimeShare: number | null };

/** The per-organisation table (public): requests, share answered on time, median hours to action, declined, appealed and restored. */
export async function figuresByOrganization(db: Db, now: Date): Promise<OrganizationFigures[]> {
  const figures = await repo.recipientFigures(db, now, null);
  const orgs = new Map((await organizationsByIds(db, figures.map((f) => f.orgId))).map((o) => [o.id, o]));
  const appeals = await appealFiguresByOrganization(db);
  return figures
    .map((f) => ({ ...f, ...(appeals.get(f.orgId) ?? { appealed: 0, restored: 0 }), name: orgs.get(f.orgId)?.name ?? '', kind: orgs.get(f.orgId)?.kind ?? '', onTimeShare: shareOnTime(f) }))
    .sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
}

/** An organisation's own figures, for its inbox (its members only). */
export async function ownFigures(db: Db, ctx: Context, orgId: string): Promise<repo.RecipientFigures & { onTimeShare: number | null }> {
  requireAccess(ctx.actor, 'takedown.receive', orgId);
  const [figures] = await repo.recipientFigures(db, ctx.now, orgId);
  const empty = { orgId, requests: 0, answered: 0, onTime: 0, late: 0, actioned: 0, declined: 0, open: 0, overdue: 0, medianHoursToAction: null };
  return { ...(figures ?? empty), onTimeShare: shareOnTime(figures ?? empty) };
}

/** Answered on time among those whose time is up or that were answered; null before any. */
function shareOnTime(f: Pick<repo.RecipientFigures, 'onTime' | 'late'>): number | null {
  const decided = f.onTime + f.late;
  return decided === 0 ? null : f.onTime / decided;
}
