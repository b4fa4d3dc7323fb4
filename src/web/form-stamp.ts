// The anti-bot check of public forms that needs no third party: a signed time stamp (a person
// takes a few seconds; a form is valid for hours) and a honeypot field people never see.
import { safeEqual, type SecretBox } from '../core/crypto.ts';
import { AppError } from '../core/errors.ts';

/** A person takes at least this long to fill in the form; a bot posting at once is refused. */
export const FORM_MIN_SECONDS = 3;
/** A form older than this must be reloaded. */
export const FORM_MAX_SECONDS = 4 * 3600;

/** A signed time stamp for the report form (the anti-bot measure that needs no third party). */
export function issueFormStamp(box: SecretBox, now: Date): string {
  const issued = String(now.getTime());
  return `${issued}.${box.sign(`report-form:${issued}`)}`;
}

/**
 * Refuse a form that was sent too fast, is too old or forged, or whose hidden
 * honeypot field was filled in (people never see it; naive bots fill every field).
 */
export function checkFormStamp(box: SecretBox, stamp: string | undefined, honeypot: string | undefined, now: Date): void {
  const [issued, signature] = (stamp ?? '').split('.');
  const valid = issued !== undefined && signature !== undefined && /^\d{1,15}$/.test(issued) && safeEqual(signature, box.sign(`report-form:${issued}`));
  const age = valid ? (now.getTime() - Number(issued)) / 1000 : -1;
  if (!valid || age < FORM_MIN_SECONDS || age > FORM_MAX_SECONDS || (honeypot ?? '') !== '') throw new AppError('FORM_CHECK_FAILED');
}
