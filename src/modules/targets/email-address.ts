// Email addresses in normal form: lower-cased, the domain in punycode and required to have a
// public suffix. Web APIs only, shared with the lookup client; email.ts adds display and flags.
import type { AsciiHost } from './hostname.ts';
import { normalizeDomainName } from './hostname.ts';
import { invalid } from './types.ts';

// RFC 5322 dot-atom: printable ASCII other than specials, dots only between atoms.
// Quoted local parts and address literals are not accepted: they do not occur in abuse reports.
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
const EMAIL_SHAPE = /^(?:mailto:)?[^\s@]+@[^\s@]+\.[^\s@]+$/i;
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;

export type EmailAddress = { localPart: string; host: AsciiHost; value: string };

/** True when the input has the shape `local@host.tld` (optionally `mailto:`), with no spaces. */
export function looksLikeEmail(input: string): boolean {
  return EMAIL_SHAPE.test(input);
}

/** Read an email address: `Nguyen.A@Tên-Miền.VN` → `nguyen.a@xn--tn-min-iva0322d.vn`; throws TargetError when it is not one. */
export function readEmailAddress(input: string): EmailAddress {
  const address = input.replace(/^mailto:/i, '');
  const at = address.indexOf('@');
  if (at < 0 || at !== address.lastIndexOf('@')) return invalid('an email address has exactly one @');
  const localPart = address.slice(0, at).toLowerCase();
  if (localPart.length === 0 || localPart.length > MAX_LOCAL) return invalid('email local part must be 1–64 characters');
  if (!LOCAL_PART.test(localPart)) return invalid('email local part has characters that are not allowed');
  const host = normalizeDomainName(address.slice(at + 1));
  if (host === null) return invalid('email domain is not a valid domain name');
  const value = `${localPart}@${host.ascii}`;
  if (value.length > MAX_ADDRESS) return invalid('email address is longer than 254 characters');
  return { localPart, host, value };
}
