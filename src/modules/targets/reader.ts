// The detection and dispatch behind parseTarget, with Web APIs only: validate the requested type,
// detect one when it is omitted, normalise, and check the normal form. The url, domain and email
// parsers come from the caller: the server's (parse.ts) add display forms and look-alike flags,
// which need Node; the lookup client's give the normal form alone. Everything else is shared.
//
// Detection tries the narrowest shapes first, so that a digest is never read as a phone, an
// address never as a domain, a profile URL never as a plain URL; anything that fits no typed
// parser is text. Detection itself never fails on content: only empty and over-long input throw.
import { looksLikeBankAccount, parseBankAccount } from './bank.ts';
import { looksLikeSchemelessUrl } from './canonical-url.ts';
import { looksLikeEmail } from './email-address.ts';
import { looksLikeFileHash, parseFileHash } from './hash.ts';
import { parseIp } from './ip.ts';
import { looksLikePhone, parsePhone } from './phone.ts';
import { looksLikeSocialHandle, parseSocialAccount, socialAccountFromHandle, socialAccountFromUrl, socialTarget } from './social.ts';
import type { Target, TargetType } from './types.ts';
import { TARGET_TYPES, TargetError, invalid } from './types.ts';

/** Longest input (after trimming) and longest normal form for every type but text. */
export const TARGET_MAX_LENGTH = 2048;
/** Longest input and normal form for text. */
export const TARGET_MAX_TEXT_LENGTH = 5000;

// Characters that carry nothing for grouping: C0/C1 controls other than whitespace, and
// zero-width spaces that scammers insert to defeat duplicate detection.
const INVISIBLE = /[^\P{Cc}\t\n\v\f\r]|[\u200b\u2060\ufeff]/gu;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** The least a parser gives: a type and a normal form. */
export type TypedValue = { type: TargetType; value: string };

/** The parsers whose full Target needs Node, supplied by the caller; each throws TargetError on bad input. */
export type HostParsers<T extends TypedValue> = Readonly<Record<'url' | 'domain' | 'email', (input: string) => T>>;

/** Reads a value (of a type, or detected): throws only TargetError. */
export type TargetReader<T extends TypedValue> = (input: string, type?: string) => T | Target;

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
// The parser and its input are passed apart: a closure per attempt costs on the check's hot path.
function attempt<T extends TypedValue>(parse: (input: string) => T, input: string): T | null {
  try {
    const target = parse(input);
    return target.value.length <= maxLengthOf(target.type) ? target : null;
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

const parseValidPhone = (input: string): Target => parsePhone(input, 'valid');

type Detector<T extends TypedValue> = (input: string) => T | Target | null;

function detectorsFor<T extends TypedValue>(hosts: HostParsers<T>): ReadonlyArray<Detector<T>> {
  return [
    (input) => (looksLikeFileHash(input) ? attempt(parseFileHash, input) : null),
    (input) => (/^\[?[0-9a-f:.]+\]?(?:\/\d+)?$/i.test(input) ? attempt(parseIp, input) : null),
    (input) => (looksLikeEmail(input) ? attempt(hosts.email, input) : null),
    (input) => {
      const account = socialAccountFromUrl(input) ?? (looksLikeSocialHandle(input) ? socialAccountFromHandle(input) : null);
      return account === null ? null : socialTarget(account);
    },
    (input) => {
      const isUrl = !hasWhitespace(input) && (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || looksLikeSchemelessUrl(input));
      return isUrl ? attempt(hosts.url, input) : null;
    },
    (input) => (looksLikePhone(input) ? attempt(parseValidPhone, input) : null),
    (input) => (looksLikeBankAccount(input) ? attempt(parseBankAccount, input) : null),
    (input) => (!hasWhitespace(input) && input.includes('.') ? attempt(hosts.domain, input) : null),
  ];
}

/** A reader with the given url, domain and email parsers: parseTarget's rules, minus the display clean-up. */
export function createTargetReader<T extends TypedValue>(hosts: HostParsers<T>): TargetReader<T> {
  const parsers: Readonly<Record<TargetType, (input: string) => T | Target>> = {
    url: hosts.url,
    domain: hosts.domain,
    phone: (input) => parsePhone(input, 'possible'),
    bank_account: parseBankAccount,
    social_account: parseSocialAccount,
    email: hosts.email,
    ip: parseIp,
    file_hash: parseFileHash,
    text: parseText,
  };
  const detectors = detectorsFor(hosts);
  const detect = (input: string): T | Target => {
    if (input.length <= TARGET_MAX_LENGTH) {
      for (const detector of detectors) {
        const target = detector(input);
        if (target !== null) return target;
      }
    }
    return parseText(input);
  };
  return (input, type) => {
    if (type !== undefined && !isTargetType(type)) throw new TargetError('TARGET_TYPE_UNKNOWN', 'unknown target type');
    const trimmed = input.toWellFormed().trim();
    if (trimmed === '') throw new TargetError('TARGET_EMPTY', 'nothing was entered');
    const inputLimit = type === undefined ? TARGET_MAX_TEXT_LENGTH : maxLengthOf(type);
    if (trimmed.length > inputLimit) throw new TargetError('TARGET_TOO_LONG', `longer than ${inputLimit} characters`);
    const target = type === undefined ? detect(trimmed) : parsers[type](trimmed);
    // Normal forms may grow (URL escapes); a key that would not re-parse is refused here.
    if (target.value.length > maxLengthOf(target.type)) {
      throw new TargetError('TARGET_TOO_LONG', `normal form is longer than ${maxLengthOf(target.type)} characters`);
    }
    if (target.value.includes('\u0000') || LONE_SURROGATE.test(target.value)) return invalid('contains characters that are not allowed');
    return target;
  };
}
