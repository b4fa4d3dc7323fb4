// The vocabulary of appeals (kháng nghị, yêu cầu gỡ khỏi danh sách): grounds, statuses, limits, tickets.
import { ticketFormat } from '../../../core/tickets.ts';

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

const TICKETS = ticketFormat('KN');

/** A new appeal ticket `KN-XXXX-XXXX-XXXX-XXXX`: the appellant's only key to the tracking page. */
export const newAppealTicket = (): string => TICKETS.create();

/** An appeal ticket as typed by a person, or null when it cannot be one. */
export const normalizeAppealTicket = (input: string): string | null => TICKETS.normalize(input);
