// Takedown and blocking requests, their history, the domains platforms say they operate, and the
// published statements of reasons (the transparency database).
import { evidenceFileColumns } from '../../core/files/columns.ts';
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** A target named in a request: its type and normalised value (the targets library). */
export type RequestTarget = { type: string; value: string };

/**
 * One request to one recipient organisation. The deadline is computed once, at issue, from the
 * rule version in force then, and that version is stored with it (`dueRuleVersionId`).
 */
export const takedownRequests = pgTable(
  'takedown_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: serial('number').notNull().unique(),
    kind: text('kind').notNull(),
    /** The authority organisation that issued it; null for a user complaint routed from a report. */
    issuerOrgId: uuid('issuer_org_id'),
    recipientOrgId: uuid('recipient_org_id').notNull(),
    caseId: uuid('case_id'),
    reportId: uuid('report_id'),
    action: text('action').notNull(),
    targets: jsonb('targets').$type<RequestTarget[]>().notNull(),
    category: text('category').notNull(),
    /** The provision the content breaks (free text with its citation), shown to the recipient and published. */
    legalBasis: text('legal_basis').notNull(),
    /** Facts and reasons, written for the recipient; published with the statement (no personal data). */
    statement: text('statement').notNull(),
    /** Links to evidence the recipient may open (case evidence stays with the authority). */
    evidenceLinks: text('evidence_links').array().notNull(),
    /** A routed complaint: the reporter's description, for the platform only (never published). */
    complaintText: text('complaint_text'),
    /** A routed complaint: the reporter's contact, encrypted, only when the reporter agreed to share it. */
    complainantContactCiphertext: text('complainant_contact_ciphertext'),
    urgent: boolean('urgent').notNull(),
    status: text('status').notNull(),
    issuedAt: time('issued_at').notNull(),
    dueAt: time('due_at').notNull(),
    dueRuleVersionId: uuid('due_rule_version_id').notNull(),
    dueRuleKey: text('due_rule_key').notNull(),
    dueRuleCitation: text('due_rule_citation').notNull(),
    deliveredAt: time('delivered_at'),
    acknowledgedAt: time('acknowledged_at'),
    respondedAt: time('responded_at'),
    /** When the recipient says the action was taken (may be before it answered here). */
    actionedAt: time('actioned_at'),
    responseNote: text('response_note'),
    responseProof: text('response_proof'),
    withdrawnAt: time('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason'),
    remindedAt: time('reminded_at'),
    /** Set by the overdue sweep when the deadline passed with the request still open. */
    overdueAt: time('overdue_at'),
    createdBy: uuid('created_by'),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [
    // Newest-first lists with a cursor: the recipient's inbox, the issuer's list, the national list.
    // Ascending columns: PostgreSQL reads them backwards for `order by issued_at desc, id desc`
    // (drizzle's `.desc()` would make them NULLS LAST, which that order cannot use).
    index('takedown_requests_recipient_idx').on(t.recipientOrgId, t.issuedAt, t.id),
    index('takedown_requests_issuer_idx').on(t.issuerOrgId, t.issuedAt, t.id),
    index('takedown_requests_issued_idx').on(t.issuedAt, t.id),
    index('takedown_requests_case_idx').on(t.caseId),
    // The reminder sweep looks only at open requests, by deadline; the overdue sweep only at those not marked yet.
    index('takedown_requests_open_due_idx')
      .on(t.dueAt)
      .where(sql`status in ('issued', 'delivered', 'acknowledged')`),
    index('takedown_requests_unmarked_due_idx')
      .on(t.dueAt, t.id)
      .where(sql`overdue_at is null and status in ('issued', 'delivered', 'acknowledged')`),
  ],
);

/**
 * Evidence files the authority attaches to a request (screenshots, archived pages), stored by SHA-256
 * in the evidence store; the recipient's members and the issuer's staff open them, every view audited.
 */
export const takedownEvidence = pgTable(
  'takedown_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => takedownRequests.id),
    position: integer('position').notNull(),
    ...evidenceFileColumns(),
  },
  (t) => [index('takedown_evidence_request_idx').on(t.requestId, t.position)],
);

/** Every step of a request, in order: who did what, when (the audit log holds the same, chained). */
export const takedownEvents = pgTable(
  'takedown_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => takedownRequests.id),
    kind: text('kind').notNull(),
    /** The organisation whose member (or token) acted; null for the system (sweeps). */
    actorOrgId: uuid('actor_org_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    at: time('at').notNull(),
  },
  (t) => [index('takedown_events_request_idx').on(t.requestId, t.id)],
);

/**
 * A host a platform says it operates (`facebook.com` covers its subdomains): requests about
 * targets on it are suggested to that platform, and reports about them become user complaints.
 */
export const operatedDomains = pgTable(
  'operated_domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    domain: text('domain').notNull(),
    createdAt: time('created_at').notNull(),
  },
  (t) => [uniqueIndex('operated_domains_domain_idx').on(t.domain), index('operated_domains_org_idx').on(t.orgId)],
);

/**
 * A published statement of reasons for an actioned request, with the fields of the EU DSA
 * transparency database (their names and values), and nothing that names a person.
 */
export const transparencyStatements = pgTable(
  'transparency_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => takedownRequests.id),
    platformOrgId: uuid('platform_org_id').notNull(),
    platformName: text('platform_name').notNull(),
    decisionVisibility: text('decision_visibility').array().notNull(),
    decisionAccount: text('decision_account'),
    decisionProvision: text('decision_provision'),
    decisionGround: text('decision_ground').notNull(),
    legalGround: text('legal_ground').notNull(),
    explanation: text('explanation').notNull(),
    category: text('category').notNull(),
    contentType: text('content_type').array().notNull(),
    automatedDetection: boolean('automated_detection').notNull(),
    automatedDecision: text('automated_decision').notNull(),
    sourceType: text('source_type').notNull(),
    territorialScope: text('territorial_scope').array().notNull(),
    /** Our own fields: the request's outcome and timing, for the per-platform figures. */
    outcome: text('outcome').notNull(),
    issuedAt: time('issued_at').notNull(),
    applicationDate: time('application_date').notNull(),
    onTime: boolean('on_time').notNull(),
    publishedAt: time('published_at').notNull(),
    /** The decided appeal against the action, if any: null, `restored` or `confirmed` (appeals/). */
    appealOutcome: text('appeal_outcome'),
  },
  (t) => [
    uniqueIndex('transparency_statements_request_idx').on(t.requestId),
    index('transparency_statements_published_idx').on(t.publishedAt, t.id),
    index('transparency_statements_platform_idx').on(t.platformOrgId, t.publishedAt, t.id),
  ],
);

/**
 * An appeal by the owner of what a request took down (content removed, an account suspended, a site
 * blocked) against the action, named by its statement of reasons. A supervisor of the issuing
 * authority restores or confirms; the appellant follows it by ticket. At most one open appeal per
 * request (the partial unique index backs the check made under the request's row lock).
 */
export const takedownAppeals = pgTable(
  'takedown_appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticket: text('ticket').notNull().unique(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => takedownRequests.id),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => transparencyStatements.id),
    appellantName: text('appellant_name').notNull(),
    /** The appellant's email, encrypted; null when they left none (they follow the ticket instead). */
    contactCiphertext: text('contact_ciphertext'),
    /** The appellant's grounds, for the deciding supervisors only. */
    statement: text('statement').notNull(),
    locale: text('locale').notNull(),
    /** received → restored | confirmed. */
    status: text('status').notNull(),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: time('decided_at'),
    createdAt: time('created_at').notNull(),
  },
  (t) => [
    index('takedown_appeals_status_idx').on(t.status, t.createdAt),
    index('takedown_appeals_request_idx').on(t.requestId),
    uniqueIndex('takedown_appeals_open_idx')
      .on(t.requestId)
      .where(sql`status = 'received'`),
  ],
);

/** Evidence files of a takedown appeal (stored by SHA-256 in the evidence store, like report evidence). */
export const takedownAppealEvidence = pgTable(
  'takedown_appeal_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appealId: uuid('appeal_id')
      .notNull()
      .references(() => takedownAppeals.id),
    ...evidenceFileColumns(),
  },
  (t) => [index('takedown_appeal_evidence_appeal_idx').on(t.appealId)],
);
