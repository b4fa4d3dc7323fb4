import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** What an entry says: the same columns in the chain and in the queue. */
function entryColumns() {
  return {
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    orgId: uuid('org_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    summary: jsonb('summary').notNull(),
    requestId: text('request_id'),
  };
}

/**
 * Append-only, hash-chained audit log. `seq` is assigned under a lock as the
 * previous seq + 1, so a deleted or inserted row breaks the sequence and the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    ...entryColumns(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_org_idx').on(t.orgId, t.seq),
    index('audit_log_action_idx').on(t.action, t.seq),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

/** The chain head, updated in the same transaction as each append: catches tail truncation. */
export const auditHead = pgTable('audit_head', {
  id: text('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Entries written by high-volume public writes (report intake) in their own
 * transaction, without taking the chain's lock; a worker appends them to the
 * chain in order, in batches, within about a second. Nothing is lost: an
 * entry is in this table or in the chain, never in neither.
 */
export const auditPending = pgTable('audit_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ...entryColumns(),
});
