import type { SecretBox } from '../crypto.ts';
import { safeEqual } from '../crypto.ts';

/**
 * Synchroniser tokens: an HMAC of what the request is bound to (the session, or
 * before login a random cookie), so a forged form from another site cannot carry one.
 */
export function csrfTokenFor(box: SecretBox, binding: string): string {
  return box.sign(`csrf:${binding}`);
}

/** Constant-time check of a submitted token. */
export function csrfTokenValid(box: SecretBox, binding: string, submitted: unknown): boolean {
  return typeof submitted === 'string' && submitted.length > 0 && safeEqual(csrfTokenFor(box, binding), submitted);
}
