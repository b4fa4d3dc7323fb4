// Phone numbers: E.164 with Vietnam as the default region, via libphonenumber's full metadata.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneNumber } from 'libphonenumber-js/max';
import type { Target, TargetDetails } from './types.ts';
import { invalid } from './types.ts';

const DEFAULT_REGION = 'VN';
// Digits with the separators people type: spaces, dots, dashes, slashes, brackets and a + (which
// readPhoneNumber only accepts in front).
const PHONE_SHAPE = /^(?:tel:)?[\d\s()+.\-/]+$/i;
const MIN_DIGITS = 8;
const MAX_DIGITS = 15;

export type PhoneStrictness = 'valid' | 'possible';

/** Count the decimal digits in a string. */
export function countDigits(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** True when the input has the shape of a phone number: separators, optional +, and 8–15 digits. */
export function looksLikePhone(input: string): boolean {
  if (!PHONE_SHAPE.test(input)) return false;
  const digits = countDigits(input);
  return digits >= MIN_DIGITS && digits <= MAX_DIGITS;
}

/**
 * Parse a phone number in Vietnam's default region; null when it is not one.
 * 'possible' accepts any number of a plausible length for its region (libphonenumber's isPossible);
 * 'valid' also requires a known number range (isValid), which detection uses to avoid reading
 * dates, amounts and account numbers as phones.
 */
export function readPhoneNumber(input: string, strictness: PhoneStrictness): PhoneNumber | null {
  if (!PHONE_SHAPE.test(input)) return null;
  const body = input.replace(/^tel:/i, '');
  const cleaned = body.replace(/[^\d+]/g, '');
  if (cleaned.lastIndexOf('+') > 0 || countDigits(cleaned) > MAX_DIGITS) return null;
  try {
    const phone = parsePhoneNumberFromString(cleaned, DEFAULT_REGION);
    if (phone === undefined || !phone.isPossible()) return null;
    if (strictness === 'valid' && !phone.isValid()) return null;
    // A few impossible inputs ('0000 000 00') give an E.164 form that re-parses differently;
    // a normal form must be a fixed point, so those are refused.
    if (parsePhoneNumberFromString(phone.number, DEFAULT_REGION)?.number !== phone.number) return null;
    return phone;
  } catch {
    return null;
  }
}

/** Human-friendly form: national format for Vietnamese numbers, international otherwise. */
export function displayPhone(phone: PhoneNumber): string {
  return phone.country === DEFAULT_REGION ? phone.formatNational() : phone.formatInternational();
}

/**
 * Parse a phone target: `0912 345 678`, `(+84) 912-345-678`, `84912345678` → `+84912345678`.
 * An explicit phone accepts possible numbers (the metadata can lag new ranges); detection asks for valid ones.
 */
export function parsePhone(input: string, strictness: PhoneStrictness = 'possible'): Target {
  const phone = readPhoneNumber(input, strictness);
  if (phone === null) return invalid('not a valid phone number');
  const details: TargetDetails = {};
  if (phone.country !== undefined) details.country = phone.country;
  return { type: 'phone', value: phone.number, display: displayPhone(phone), flags: [], details };
}
