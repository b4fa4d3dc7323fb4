import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, primaryKey, real, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A case (vụ việc): reports grouped by normalised target. Its status is what
 * every reporter of the case sees; its province decides which provincial
 * authority sees it (null: national only).
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: serial('number').notNull().unique(),
    status: text('status').notNull(),
    category: text('category').notNull(),
    categories: text('categories').array().notNull(),
    severity: integer('severity').notNull(),
    provinceCode: text('province_code'),
    reportCount: integer('report_count').notNull(),
    firstReportedAt: time('first_reported_at').notNull(),
    lastReportedAt: time('last_reported_at').notNull(),
    assigneeId: uuid('assignee_id'),
    assignedAt: time('assigned_at'),
    firstReviewedAt: time('first_reviewed_at'),
    decidedAt: time('decided_at'),
    dueAt: time('due_at').notNull(),
    dueRuleVersionId: uuid('due_rule_version_id').notNull(),
    duplicateOf: uuid('duplicate_of'),
    /** Accent-folded descriptions and targets, for search ("lua dao" finds "lừa đảo"). */
    searchText: text('search_text').notNull(),
    /** Set when a reporter answered a question and nobody has looked since. */
    hasNewInformation: boolean('has_new_information').notNull().default(false),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [
    index('cases_queue_idx').on(t.status, t.dueAt),
    index('cases_province_idx').on(t.provinceCode, t.status),
    index('cases_last_reported_idx').on(t.lastReportedAt),
  ],
);

/** Each normalised target belongs to one case: the grouping key. */
export const caseTargets = pgTable(
  'case_targets',
  {
    caseId: uuid('case_id').notNull().references(() => cases.id),
    type: text('type').notNull(),
    value: text('value').notNull(),
    display: text('display').notNull(),
    flags: text('flags').array().notNull(),
    reportCount: integer('report_count').notNull(),
    firstReportedAt: time('first_reported_at').notNull(),
  },
  (t) => [uniqueIndex('case_targets_key').on(t.type, t.value), index('case_targets_case_idx').on(t.caseId)],
);

/** The cases module's view of each report: enough to group, search and count without reading the reports module's tables. */
export const caseReports = pgTable(
  'case_reports',
  {
    reportId: uuid('report_id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    category: text('category').notNull(),
    provinceCode: text('province_code'),
    minhash: integer('minhash').array().notNull(),
    bands: text('bands').array().notNull(),
    reportedAt: time('reported_at').notNull(),
  },
  (t) => [index('case_reports_case_idx').on(t.caseId, t.reportedAt), index('case_reports_bands_idx').using('gin', t.bands)],
);

/** Public history of a case: every line a reporter sees on the tracking page. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: several lines can share one instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    /** Text shown to reporters (a rejection reason, a question); never internal notes. */
    publicNote: text('public_note'),
    decisionId: uuid('decision_id'),
    at: time('at').notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at, t.seq)],
);

/** Staff-only notes on a case. */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    authorId: uuid('author_id').notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdAt: time('created_at').notNull(),
  },
  (t) => [index('case_notes_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * Decisions with their statement of reasons (DSA-compatible fields). A decision
 * that needs a supervisor waits as `pending_approval` and takes effect on approval.
 */
export const caseDecisions = pgTable(
  'case_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    outcome: text('outcome').notNull(),
    state: text('state').notNull(),
    verdict: text('verdict'),
    categories: text('categories').array().notNull(),
    decisionGround: text('decision_ground'),
    legalBasis: text('legal_basis'),
    facts: text('facts'),
    publicNote: text('public_note'),
    automatedDetection: boolean('automated_detection').notNull(),
    automatedDecision: boolean('automated_decision').notNull(),
    duplicateOf: uuid('duplicate_of'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name').notNull(),
    decidedAt: time('decided_at').notNull(),
    reviewedBy: uuid('reviewed_by'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: time('reviewed_at'),
    reviewNote: text('review_note'),
  },
  (t) => [index('case_decisions_case_idx').on(t.caseId, t.decidedAt), index('case_decisions_pending_idx').on(t.state).where(sql`state = 'pending_approval'`)],
);

/** Cases that look alike (same text, or sharing a target across cases), suggested for merging. */
export const mergeSuggestions = pgTable(
  'case_merge_suggestions',
  {
    caseId: uuid('case_id').notNull().references(() => cases.id),
    otherCaseId: uuid('other_case_id').notNull().references(() => cases.id),
    similarity: real('similarity').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    createdAt: time('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.otherCaseId] }), index('case_merge_other_idx').on(t.otherCaseId)],
);
