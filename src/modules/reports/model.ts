import { randomBytes } from 'node:crypto';
import { base32Encode, BASE32_CROCKFORD } from '../../core/crypto.ts';

/** Limits of one report (BRIEF §6, issue 3). */
export const REPORT_LIMITS = {
  targets: 20,
  description: 5000,
  evidenceFiles: 5,
  evidenceBytes: 10 * 1024 * 1024,
  reply: 5000,
} as const;

export const CHANNELS = ['web', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
export const REPORT_LOCALES = ['vi', 'en'] as const;

/** A new ticket: 80 random bits as `AT-XXXX-XXXX-XXXX-XXXX` (Crockford base32). It is the reporter's only key to the tracking page, so it must not be guessable. */
export function newTicket(): string {
  const out = base32Encode(randomBytes(10), BASE32_CROCKFORD);
  return `AT-${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}`;
}

/** A ticket as typed by a person (any case, spaces, O for 0, I/L for 1, with or without AT-), or null when it cannot be one. */
export function normalizeTicket(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/^AT/, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(compact)) return null;
  return `AT-${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}`;
}

/**
 * What a reporter sees, derived from the case: received → in review →
 * verified / rejected / more information needed. Each says what happens next.
 */
export const PUBLIC_STATUSES = ['received', 'in_review', 'more_info', 'verified', 'rejected'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** The reporter-facing status for a case status. */
export function publicStatusOf(caseStatus: string): PublicStatus {
  switch (caseStatus) {
    case 'new':
      return 'received';
    case 'more_info':
      return 'more_info';
    case 'verified':
      return 'verified';
    case 'rejected':
      return 'rejected';
    default:
      return 'in_review';
  }
}
