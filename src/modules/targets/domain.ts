// Domain names: lower-case ASCII (punycode) hosts with a suffix from the ICANN section of the
// Public Suffix List. Shared by the domain, url and email parsers.
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse as parseTld } from 'tldts';
import { inspectHostScripts } from './confusables.ts';
import type { Target, TargetDetails, TargetFlag } from './types.ts';
import { invalid, sortFlags } from './types.ts';

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
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
  const ascii = hadNonAscii ? domainToASCII(lower) : lower;
  if (ascii === '' || NON_ASCII.test(ascii)) return null;
  const hadPunycode = !hadNonAscii && lower.split('.').some((label) => label.startsWith('xn--'));
  return { ascii, hadNonAscii, hadPunycode };
}

/** True when every label is 1–63 letters/digits/hyphens (no edge hyphen) and the name fits 253 characters. */
export function isValidHostnameSyntax(ascii: string): boolean {
  if (ascii.length === 0 || ascii.length > 253) return false;
  return ascii.split('.').every((label) => LDH_LABEL.test(label));
}

/** Registrable domain under the ICANN part of the Public Suffix List, or null (IPs, bare suffixes, unknown TLDs). */
export function registrableDomainOf(asciiHost: string): string | null {
  const result = parseTld(asciiHost, TLD_OPTIONS);
  if (result.isIp === true || result.isIcann !== true) return null;
  return result.domain;
}

/** Flags and skeleton describing how a canonical host was written and whether it imitates another. */
export function hostFlags(host: AsciiHost): { flags: TargetFlag[]; skeleton?: string } {
  const flags: TargetFlag[] = [];
  const hasIdnLabel = host.ascii.split('.').some((label) => label.startsWith('xn--'));
  if (host.hadNonAscii || hasIdnLabel) flags.push('idn');
  if (host.hadPunycode) flags.push('punycode');
  const scripts = inspectHostScripts(host.ascii);
  flags.push(...scripts.flags);
  return scripts.skeleton === undefined ? { flags } : { flags, skeleton: scripts.skeleton };
}

/** Unicode form of an ASCII host for display; falls back to the ASCII form. */
export function displayHost(ascii: string): string {
  const unicode = domainToUnicode(ascii);
  return unicode === '' ? ascii : unicode;
}

/** Normalise a bare hostname with a registrable ICANN domain; returns null when it is not one. */
export function normalizeDomainName(raw: string): AsciiHost | null {
  const withoutDot = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  const host = toAsciiHost(withoutDot);
  if (host === null || !isValidHostnameSyntax(host.ascii)) return null;
  if (registrableDomainOf(host.ascii) === null) return null;
  return host;
}

/** Parse a domain target: `Example.COM.` → `example.com`, `bücher.de` → `xn--bcher-kva.de`, `*.` kept. */
export function parseDomain(input: string): Target {
  const wildcard = input.startsWith('*.');
  const host = normalizeDomainName(wildcard ? input.slice(2) : input);
  if (host === null) return invalid('not a valid domain name');
  const prefix = wildcard ? '*.' : '';
  const { flags, skeleton } = hostFlags(host);
  const details: TargetDetails = { host: host.ascii, registrableDomain: registrableDomainOf(host.ascii) };
  if (wildcard) details.wildcard = true;
  if (skeleton !== undefined) details.skeleton = skeleton;
  return {
    type: 'domain',
    value: prefix + host.ascii,
    display: prefix + displayHost(host.ascii),
    flags: sortFlags(flags),
    details,
  };
}
