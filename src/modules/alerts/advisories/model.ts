// The vocabulary of advisories (cảnh báo): where one is in its life, how grave it is, who it is for,
// the limits of what it holds, and the event it announces when published.
import { ORG_KINDS, type OrgKind } from '../../identity/index.ts';

/** draft → in_review → published → archived; a reviewer may send in_review back to draft. */
export const ADVISORY_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

/** Lowest first: the order subscriptions compare `minSeverity` with. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Everyone; members of every organisation of one kind (all banks); members of one organisation. */
export const AUDIENCES = ['public', 'org_kind', 'org'] as const;
export type Audience = (typeof AUDIENCES)[number];

export { ORG_KINDS, type OrgKind };

/** What one advisory may hold. */
export const ADVISORY_LIMITS = {
  titleMin: 3,
  title: 200,
  body: 20_000,
  categories: 12,
  indicators: 100,
  cases: 50,
  campaignRef: 100,
  campaignRefs: 20,
  noteMin: 3,
  note: 2000,
  pageSize: 100,
} as const;

/** Lines of an advisory's history. */
export type AdvisoryEventKind = 'created' | 'edited' | 'submitted' | 'returned' | 'approved' | 'published' | 'archived';

/** The payload of the `advisory.published` domain event (subscribers turn it into notifications). */
export type AdvisoryPublished = {
  advisoryId: string;
  number: number;
  severity: Severity;
  categories: string[];
  audience: Audience;
  audienceOrgKind: OrgKind | null;
  audienceOrgId: string | null;
};

export const ADVISORY_PUBLISHED = 'advisory.published';

/** The reference people quote: CB-000042. */
export function referenceOf(number: number): string {
  return `CB-${String(number).padStart(6, '0')}`;
}

/** The number a page address names (`CB-000042`, `cb-42` or `42`), or null when it names none. */
export function numberOfReference(reference: string): number | null {
  const match = /^(?:cb-)?0*(\d{1,9})$/i.exec(reference.trim());
  if (match?.[1] === undefined) return null;
  const number = Number(match[1]);
  return number > 0 ? number : null;
}

/** The public page of an advisory. */
export function advisoryPath(number: number): string {
  return `/advisories/${referenceOf(number)}`;
}

/** Whether `value` is one of `values` (narrowing a string from a form or a row). */
export function isOneOf<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  return value !== null && value !== undefined && (values as readonly string[]).includes(value);
}
