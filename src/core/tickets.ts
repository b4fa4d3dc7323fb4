// Tickets people keep and type back: 80 random bits in Crockford base32 as `PREFIX-XXXX-XXXX-XXXX-XXXX`.
// A ticket is its holder's only key to a tracking page, so it must not be guessable; typed back, it
// is forgiven its case, spaces, dashes, O for 0 and I/L for 1, with or without its prefix.
import { randomBytes } from 'node:crypto';
import { base32Encode, BASE32_CROCKFORD } from './crypto.ts';

const BODY = /^[0-9A-HJKMNP-TV-Z]{16}$/;

export type TicketFormat = {
  /** A new ticket. */
  create(): string;
  /** A ticket as typed by a person, in its written form, or null when it cannot be one. */
  normalize(input: string): string | null;
};

/** The tickets of one kind, told apart by their prefix (`AT` reports, `KN` delistings, `KC` takedown appeals). */
export function ticketFormat(prefix: string): TicketFormat {
  const format = (body: string) => `${prefix}-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}-${body.slice(12, 16)}`;
  return {
    create: () => format(base32Encode(randomBytes(10), BASE32_CROCKFORD)),
    normalize(input) {
      let compact = input.toUpperCase().replace(/[\s-]/g, '');
      // The prefix only when the rest is a whole body: a bare body may itself start with the prefix.
      if (compact.length === 16 + prefix.length && compact.startsWith(prefix)) compact = compact.slice(prefix.length);
      compact = compact.replace(/O/g, '0').replace(/[IL]/g, '1');
      return BODY.test(compact) ? format(compact) : null;
    },
  };
}
