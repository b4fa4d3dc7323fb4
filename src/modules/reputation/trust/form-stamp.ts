// Anti-bot measures of the application form without a third party, as on the report form: a
// signed time stamp (a person takes a few seconds; a form is valid for hours) and a honeypot.
import { safeEqual, type SecretBox } from '../../../core/crypto.ts';
import { AppError } from '../../../core/errors.ts';

/** A person takes at least this long to fill in the form. */
export const FORM_MIN_SECONDS = 3;
/** The application form is long: it stays valid for a working day. */
export const FORM_MAX_SECONDS = 12 * 3600;

const PURPOSE = 'trust-form';

/** A signed time stamp for the form. */
export function issueFormStamp(box: SecretBox, now: Date): string {
  const issued = String(now.getTime());
  return `${issued}.${box.sign(`${PURPOSE}:${issued}`)}`;
}

/** Refuse a form sent too fast, too old or forged, or whose hidden honeypot field was filled in. */
export function checkFormStamp(box: SecretBox, stamp: string | undefined, honeypot: string | undefined, now: Date): void {
  const [issued, signature] = (stamp ?? '').split('.');
  const valid = issued !== undefined && signature !== undefined && /^\d{1,15}$/.test(issued) && safeEqual(signature, box.sign(`${PURPOSE}:${issued}`));
  const age = valid ? (now.getTime() - Number(issued)) / 1000 : -1;
  if (!valid || age < FORM_MIN_SECONDS || age > FORM_MAX_SECONDS || (honeypot ?? '') !== '') throw new AppError('FORM_CHECK_FAILED');
}
