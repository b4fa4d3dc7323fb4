// A citizen's subscription, from request to confirmation to unsubscribe (double opt-in).
//
// Asking always does the same work and gets the same answer, whether the address is new, pending,
// confirmed or unsubscribed, so nobody can learn whether an address is subscribed. Each request
// issues a new confirmation token (the previous link stops working) carrying the choices it asks
// for. A pending or unsubscribed subscription takes the new choices at once (it receives nothing
// until confirmed anyway); a confirmed one keeps its current choices until the new link is
// followed, so a stranger who knows an address cannot quietly change what its owner receives.
import { sha256Hex, type SecretBox } from '../../../core/crypto.ts';
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { parseTarget, TargetError } from '../../targets/index.ts';
import type { Notifier } from '../engine/notifier.ts';
import { confirmationTokenValid, issueConfirmationToken, readConfirmationToken, readUnsubscribeToken, SUBSCRIPTION_LIMITS, type Choices } from './model.ts';
import * as repo from './repository.ts';

export type CitizenDeps = { box: SecretBox; notifier: Notifier };

/** An email address in its normal form (lower case, IDN domain in punycode), or a 400 naming `field`. */
export function normalizeAddress(input: string, field: string): string {
  const refuse = () => new AppError('VALIDATION_FAILED', undefined, [{ field, message: 'not an email address' }]);
  if (input.length > SUBSCRIPTION_LIMITS.address) throw refuse();
  try {
    const target = parseTarget(input.trim(), 'email');
    if (target.type !== 'email' || target.value.length > SUBSCRIPTION_LIMITS.address) throw refuse();
    return target.value;
  } catch (error) {
    if (error instanceof TargetError) throw refuse();
    throw error;
  }
}

/** Ask for advisories by email: store or update the subscription and queue its confirmation email. */
export async function requestSubscription(tx: Db, deps: CitizenDeps, email: string, choices: Choices, now: Date): Promise<void> {
  const address = normalizeAddress(email, 'email');
  const addressKey = deps.box.sign(`subscription:${address}`);
  await repo.insertSubscriptionIfNew(tx, {
    addressCiphertext: deps.box.encrypt(address),
    addressKey,
    categories: choices.categories,
    minSeverity: choices.minSeverity,
    locale: choices.locale,
    status: 'pending',
    confirmTokenHash: null,
    createdAt: now,
  });
  const row = await repo.lockByAddressKey(tx, addressKey);
  if (row === null) throw new Error('subscription vanished inside its transaction');
  const token = issueConfirmationToken(row.id, choices, now);
  const confirmTokenHash = sha256Hex(token);
  const change = row.status === 'confirmed';
  if (change) await repo.updateSubscription(tx, row.id, { confirmTokenHash });
  else await repo.updateSubscription(tx, row.id, { confirmTokenHash, status: 'pending', categories: choices.categories, minSeverity: choices.minSeverity, locale: choices.locale });
  await deps.notifier.queue(
    tx,
    [
      {
        recipient: { channel: 'email', address },
        template: 'subscription.confirm',
        locale: choices.locale,
        // Sealed: whoever reads the outbox must not be able to confirm for the address's owner.
        data: { subscriptionId: row.id, sealedToken: deps.box.encrypt(token), categories: choices.categories, minSeverity: choices.minSeverity, change },
        subject: { type: 'advisory_subscription', id: row.id },
      },
    ],
    now,
  );
}

/** What a confirmation link would confirm, or "not found" for a wrong, used or expired link. */
export async function previewConfirmation(db: Db, token: string, now: Date): Promise<Choices> {
  const read = readConfirmationToken(token);
  const row = read === null ? null : await repo.findSubscription(db, read.subscriptionId);
  if (read === null || row === null || !confirmationTokenValid(token, read, row.confirmTokenHash, now)) throw new AppError('NOT_FOUND');
  return read.choices;
}

/** Confirm a subscription with its link (once): it takes the choices the link carries. */
export async function confirmSubscription(tx: Db, token: string, now: Date): Promise<Choices> {
  const read = readConfirmationToken(token);
  const row = read === null ? null : await repo.findSubscription(tx, read.subscriptionId, true);
  if (read === null || row === null || !confirmationTokenValid(token, read, row.confirmTokenHash, now)) throw new AppError('NOT_FOUND');
  const { categories, minSeverity, locale } = read.choices;
  await repo.updateSubscription(tx, row.id, { status: 'confirmed', categories, minSeverity, locale, confirmTokenHash: null, confirmedAt: now, unsubscribedAt: null });
  return read.choices;
}

/** Whether an unsubscribe token is one this instance signed (the page shows its button only then). */
export function unsubscribeTokenValid(box: SecretBox, token: string): boolean {
  return readUnsubscribeToken(box, token) !== null;
}

/**
 * Unsubscribe with a signed token; doing it again changes nothing. A pending confirmation link
 * stops working too, and advisory emails not sent yet are cancelled.
 */
export async function unsubscribe(tx: Db, box: SecretBox, token: string, now: Date): Promise<void> {
  const id = readUnsubscribeToken(box, token);
  const row = id === null ? null : await repo.findSubscription(tx, id, true);
  if (row === null) throw new AppError('NOT_FOUND');
  if (row.status === 'unsubscribed' && row.confirmTokenHash === null) return;
  await repo.updateSubscription(tx, row.id, { status: 'unsubscribed', confirmTokenHash: null, unsubscribedAt: row.status === 'unsubscribed' ? (row.unsubscribedAt ?? now) : now });
  await repo.cancelPendingAdvisoryMail(tx, row.id);
}
