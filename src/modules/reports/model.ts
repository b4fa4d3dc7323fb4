import { ticketFormat } from '../../core/tickets.ts';

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

const TICKETS = ticketFormat('AT');

/** A new report ticket `AT-XXXX-XXXX-XXXX-XXXX`: the reporter's only key to the tracking page. */
export const newTicket = (): string => TICKETS.create();

/** A report ticket as typed by a person, or null when it cannot be one. */
export const normalizeTicket = (input: string): string | null => TICKETS.normalize(input);

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
