// What an advisory says and links to, checked as a whole before it is stored: both languages,
// severity, categories, linked indicators (listed now), cases (the writer can see them), campaign
// references and the audience. Every problem is named by field, together, in one 400.
import type { Db } from '../../../core/db.ts';
import { AppError, type ErrorDetail } from '../../../core/errors.ts';
import { isUuid } from '../../../core/validate.ts';
import { CATEGORY_CODES, requireCaseVisible } from '../../cases/index.ts';
import { organizationById, type Context } from '../../identity/index.ts';
import type { LiveIndex } from '../../reputation/index.ts';
import { ADVISORY_LIMITS as L, AUDIENCES, isOneOf, ORG_KINDS, SEVERITIES, type Audience, type OrgKind, type Severity } from './model.ts';
import type { AdvisoryRow } from './repository.ts';

type Both = { vi: string; en: string };

/** An advisory's content as a writer sends it. */
export type AdvisoryContent = {
  title: Both;
  body: Both;
  severity: string;
  categories: readonly string[];
  indicatorIds: readonly string[];
  caseIds: readonly string[];
  campaignRefs: readonly string[];
  audience: string;
  audienceOrgKind: string | null;
  audienceOrgId: string | null;
};

/** The same, checked and in stored form. */
export type CheckedContent = Omit<AdvisoryContent, 'severity' | 'audience' | 'audienceOrgKind' | 'categories' | 'indicatorIds' | 'caseIds' | 'campaignRefs'> & {
  severity: Severity;
  audience: Audience;
  audienceOrgKind: OrgKind | null;
  categories: string[];
  indicatorIds: string[];
  caseIds: string[];
  campaignRefs: string[];
};

// eslint-disable-next-line no-control-regex -- a title or reference is one line of text: control characters are the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const unique = (values: readonly string[]) => [...new Set(values)];

/** The content an advisory row holds (what an edit starts from). */
export function contentOf(row: AdvisoryRow): AdvisoryContent {
  return {
    title: { vi: row.titleVi, en: row.titleEn },
    body: { vi: row.bodyVi, en: row.bodyEn },
    severity: row.severity,
    categories: row.categories,
    indicatorIds: row.indicatorIds,
    caseIds: row.caseIds,
    campaignRefs: row.campaignRefs,
    audience: row.audience,
    audienceOrgKind: row.audienceOrgKind,
    audienceOrgId: row.audienceOrgId,
  };
}

/**
 * Check content; `before` is what the advisory held (links already made are not checked again: an
 * indicator revoked since stays linked, and the page says it was revoked).
 */
export async function checkContent(db: Db, ctx: Context, live: LiveIndex, input: AdvisoryContent, before: AdvisoryContent | null): Promise<CheckedContent> {
  const problems: ErrorDetail[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const title = { vi: input.title.vi.trim(), en: input.title.en.trim() };
  const body = { vi: input.body.vi.replace(/\r\n?/g, '\n').trimEnd(), en: input.body.en.replace(/\r\n?/g, '\n').trimEnd() };
  for (const locale of ['vi', 'en'] as const) {
    const length = [...title[locale]].length;
    if (length < L.titleMin || length > L.title) fail(`title.${locale}`, `${L.titleMin}–${L.title} characters`);
    else if (CONTROL.test(title[locale])) fail(`title.${locale}`, 'one line without control characters');
    const bodyLength = [...body[locale]].length;
    if (body[locale].trim() === '' || bodyLength > L.body) fail(`body.${locale}`, `1–${L.body} characters of Markdown`);
  }
  if (!isOneOf(SEVERITIES, input.severity)) fail('severity', `one of ${SEVERITIES.join(', ')}`);
  const categories = unique(input.categories);
  if (categories.length === 0 || categories.length > L.categories) fail('categories', `1–${L.categories} categories`);
  categories.forEach((c, i) => isOneOf(CATEGORY_CODES, c) || fail(`categories[${i}]`, `one of ${CATEGORY_CODES.join(', ')}`));
  const indicatorIds = unique(input.indicatorIds.map((id) => id.toLowerCase()));
  await checkLinks(indicatorIds, before?.indicatorIds ?? [], L.indicators, 'indicatorIds', fail, async (id) => live.index.get(id) !== undefined, 'no listed indicator has this id');
  const caseIds = unique(input.caseIds.map((id) => id.toLowerCase()));
  await checkLinks(caseIds, before?.caseIds ?? [], L.cases, 'caseIds', fail, (id) => caseVisible(db, ctx, id), 'no case you can see has this id');
  const campaignRefs = unique(input.campaignRefs.map((r) => r.trim()));
  if (campaignRefs.length > L.campaignRefs) fail('campaignRefs', `at most ${L.campaignRefs}`);
  campaignRefs.forEach((r, i) => (r === '' || [...r].length > L.campaignRef || CONTROL.test(r)) && fail(`campaignRefs[${i}]`, `1–${L.campaignRef} characters on one line`));
  await checkAudience(db, input, fail);
  if (problems.length > 0 || !isOneOf(SEVERITIES, input.severity) || !isOneOf(AUDIENCES, input.audience)) throw new AppError('VALIDATION_FAILED', undefined, problems);
  const audienceOrgKind = input.audience === 'org_kind' && isOneOf(ORG_KINDS, input.audienceOrgKind) ? input.audienceOrgKind : null;
  return { title, body, severity: input.severity, categories, indicatorIds, caseIds, campaignRefs, audience: input.audience, audienceOrgKind, audienceOrgId: input.audience === 'org' ? input.audienceOrgId : null };
}

async function checkLinks(ids: readonly string[], kept: readonly string[], max: number, field: string, fail: (field: string, message: string) => void, exists: (id: string) => Promise<boolean>, missing: string): Promise<void> {
  if (ids.length > max) return fail(field, `at most ${max}`);
  for (const [index, id] of ids.entries()) {
    if (!isUuid(id)) fail(`${field}[${index}]`, 'not an id');
    else if (!kept.includes(id) && !(await exists(id))) fail(`${field}[${index}]`, missing);
  }
}

async function checkAudience(db: Db, input: AdvisoryContent, fail: (field: string, message: string) => void): Promise<void> {
  if (!isOneOf(AUDIENCES, input.audience)) return fail('audience', `one of ${AUDIENCES.join(', ')}`);
  if (input.audience !== 'org_kind' && input.audienceOrgKind !== null) fail('audienceOrgKind', 'only with audience org_kind');
  if (input.audience !== 'org' && input.audienceOrgId !== null) fail('audienceOrgId', 'only with audience org');
  if (input.audience === 'org_kind' && !isOneOf(ORG_KINDS, input.audienceOrgKind)) fail('audienceOrgKind', `one of ${ORG_KINDS.join(', ')}`);
  if (input.audience !== 'org') return;
  const org = input.audienceOrgId !== null && isUuid(input.audienceOrgId) ? await organizationById(db, input.audienceOrgId) : null;
  if (org === null || org.status !== 'active') fail('audienceOrgId', 'not an active organisation');
}

async function caseVisible(db: Db, ctx: Context, caseId: string): Promise<boolean> {
  try {
    await requireCaseVisible(db, ctx, caseId);
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED' || error.code === 'SCOPE_MISSING')) return false;
    throw error;
  }
}
