import { sql } from 'drizzle-orm';
import { evidenceFileColumns } from '../../core/files/columns.ts';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A report (phản ánh) as the reporter sent it. The contact is encrypted at rest
 * and never leaves this module except to the notification job.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticket: text('ticket').notNull().unique(),
    /** Null until the grouper puts the report into its case (within about a second). */
    caseId: uuid('case_id'),
    category: text('category').notNull(),
    description: text('description').notNull(),
    locale: text('locale').notNull(),
    provinceCode: text('province_code'),
    channel: text('channel').notNull(),
    contactCiphertext: text('contact_ciphertext'),
    contactKind: text('contact_kind'),
    /** The reporter agreed that the platform running the reported content may see the contact. */
    shareContact: boolean('share_contact').notNull().default(false),
    createdAt: time('created_at').notNull(),
  },
  (t) => [
    index('reports_case_idx').on(t.caseId, t.createdAt),
    index('reports_created_idx').on(t.createdAt),
    index('reports_ungrouped_idx').on(t.createdAt, t.id).where(sql`case_id is null`),
  ],
);

/** The targets of a report, normalised by the targets library. */
export const reportTargets = pgTable(
  'report_targets',
  {
    reportId: uuid('report_id').notNull().references(() => reports.id),
    position: integer('position').notNull(),
    type: text('type').notNull(),
    value: text('value').notNull(),
    display: text('display').notNull(),
    flags: text('flags').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.position] }), index('report_targets_key_idx').on(t.type, t.value)],
);

/** Evidence files: metadata here, bytes content-addressed on disk. */
export const reportEvidence = pgTable(
  'report_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id').notNull().references(() => reports.id),
    position: integer('position').notNull(),
    ...evidenceFileColumns(),
  },
  (t) => [index('report_evidence_report_idx').on(t.reportId, t.position)],
);

/** The reporter's own history lines: received, their answers to questions. */
export const reportEvents = pgTable(
  'report_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id').notNull().references(() => reports.id),
    kind: text('kind').notNull(),
    body: text('body'),
    at: time('at').notNull(),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.at)],
);
