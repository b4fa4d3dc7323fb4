// Reading advisories: the published list a reader may see (filters, cursor), one advisory by id or
// reference, the staff's list by status and one advisory with its history. Fail closed: what the
// reader may not see is "not found", whether it exists or not.
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { isUuid } from '../../../core/validate.ts';
import { requireAccess, type Context } from '../../identity/index.ts';
import { decodeCursor, pageOf } from '../../../core/cursor.ts';
import { ADVISORY_LIMITS, numberOfReference } from './model.ts';
import { managedAuthorities, mayManage, mayRead, reachesReader, readershipOf } from './policy.ts';
import * as repo from './repository.ts';

export type AdvisoryPage = { items: repo.AdvisoryRow[]; nextCursor: string | null };
export type PublishedQuery = { category?: string | undefined; severity?: string | undefined; since?: Date | undefined; cursor?: string | undefined; limit?: number | undefined };

const limitOf = (limit: number | undefined, fallback: number) => Math.min(Math.max(limit ?? fallback, 1), ADVISORY_LIMITS.pageSize);

/**
 * Published advisories, newest first: the public ones, and with `forReader` those aimed at the
 * reader's organisations. The Atom feed asks without a reader (shared caches hold it).
 */
export async function listPublishedAdvisories(db: Db, ctx: Context | null, query: PublishedQuery): Promise<AdvisoryPage> {
  const limit = limitOf(query.limit, 25);
  const readership = ctx === null ? { orgIds: [], orgKinds: [] } : readershipOf(ctx.actor);
  const rows = await repo.listPublished(db, { readership, category: query.category, severity: query.severity, since: query.since }, decodeCursor(query.cursor), limit);
  return pageOf(rows, limit, (row) => row.publishedAt);
}

/** A published advisory the reader may see, by id, reference (`CB-000042`) or number. */
export async function publishedAdvisory(db: Db, ctx: Context, reference: string): Promise<repo.AdvisoryRow> {
  const number = numberOfReference(reference);
  const row = isUuid(reference) ? await repo.findAdvisory(db, reference.toLowerCase()) : number === null ? null : await repo.findByNumber(db, number);
  if (row === null || row.status !== 'published' || !reachesReader(row, readershipOf(ctx.actor))) throw new AppError('NOT_FOUND');
  return row;
}

/** One advisory by id for the API: a published one the reader may see, or any of the staff's own. */
export async function readableAdvisory(db: Db, ctx: Context, id: string): Promise<{ row: repo.AdvisoryRow; staff: boolean; events: repo.AdvisoryEventRow[] }> {
  const row = await repo.findAdvisory(db, id);
  if (row === null || !mayRead(ctx.actor, row)) throw new AppError('NOT_FOUND');
  const staff = mayManage(ctx.actor, row);
  return { row, staff, events: staff ? await repo.eventsOf(db, row.id) : [] };
}

export type ManagedQuery = { status?: string | undefined; cursor?: string | undefined; limit?: number | undefined };

/** The advisories of the actor's authority (the national centre: all), most recently changed first. */
export async function listManagedAdvisories(db: Db, ctx: Context, query: ManagedQuery): Promise<AdvisoryPage> {
  requireAccess(ctx.actor, 'advisory.write');
  const limit = limitOf(query.limit, 50);
  const rows = await repo.listManaged(db, { authorOrgIds: managedAuthorities(ctx.actor), status: query.status }, decodeCursor(query.cursor), limit);
  return pageOf(rows, limit, (row) => row.updatedAt);
}

/** One advisory in the staff views, with its history. */
export async function managedAdvisory(db: Db, ctx: Context, id: string): Promise<{ row: repo.AdvisoryRow; events: repo.AdvisoryEventRow[] }> {
  requireAccess(ctx.actor, 'advisory.write');
  const row = isUuid(id) ? await repo.findAdvisory(db, id.toLowerCase()) : null;
  if (row === null || !mayManage(ctx.actor, row)) throw new AppError('NOT_FOUND');
  return { row, events: await repo.eventsOf(db, row.id) };
}
