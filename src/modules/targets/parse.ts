// parseTarget: validate the requested type, detect one when it is omitted, and normalise.
//
// Detection tries the narrowest shapes first, so that a digest is never read as a phone, an
// address never as a domain, a profile URL never as a plain URL; anything that fits no typed
// parser is text. Detection itself never fails on content: only empty and over-long input throw.
import { looksLikeBankAccount, parseBankAccount } from './bank.ts';
import { parseDomain } from './domain.ts';
import { looksLikeEmail, parseEmail } from './email.ts';
import { looksLikeFileHash, parseFileHash } from './hash.ts';
import { parseIp } from './ip.ts';
import { looksLikePhone, parsePhone } from './phone.ts';
import { looksLikeSocialHandle, parseSocialAccount, socialAccountFromHandle, socialAccountFromUrl, socialTarget } from './social.ts';
import type { Target, TargetType } from './types.ts';
import { TARGET_TYPES, TargetError, invalid } from './types.ts';
import { looksLikeSchemelessUrl, parseUrl } from './url.ts';

/** Longest input (after trimming) and longest normal form for every type but text. */
export const TARGET_MAX_LENGTH = 2048;
/** Longest input and normal form for text. */
export const TARGET_MAX_TEXT_LENGTH = 5000;

// Characters that carry nothing for grouping: C0/C1 controls other than whitespace, and
// zero-width spaces that scammers insert to defeat duplicate detection.
const INVISIBLE = /[^\P{Cc}\t\n\v\f\r]|[\u200b\u2060\ufeff]/gu;
const LONE_SURROGATE = /\p{Surrogate}/u;

const PARSERS: Readonly<Record<TargetType, (input: string) => Target>> = {
  url: parseUrl,
  domain: parseDomain,
  phone: (input) => parsePhone(input, 'possible'),
  bank_account: parseBankAccount,
  social_account: parseSocialAccount,
  email: parseEmail,
  ip: parseIp,
  file_hash: parseFileHash,
  text: parseText,
};

const maxLengthOf = (type: TargetType): number => (type === 'text' ? TARGET_MAX_TEXT_LENGTH : TARGET_MAX_LENGTH);
const hasWhitespace = (input: string): boolean => /\s/.test(input);

/** True when the string names one of TARGET_TYPES. */
export function isTargetType(type: string): type is TargetType {
  return (TARGET_TYPES as readonly string[]).includes(type);
}

/** Normalise free text: controls and zero-width spaces removed, NFC, whitespace runs as one space. */
export function parseText(input: string): Target {
  const value = input.toWellFormed().replace(INVISIBLE, '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (value === '') throw new TargetError('TARGET_EMPTY', 'text is empty');
  return { type: 'text', value, display: value, flags: [], details: {} };
}

// Run a parser for detection: a TargetError or an over-long normal form means "not this type".
function attempt(parse: () => Target): Target | null {
  try {
    const target = parse();
    return target.value.length <= maxLengthOf(target.type) ? target : null;
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

const DETECTORS: ReadonlyArray<(input: string) => Target | null> = [
  (input) => (looksLikeFileHash(input) ? attempt(() => parseFileHash(input)) : null),
  (input) => (/^\[?[0-9a-f:.]+\]?(?:\/\d+)?$/i.test(input) ? attempt(() => parseIp(input)) : null),
  (input) => (looksLikeEmail(input) ? attempt(() => parseEmail(input)) : null),
  (input) => {
    const account = socialAccountFromUrl(input) ?? (looksLikeSocialHandle(input) ? socialAccountFromHandle(input) : null);
    return account === null ? null : socialTarget(account);
  },
  (input) => {
    const isUrl = !hasWhitespace(input) && (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || looksLikeSchemelessUrl(input));
    return isUrl ? attempt(() => parseUrl(input)) : null;
  },
  (input) => (looksLikePhone(input) ? attempt(() => parsePhone(input, 'valid')) : null),
  (input) => (looksLikeBankAccount(input) ? attempt(() => parseBankAccount(input)) : null),
  (input) => (!hasWhitespace(input) && input.includes('.') ? attempt(() => parseDomain(input)) : null),
];

function detect(input: string): Target {
  if (input.length <= TARGET_MAX_LENGTH) {
    for (const detector of DETECTORS) {
      const target = detector(input);
      if (target !== null) return target;
    }
  }
  return parseText(input);
}

/** Detect (when type is omitted) and normalise; throws only TargetError. */
export function parseTarget(
  input: string,
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- TargetType names the expected values; any string is accepted, then checked.
  type?: TargetType | string,
): Target {
  if (type !== undefined && !isTargetType(type)) throw new TargetError('TARGET_TYPE_UNKNOWN', 'unknown target type');
  const trimmed = input.toWellFormed().trim();
  if (trimmed === '') throw new TargetError('TARGET_EMPTY', 'nothing was entered');
  const inputLimit = type === undefined ? TARGET_MAX_TEXT_LENGTH : maxLengthOf(type);
  if (trimmed.length > inputLimit) throw new TargetError('TARGET_TOO_LONG', `longer than ${inputLimit} characters`);
  const target = type === undefined ? detect(trimmed) : PARSERS[type](trimmed);
  // Normal forms may grow (URL escapes); a key that would not re-parse is refused here.
  if (target.value.length > maxLengthOf(target.type)) {
    throw new TargetError('TARGET_TOO_LONG', `normal form is longer than ${maxLengthOf(target.type)} characters`);
  }
  if (target.value.includes('\u0000') || LONE_SURROGATE.test(target.value)) return invalid('contains characters that are not allowed');
  return { ...target, display: target.display.toWellFormed().replaceAll('\u0000', '') };
}
