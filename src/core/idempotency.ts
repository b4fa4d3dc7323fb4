import { eq, sql } from 'drizzle-orm';
import { sha256Hex } from './crypto.ts';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';
import { idempotencyKeys } from './tables.ts';

/** A client's `Idempotency-Key`: 1–200 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export type StoredResponse<T> = { status: number; body: T };

/**
 * Run `write` at most once per key. The key row is inserted first, inside the
 * caller's transaction: a concurrent request with the same key waits on the
 * unique index and then sees the committed response. The same key with a
 * different request is refused (422), as Stripe and the IETF draft do.
 */
export async function withIdempotency<T>(
  tx: Db,
  key: { scope: string; key: string | null; request: unknown; now: Date },
  write: () => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> {
  if (key.key === null) return { ...(await write()), replayed: false };
  if (!IDEMPOTENCY_KEY_PATTERN.test(key.key)) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'Idempotency-Key', message: '1–200 visible ASCII characters' }]);
  const keyHash = sha256Hex(`${key.scope}\n${key.key}`);
  const requestHash = sha256Hex(JSON.stringify(key.request));
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ keyHash, requestHash, status: 0, response: {}, createdAt: key.now })
    .onConflictDoNothing()
    .returning({ keyHash: idempotencyKeys.keyHash });
  if (claimed.length === 0) {
    const [existing] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.keyHash, keyHash));
    if (existing === undefined || existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    // The stored body is the JSON this endpoint produced for the same request.
    return { status: existing.status, body: existing.response as T, replayed: true };
  }
  const result = await write();
  await tx.update(idempotencyKeys).set({ status: result.status, response: sql`${JSON.stringify(result.body)}::jsonb` }).where(eq(idempotencyKeys.keyHash, keyHash));
  return { ...result, replayed: false };
}
