import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Domain events, written in the transaction of the change that caused them
 * (transactional outbox). `serial` orders them; later modules read from a
 * serial onwards, and in-process subscribers run inside the same transaction.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    serial: bigserial('serial', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    aggregateId: uuid('aggregate_id').notNull(),
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('domain_events_type_idx').on(t.type, t.serial), index('domain_events_aggregate_idx').on(t.aggregateId, t.serial)],
);

/**
 * Idempotency keys of API writes: the first response is kept and replayed for
 * the same key and the same request; the same key with another request is refused.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  keyHash: text('key_hash').primaryKey(),
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  response: jsonb('response').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
});
