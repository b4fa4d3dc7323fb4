// The client's normaliser: the server's normal form of a value (what `parseTarget` gives),
// computed without Node. The targets library's parsers for phones, IPs, file hashes and social
// accounts are plain TypeScript over libphonenumber-js and the URL global, so they are used as
// they are. Its URL, domain, email and bank-account parsers import node:buffer or node:url
// (directly or through domain.ts and confusables.ts), so those go through canonical-url.ts and
// bank-account.ts: the same rules, Web APIs in their place. normalize.test.ts compares this with
// `parseTarget` on generated input. A Node caller may pass `parseTarget` itself to the client.
import { looksLikeFileHash, parseFileHash } from '../../targets/hash.ts';
import { parseIp } from '../../targets/ip.ts';
import { looksLikePhone, parsePhone } from '../../targets/phone.ts';
import { looksLikeSocialHandle, parseSocialAccount, socialAccountFromHandle, socialAccountFromUrl, socialTarget } from '../../targets/social.ts';
import { TARGET_TYPES, TargetError, invalid, type TargetType } from '../../targets/types.ts';
import { looksLikeBankAccount, parseBankAccount } from './bank-account.ts';
import { canonicalizeUrl, looksLikeSchemelessUrl, normalizeDomainName } from './canonical-url.ts';

/** A value in the server's normal form, with its type: all the client needs to look it up. */
export type LookupTarget = { type: TargetType; value: string };

/** Turns what a person or a program has into a LookupTarget; throws TargetError when it cannot. */
export type Normalize = (value: string, type?: TargetType) => LookupTarget;

const MAX_LENGTH = 2048;
const MAX_TEXT_LENGTH = 5000;
const INVISIBLE = /[^\P{Cc}\t\n\v\f\r]|[\u200b\u2060\ufeff]/gu;
const LONE_SURROGATE = /\p{Surrogate}/u;
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
const EMAIL_SHAPE = /^(?:mailto:)?[^\s@]+@[^\s@]+\.[^\s@]+$/i;

const maxLengthOf = (type: TargetType): number => (type === 'text' ? MAX_TEXT_LENGTH : MAX_LENGTH);

function url(input: string): LookupTarget {
  return { type: 'url', value: canonicalizeUrl(input).href };
}

function domain(input: string): LookupTarget {
  const wildcard = input.startsWith('*.');
  const host = normalizeDomainName(wildcard ? input.slice(2) : input);
  if (host === null) return invalid('not a valid domain name');
  return { type: 'domain', value: wildcard ? `*.${host}` : host };
}

function email(input: string): LookupTarget {
  const address = input.replace(/^mailto:/i, '');
  const at = address.indexOf('@');
  if (at < 0 || at !== address.lastIndexOf('@')) return invalid('an email address has exactly one @');
  const localPart = address.slice(0, at).toLowerCase();
  if (localPart.length === 0 || localPart.length > 64 || !LOCAL_PART.test(localPart)) return invalid('email local part is not valid');
  const host = normalizeDomainName(address.slice(at + 1));
  if (host === null) return invalid('email domain is not a valid domain name');
  const value = `${localPart}@${host}`;
  if (value.length > 254) return invalid('email address is longer than 254 characters');
  return { type: 'email', value };
}

function text(input: string): LookupTarget {
  const value = input.toWellFormed().replace(INVISIBLE, '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (value === '') throw new TargetError('TARGET_EMPTY', 'text is empty');
  return { type: 'text', value };
}

const PARSERS: Readonly<Record<TargetType, (input: string) => LookupTarget>> = {
  url,
  domain,
  phone: (input) => parsePhone(input, 'possible'),
  bank_account: parseBankAccount,
  social_account: parseSocialAccount,
  email,
  ip: parseIp,
  file_hash: parseFileHash,
  text,
};

function attempt(parse: () => LookupTarget): LookupTarget | null {
  try {
    const target = parse();
    return target.value.length <= maxLengthOf(target.type) ? target : null;
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

// The server's detection order (targets/parse.ts), narrowest shapes first.
const DETECTORS: ReadonlyArray<(input: string) => LookupTarget | null> = [
  (input) => (looksLikeFileHash(input) ? attempt(() => parseFileHash(input)) : null),
  (input) => (/^\[?[0-9a-f:.]+\]?(?:\/\d+)?$/i.test(input) ? attempt(() => parseIp(input)) : null),
  (input) => (EMAIL_SHAPE.test(input) ? attempt(() => email(input)) : null),
  (input) => {
    const account = socialAccountFromUrl(input) ?? (looksLikeSocialHandle(input) ? socialAccountFromHandle(input) : null);
    return account === null ? null : socialTarget(account);
  },
  (input) => {
    const isUrl = !/\s/.test(input) && (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || looksLikeSchemelessUrl(input));
    return isUrl ? attempt(() => url(input)) : null;
  },
  (input) => (looksLikePhone(input) ? attempt(() => parsePhone(input, 'valid')) : null),
  (input) => (looksLikeBankAccount(input) ? attempt(() => parseBankAccount(input)) : null),
  (input) => (!/\s/.test(input) && input.includes('.') ? attempt(() => domain(input)) : null),
];

function detect(input: string): LookupTarget {
  if (input.length <= MAX_LENGTH) {
    for (const detector of DETECTORS) {
      const target = detector(input);
      if (target !== null) return target;
    }
  }
  return text(input);
}

/** The normal form of a value, detecting its type when none is given: what the server's `parseTarget` gives. */
export const normalizeTarget: Normalize = (input, type) => {
  if (type !== undefined && !(TARGET_TYPES as readonly string[]).includes(type)) throw new TargetError('TARGET_TYPE_UNKNOWN', 'unknown target type');
  const trimmed = input.toWellFormed().trim();
  if (trimmed === '') throw new TargetError('TARGET_EMPTY', 'nothing was entered');
  const limit = type === undefined ? MAX_TEXT_LENGTH : maxLengthOf(type);
  if (trimmed.length > limit) throw new TargetError('TARGET_TOO_LONG', `longer than ${limit} characters`);
  const target = type === undefined ? detect(trimmed) : PARSERS[type](trimmed);
  if (target.value.length > maxLengthOf(target.type)) throw new TargetError('TARGET_TOO_LONG', `normal form is longer than ${maxLengthOf(target.type)} characters`);
  if (target.value.includes('\u0000') || LONE_SURROGATE.test(target.value)) return invalid('contains characters that are not allowed');
  return { type: target.type, value: target.value };
};
