// What authority staff do with indicators by hand: search them, read one with its full history,
// list a value themselves (source `staff`) and revoke a listing. The API and the staff pages
// share these use cases; each authorises first.
import type { Db, Tx } from '../../core/db.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { auditOrg, recordAudit, requireAccess, type Context } from '../identity/index.ts';
import { CATEGORY_CODES } from '../cases/index.ts';
import { parseTarget, TargetError, type Target, type TargetType } from '../targets/index.ts';
import { indicatorById, searchIndicators } from './indicator-search.ts';
import { applyListings, revokeIndicators } from './listings.ts';
import type { IndicatorSource, IndicatorStatus, IndicatorVerdict } from './model.ts';
import * as repo from './repository.ts';
import type { IndexedRow, IndicatorChangeRow, IndicatorRow } from './repository.ts';
import { TtlPolicy } from './ttl.ts';

/** Confidence of a value staff list themselves, unless they say otherwise. */
export const STAFF_CONFIDENCE = 90;
/** Longest search query, reason and note. */
export const MAX_QUERY_LENGTH = 2048;
export const MAX_NOTE_LENGTH = 2000;
export const MIN_NOTE_LENGTH = 3;
export const MAX_EVIDENCE_URL_LENGTH = 2048;
export const MAX_PAGE_SIZE = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type IndicatorQuery = {
  q?: string | undefined;
  type?: TargetType | undefined;
  verdict?: IndicatorVerdict | undefined;
  status?: IndicatorStatus | undefined;
  source?: IndicatorSource | undefined;
  limit: number;
  /** The `next` cursor of the previous page. */
  after?: number | undefined;
};

/** A page of indicators and the cursor of the next one (null on the last page). */
export type IndicatorPage = { rows: IndexedRow[]; next: number | null };

/** Whether the check counts a listing at `now`: active and not past its expiry. */
export function isInForce(row: Pick<IndicatorRow, 'status' | 'expiresAt'>, now: Date): boolean {
  return row.status === 'active' && (row.expiresAt === null || row.expiresAt > now);
}

/** The normal form of a search query, when it parses as a value of a type (not free text). */
function normalisedQuery(q: string, type: TargetType | undefined): string | null {
  try {
    const target = parseTarget(q, type);
    return target.type === 'text' ? null : target.value;
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

/** Indicators for staff, most recently changed first, a page at a time. */
export async function listIndicators(db: Db, ctx: Context, query: IndicatorQuery): Promise<IndicatorPage> {
  requireAccess(ctx.actor, 'indicator.read');
  const q = query.q?.trim() ?? '';
  const limit = Math.min(Math.max(query.limit, 1), MAX_PAGE_SIZE);
  const rows = await searchIndicators(db, {
    contains: q === '' ? null : q,
    prefix: q === '' ? null : normalisedQuery(q, query.type),
    type: query.type ?? null,
    verdict: query.verdict ?? null,
    status: query.status ?? null,
    source: query.source ?? null,
    before: query.after ?? null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? (page.at(-1)?.serial ?? null) : null };
}

/** An indicator, every line of its history (newest first) and the other listings of its value. */
export type IndicatorDetail = { indicator: IndexedRow; history: IndicatorChangeRow[]; others: IndicatorRow[] };

/** One indicator for staff, or 404. */
export async function indicatorDetail(db: Db, ctx: Context, id: string): Promise<IndicatorDetail> {
  requireAccess(ctx.actor, 'indicator.read');
  const indicator = UUID.test(id) ? await indicatorById(db, id) : null;
  if (indicator === null) throw new AppError('NOT_FOUND');
  const history = await repo.historyOf(db, id);
  const sameValue = await repo.indicatorsOfValue(db, indicator.type, indicator.value);
  return { indicator, history, others: sameValue.filter((row) => row.id !== id) };
}

export type ManualListingInput = {
  value: string;
  type?: TargetType | undefined;
  verdict: IndicatorVerdict;
  categories: readonly string[];
  confidence?: number | undefined;
  evidenceUrl?: string | undefined;
  note: string;
};

/** What listing a value by hand did: listed it, changed the staff listing, or nothing (same content). */
export type ManualListingChange = 'listed' | 'updated' | 'unchanged';

function checkNote(field: string, note: string, problems: ErrorDetail[]): void {
  const length = note.trim().length;
  if (length < MIN_NOTE_LENGTH || length > MAX_NOTE_LENGTH) problems.push({ field, message: `must be ${MIN_NOTE_LENGTH}–${MAX_NOTE_LENGTH} characters` });
}

function isWebAddress(value: string): boolean {
  if (value.length > MAX_EVIDENCE_URL_LENGTH) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The target of a manual listing, or every problem of the input at once. */
function prepareListing(input: ManualListingInput): Target {
  const problems: ErrorDetail[] = [];
  let target: Target | null = null;
  try {
    target = parseTarget(input.value, input.type);
    if (target.type === 'text' && input.type === undefined) {
      problems.push({ field: 'value', code: 'TARGET_TYPE_UNKNOWN', message: 'not recognised as a link, domain, phone, account, email, IP or hash; choose a type to list it as text' });
    }
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    problems.push({ field: 'value', code: error.code, message: error.reason });
  }
  const unknown = input.categories.filter((c) => !(CATEGORY_CODES as readonly string[]).includes(c));
  if (unknown.length > 0) problems.push({ field: 'categories', message: `unknown categories: ${unknown.join(', ')}` });
  else if (input.verdict !== 'trusted' && input.categories.length === 0) problems.push({ field: 'categories', message: 'a dangerous or suspicious listing needs at least one category' });
  if (input.confidence !== undefined && (!Number.isInteger(input.confidence) || input.confidence < 0 || input.confidence > 100)) problems.push({ field: 'confidence', message: 'must be a whole number from 0 to 100' });
  if (input.evidenceUrl !== undefined && !isWebAddress(input.evidenceUrl)) problems.push({ field: 'evidenceUrl', message: 'must be an http or https address' });
  checkNote('note', input.note, problems);
  if (problems.length > 0 || target === null) {
    const targetProblem = problems.some((p) => p.field === 'value');
    throw new AppError(targetProblem ? 'TARGET_INVALID' : 'VALIDATION_FAILED', undefined, problems);
  }
  return target;
}

/**
 * Staff list a value themselves (source and key `staff`). Listing it again updates the staff
 * listing; a revoked staff listing is reinstated — staff have looked again. Audited.
 */
export async function listIndicatorByHand(tx: Tx, ctx: Context, input: ManualListingInput): Promise<{ indicator: IndicatorRow; change: ManualListingChange }> {
  requireAccess(ctx.actor, 'indicator.manage');
  const target = prepareListing(input);
  const note = input.note.trim();
  const listing = {
    type: target.type,
    value: target.value,
    verdict: input.verdict,
    categories: [...new Set(input.categories)],
    confidence: input.confidence ?? STAFF_CONFIDENCE,
    source: 'staff' as const,
    sourceKey: 'staff',
    evidenceUrl: input.evidenceUrl ?? null,
  };
  const result = await applyListings(tx, ctx, [listing], { ttl: await TtlPolicy.load(tx.db), reinstate: true, note });
  const [indicator] = await repo.findByKeys(tx.db, [listing]);
  if (indicator === undefined) throw new Error('a listing just applied is missing');
  const change: ManualListingChange = result.added > 0 ? 'listed' : result.updated > 0 ? 'updated' : 'unchanged';
  if (change !== 'unchanged') {
    await recordAudit(tx.db, ctx, {
      orgId: auditOrg(ctx.actor),
      action: change === 'listed' ? 'indicator.listed' : 'indicator.updated',
      subjectType: 'indicator',
      subjectId: indicator.id,
      summary: { type: indicator.type, value: indicator.value, verdict: indicator.verdict, categories: indicator.categories, serial: result.serial, note },
    });
  }
  return { indicator, change };
}

/**
 * Revoke one listing (a mistake, or the owner proved it wrong): it leaves the index and every
 * feed at the next serial. Revoking a revoked listing changes nothing. Audited.
 */
export async function revokeIndicator(tx: Tx, ctx: Context, id: string, reason: string): Promise<{ indicator: IndicatorRow; changed: boolean }> {
  requireAccess(ctx.actor, 'indicator.manage');
  const problems: ErrorDetail[] = [];
  checkNote('reason', reason, problems);
  const found = UUID.test(id) ? await repo.findIndicator(tx.db, id) : null;
  if (found === null) throw new AppError('NOT_FOUND');
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', undefined, problems);
  const note = reason.trim();
  const [revoked] = await revokeIndicators(tx, ctx, [id], note);
  if (revoked === undefined) return { indicator: found, changed: false };
  const indicator = (await repo.findIndicator(tx.db, id)) ?? found;
  await recordAudit(tx.db, ctx, {
    orgId: auditOrg(ctx.actor),
    action: 'indicator.revoked',
    subjectType: 'indicator',
    subjectId: id,
    summary: { type: indicator.type, value: indicator.value, previousStatus: found.status, serial: indicator.serial, reason: note },
  });
  return { indicator, changed: true };
}
