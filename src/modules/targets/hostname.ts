// Domain names: lower-case ASCII (punycode) hosts with a suffix from the ICANN section of the
// Public Suffix List. Shared by the domain, url and email parsers, on the server and in the
// lookup client: Web APIs only (display forms and look-alike flags, which need Node's
// domainToUnicode, are in domain.ts).
import { parse as parseTld } from 'tldts';
import { domainToAscii } from './idna.ts';
import { invalid } from './types.ts';

// Labels of 1–63 letters, digits and hyphens, no hyphen at either end, joined by dots.
const LDH_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** An xn-- (punycode) label anywhere in a host. */
export const PUNYCODE_LABEL = /(?:^|\.)xn--/;
const NON_ASCII = /\P{ASCII}/u;
const TLD_OPTIONS = { allowPrivateDomains: false } as const;

export type AsciiHost = {
  /** Lower-case ASCII host, IDN labels in punycode. */
  ascii: string;
  /** The input had non-ASCII letters (before punycode). */
  hadNonAscii: boolean;
  /** The input already contained an xn-- label. */
  hadPunycode: boolean;
};

/** Convert a (possibly Unicode) host to lower-case ASCII by UTS #46, or null when it cannot be. */
export function toAsciiHost(raw: string): AsciiHost | null {
  const lower = raw.toLowerCase();
  const hadNonAscii = NON_ASCII.test(lower);
  const ascii = hadNonAscii ? domainToAscii(lower) : lower;
  if (ascii === '' || NON_ASCII.test(ascii)) return null;
  const hadPunycode = !hadNonAscii && PUNYCODE_LABEL.test(lower);
  return { ascii, hadNonAscii, hadPunycode };
}

/** True when every label is 1–63 letters/digits/hyphens (no edge hyphen) and the name fits 253 characters. */
export function isValidHostnameSyntax(ascii: string): boolean {
  if (ascii.length === 0 || ascii.length > 253) return false;
  return LDH_HOST.test(ascii);
}

/** Registrable domain under the ICANN part of the Public Suffix List, or null (IPs, bare suffixes, unknown TLDs). */
export function registrableDomainOf(asciiHost: string): string | null {
  const result = parseTld(asciiHost, TLD_OPTIONS);
  if (result.isIp === true || result.isIcann !== true) return null;
  return result.domain;
}

/** A host name with its registrable domain. */
export type DomainName = AsciiHost & { registrableDomain: string };

/** Normalise a bare hostname with a registrable ICANN domain; returns null when it is not one. */
export function normalizeDomainName(raw: string): DomainName | null {
  const withoutDot = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  const host = toAsciiHost(withoutDot);
  if (host === null || !isValidHostnameSyntax(host.ascii)) return null;
  const registrableDomain = registrableDomainOf(host.ascii);
  return registrableDomain === null ? null : { ...host, registrableDomain };
}

/** Read a domain target, `*.` allowed in front: throws TargetError when it is not a domain name. */
export function readDomain(input: string): { wildcard: boolean; host: DomainName; value: string } {
  const wildcard = input.startsWith('*.');
  const host = normalizeDomainName(wildcard ? input.slice(2) : input);
  if (host === null) return invalid('not a valid domain name');
  return { wildcard, host, value: (wildcard ? '*.' : '') + host.ascii };
}
