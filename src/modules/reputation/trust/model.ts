// The trust registry's vocabulary: statuses, findings, limits, slugs and badge numbers.
import type { Config } from '../../../core/config.ts';
import { SLUG_PATTERN } from '../../identity/index.ts';
import { foldAccents } from '../../targets/index.ts';

/**
 * applied → in_review (the first finding) → approved (a badge) or rejected; approved → revoked.
 * listed: entered by staff so the directory (and impersonation warnings) can name the
 * organisation; it has no badge and no application.
 */
export const TRUST_STATUSES = ['applied', 'in_review', 'approved', 'rejected', 'revoked', 'listed'] as const;
export type TrustStatus = (typeof TRUST_STATUSES)[number];

/** Statuses still waiting for a decision. */
export const OPEN_STATUSES: readonly TrustStatus[] = ['applied', 'in_review'];
/** What the public directory lists. */
export const DIRECTORY_STATUSES: readonly TrustStatus[] = ['approved', 'listed'];
/** Whose page is public: the directory, plus revoked badges (their page says so). */
export const PUBLIC_STATUSES: readonly TrustStatus[] = ['approved', 'listed', 'revoked'];

export const FINDINGS = ['pending', 'met', 'not_met'] as const;
export type Finding = (typeof FINDINGS)[number];

export const DECISIONS = ['approve', 'reject', 'revoke'] as const;
export type TrustDecision = (typeof DECISIONS)[number];

export const TRUST_LIMITS = {
  name: 200,
  slug: 63,
  website: 2048,
  description: 2000,
  domains: 20,
  domain: 253,
  statement: 2000,
  note: 2000,
  reason: 2000,
  contact: 320,
} as const;

/** Confidence of a registry listing: staff verified every criterion. */
export const REGISTRY_CONFIDENCE = 95;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID (ids in paths are checked before they reach SQL: a malformed one is a 404). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Slugs that name pages of their own under /trust. */
const RESERVED_SLUGS: ReadonlySet<string> = new Set(['apply']);

/** Whether a slug may name an organisation: the identity module's pattern, and not a page of ours. */
export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}

/** The slug a name suggests: accents folded, words joined by hyphens ('Ngân hàng Á Châu' → 'ngan-hang-a-chau'). */
export function slugFromName(name: string): string {
  const base = foldAccents(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  if (base === '') return 'to-chuc';
  return RESERVED_SLUGS.has(base) ? `${base}-1` : base;
}

/** The n-th candidate for a generated slug: the base, then base-2, base-3… */
export function slugCandidate(base: string, attempt: number): string {
  return attempt === 0 ? base : `${base}-${attempt + 1}`;
}

/** The calendar year in Vietnam (UTC+7 all year) at an instant. */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
}

/** A badge number: TN-<year>-<sequence, at least 4 digits>. */
export function badgeNumber(year: number, sequence: number): string {
  return `TN-${year}-${String(sequence).padStart(4, '0')}`;
}

/** The prefix all badge numbers of a year share. */
export function badgePrefix(year: number): string {
  return `TN-${year}-`;
}

/** Per-client limit of applications: the report intake's (ANTOAN_REPORT_RATE_MAX per window). */
export function applicationRateLimit(config: Config): { max: number; timeWindow: number } {
  return { max: config.reportRateLimit.max, timeWindow: config.reportRateLimit.windowSeconds * 1000 };
}
