// The vocabulary shared by every target parser: types, flags, the result shape and the one error.

export const TARGET_TYPES = [
  'url',
  'domain',
  'phone',
  'bank_account',
  'social_account',
  'email',
  'ip',
  'file_hash',
  'text',
] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/**
 * confusable: a host label has look-alike letters and reads as plain ASCII once they are mapped.
 * mixed_script: a single host label mixes Latin letters with Cyrillic or Greek ones.
 * idn: the host is internationalised (non-ASCII input or an xn-- label).
 * punycode: the input already wrote an internationalised label in its xn-- form.
 * unknown_bank: a bank account whose bank could not be recognised.
 * ip_host: a URL whose host is an IP address.
 * private_ip: an address or range that is not publicly routable (RFC 1918, loopback, ULA…).
 */
export const TARGET_FLAGS = [
  'confusable',
  'mixed_script',
  'idn',
  'unknown_bank',
  'ip_host',
  'private_ip',
  'punycode',
] as const;
export type TargetFlag = (typeof TARGET_FLAGS)[number];

export const SOCIAL_PLATFORMS = ['facebook', 'zalo', 'tiktok', 'youtube', 'telegram', 'instagram', 'x'] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256';

/** Type-specific facts found while normalising; every field is optional and JSON-safe. */
export type TargetDetails = {
  /** url, email: the canonical ASCII host (no port). */
  host?: string;
  /** url, domain, email: registrable domain by the ICANN part of the Public Suffix List; null for IPs. */
  registrableDomain?: string | null;
  /** domain: the listing covers subdomains (`*.example.com`). */
  wildcard?: boolean;
  /** url, domain, email: the ASCII look-alike of a confusable host (`vietcombank.com`). */
  skeleton?: string;
  /** phone: ISO region of the number, when known. */
  country?: string;
  /** bank_account: the bank's short code (`VCB`), absent when the bank is unknown. */
  bankCode?: string;
  bankBin?: string;
  bankName?: string;
  accountNumber?: string;
  /** social_account */
  platform?: SocialPlatform;
  handle?: string;
  /** file_hash */
  algorithm?: HashAlgorithm;
  /** ip */
  ipVersion?: 4 | 6;
  prefixLength?: number;
  /** email */
  localPart?: string;
};

export type Target = {
  type: TargetType;
  /** The normal form: the grouping and lookup key, deterministic and idempotent. */
  value: string;
  /** A human-friendly form, never used as a key. */
  display: string;
  /** Sorted and unique. */
  flags: TargetFlag[];
  details: TargetDetails;
};

export const TARGET_ERROR_CODES = ['TARGET_EMPTY', 'TARGET_TOO_LONG', 'TARGET_INVALID', 'TARGET_TYPE_UNKNOWN'] as const;
export type TargetErrorCode = (typeof TARGET_ERROR_CODES)[number];

/** The only error parseTarget throws; `reason` is short English safe to show to users. */
export class TargetError extends Error {
  readonly code: TargetErrorCode;
  readonly reason: string;

  constructor(code: TargetErrorCode, reason: string) {
    super(`${code}: ${reason}`);
    this.name = 'TargetError';
    this.code = code;
    this.reason = reason;
  }
}

/** Throw TARGET_INVALID with a user-safe reason. */
export function invalid(reason: string): never {
  throw new TargetError('TARGET_INVALID', reason);
}

/** Sort (alphabetically) and de-duplicate flags. */
export function sortFlags(flags: Iterable<TargetFlag>): TargetFlag[] {
  if (Array.isArray(flags) && flags.length < 2) return flags as TargetFlag[];
  return [...new Set(flags)].sort();
}
