// The vocabulary of takedown appeals (khiếu nại biện pháp gỡ bỏ / chặn): statuses, outcomes, limits,
// the references an appellant may give, and tickets.
import { ticketFormat } from '../../../core/tickets.ts';
import { isUuid } from '../../../core/validate.ts';
import type { TakedownStatus } from '../model.ts';

/** received → restored (the action is to be reversed) or confirmed (it stands). */
export const APPEAL_STATUSES = ['received', 'restored', 'confirmed'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export type DecidedStatus = Exclude<AppealStatus, 'received'>;

/** What a supervisor decides. */
export const APPEAL_OUTCOMES = ['restore', 'confirm'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** The status an outcome leaves the appeal in (and the statement's `appeal_outcome`). */
export const OUTCOME_STATUS: Record<AppealOutcome, DecidedStatus> = { restore: 'restored', confirm: 'confirmed' };

/** Only an action that was taken can be appealed: a declined or withdrawn request took nothing down. */
export const APPEALABLE_STATUSES: readonly TakedownStatus[] = ['actioned', 'partially_actioned'];

export const APPEAL_LOCALES = ['vi', 'en'] as const;

/** Limits of one appeal. Evidence follows the report limits (5 files of 10 MB), checked by the same code. */
export const APPEAL_LIMITS = {
  reference: 60,
  name: 200,
  contact: 320,
  statement: 5000,
  reason: 2000,
  reasonMin: 3,
  pageSize: 200,
} as const;

/** What an appellant names the action by: a request's number (`YC-000123`) or an id (the statement's uuid, or the request's). */
export type AppealReference = { kind: 'number'; number: number } | { kind: 'id'; id: string };

const REQUEST_NUMBER = /^YC[\s-]?(\d{1,9})$/i;

/** Read a reference as typed (any case, spaces around, `YC 123` or `YC-000123`, a uuid); null when it cannot be one. */
export function parseReference(input: string): AppealReference | null {
  const typed = input.trim();
  if (isUuid(typed)) return { kind: 'id', id: typed.toLowerCase() };
  const digits = REQUEST_NUMBER.exec(typed)?.[1];
  const number = digits === undefined ? 0 : Number(digits);
  // `serial` numbers start at 1 and stay below 2³¹.
  return number >= 1 && number < 2 ** 31 ? { kind: 'number', number } : null;
}

const TICKETS = ticketFormat('KC');

/** A new appeal ticket `KC-XXXX-XXXX-XXXX-XXXX` (K for khiếu nại, C for chặn/gỡ): the appellant's only key. */
export const newAppealTicket = (): string => TICKETS.create();

/** An appeal ticket as typed by a person, or null when it cannot be one. */
export const normalizeAppealTicket = (input: string): string | null => TICKETS.normalize(input);
