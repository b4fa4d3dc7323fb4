import type { Database } from '../../core/db.ts';
import { chainPendingEntries } from './repository.ts';

const BATCH = 500;

/**
 * Chain every queued entry now, in batches (one lock and one commit per batch);
 * returns how many. Public intake queues its entries instead of taking the
 * chain's lock, so reports do not wait in line behind each other's commits; a
 * worker runs this every second, so the chain stays complete and in order.
 * Several workers are safe (rows are locked, the chain is appended under its lock).
 */
export async function drainAuditQueue(database: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await database.transaction((tx) => chainPendingEntries(tx.db, BATCH));
    total += moved;
    if (moved < BATCH) return total;
  }
}
