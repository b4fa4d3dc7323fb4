// The vocabulary of appeals (kháng nghị, yêu cầu gỡ khỏi danh sách): grounds, statuses, limits, tickets.
import { randomBytes } from 'node:crypto';
import { base32Encode, BASE32_CROCKFORD } from '../../../core/crypto.ts';

/** Why the appellant says the listing should go. */
export const APPEAL_GROUNDS = ['new_owner', 'recycled_number', 'false_positive', 'other'] as const;
export type AppealGround = (typeof APPEAL_GROUNDS)[number];

/** received → granted (delisted) or refused (the listing stays). */
export const APPEAL_STATUSES = ['received', 'granted', 'refused'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_DECISIONS = ['grant', 'refuse'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

export const APPEAL_LOCALES = ['vi', 'en'] as const;

/** Limits of one appeal. Evidence follows the report limits (5 files of 10 MB), checked by the same code. */
export const APPEAL_LIMITS = {
  value: 5000,
  statement: 5000,
  name: 200,
  contact: 320,
  reason: 2000,
  reasonMin: 3,
} as const;

const TICKET_PREFIX = 'KN';
const BODY = /^[0-9A-HJKMNP-TV-Z]{16}$/;

const format = (body: string) => `${TICKET_PREFIX}-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}-${body.slice(12, 16)}`;

/**
 * A new appeal ticket: 80 random bits as `KN-XXXX-XXXX-XXXX-XXXX` (Crockford base32), like report
 * tickets (`AT-…`) with their own prefix. It is the appellant's only key to the tracking page.
 */
export function newAppealTicket(): string {
  return format(base32Encode(randomBytes(10), BASE32_CROCKFORD));
}

/** A ticket as typed by a person (any case, spaces, O for 0, I/L for 1, with or without KN-), or null when it cannot be one. */
export function normalizeAppealTicket(input: string): string | null {
  let compact = input.toUpperCase().replace(/[\s-]/g, '');
  // The prefix only when the rest is a whole body: a bare body may itself start with KN.
  if (compact.length === 18 && compact.startsWith(TICKET_PREFIX)) compact = compact.slice(2);
  compact = compact.replace(/O/g, '0').replace(/[IL]/g, '1');
  return BODY.test(compact) ? format(compact) : null;
}
