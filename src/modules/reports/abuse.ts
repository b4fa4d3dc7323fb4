import type { SecretBox } from '../../core/crypto.ts';
import { safeEqual } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';

const DAY_MS = 86_400_000;

/**
 * At most `perDay` reports from one client about the same target in 24 hours,
 * so one person cannot flood a case (or bury a rival's site in reports). In
 * process memory, like the other rate limits: behind several web processes
 * each keeps its own count (a shared store is the next step, see ARCHITECTURE).
 */
export class TargetRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly perDay: number) {}

  /** Count this report against each of its targets, or refuse it (429) without counting. */
  admit(client: string, targets: readonly { type: string; value: string }[], now: Date): void {
    const since = now.getTime() - DAY_MS;
    const keys = targets.map((t) => `${client}\n${t.type}:${t.value}`);
    const recent = keys.map((key) => (this.hits.get(key) ?? []).filter((at) => at > since));
    const full = recent.findIndex((list) => list.length >= this.perDay);
    if (full !== -1) {
      throw new AppError('RATE_LIMITED', 'You have already reported this target several times today. Thank you: staff will look at it.', [{ field: `targets[${full}]`, message: `at most ${this.perDay} reports of the same target per day` }]);
    }
    keys.forEach((key, index) => this.hits.set(key, [...(recent[index] ?? []), now.getTime()]));
    if (this.hits.size > 100_000) this.sweep(since);
  }

  private sweep(since: number): void {
    for (const [key, list] of this.hits) if (!list.some((at) => at > since)) this.hits.delete(key);
  }
}

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
