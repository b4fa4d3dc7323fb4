import { sql } from 'drizzle-orm';
import { evidenceFileColumns } from '../../core/files/columns.ts';
import { bigint, bigserial, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * The change serial of the reputation data: one row, bumped under its row lock by every
 * transaction that changes an indicator. Holding the lock until commit means serials become
 * visible in order, so a reader that has seen serial n has seen every change ≤ n (a plain
 * sequence would not promise that). The RPZ SOA serial and every `?since=` cursor are this.
 */
export const reputationSerial = pgTable('reputation_serial', {
  id: smallint('id').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/**
 * An indicator: a normalised target (the targets library) with a verdict from one source.
 * One row per (type, value, source key), so a case decision, an imported list and a partner
 * can each list the same value; the lookup index weighs them (see lookup/lookup-index.ts).
 * `serial` is the change serial of its latest change; the index and feed deltas read by it.
 */
export const indicators = pgTable(
  'indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    value: text('value').notNull(),
    verdict: text('verdict').notNull(),
    categories: text('categories').array().notNull(),
    /** 0–100. */
    confidence: smallint('confidence').notNull(),
    /** case, import, partner, registry or staff. */
    source: text('source').notNull(),
    /** What makes a listing distinct: `case`, `import:phishtank`, `partner:<org id>`, `registry`, `staff`. */
    sourceKey: text('source_key').notNull(),
    /** The case number (VV-12), the feed's own entry id, the partner's reference. */
    sourceRef: text('source_ref'),
    evidenceUrl: text('evidence_url'),
    impersonatedEntityId: uuid('impersonated_entity_id'),
    reportCount: integer('report_count').notNull().default(0),
    firstSeen: time('first_seen').notNull(),
    lastVerified: time('last_verified').notNull(),
    /** Null: does not expire (trusted registry listings live as long as the badge). */
    expiresAt: time('expires_at'),
    /** The rule version the expiry was computed from. */
    ttlRuleId: text('ttl_rule_id'),
    /** active, expired or revoked. */
    status: text('status').notNull(),
    serial: bigint('serial', { mode: 'number' }).notNull(),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('indicators_key').on(t.type, t.value, t.sourceKey),
    index('indicators_serial_idx').on(t.serial),
    index('indicators_value_idx').on(t.value),
    index('indicators_expiry_idx').on(t.expiresAt).where(sql`status = 'active'`),
  ],
);

/**
 * The full history of every indicator: one line per change, numbered by the change serial
 * (listed, updated, reverified, expired, revoked, reinstated), with who and why.
 */
export const indicatorChanges = pgTable(
  'indicator_changes',
  {
    serial: bigint('serial', { mode: 'number' }).primaryKey(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id),
    action: text('action').notNull(),
    status: text('status').notNull(),
    verdict: text('verdict').notNull(),
    categories: text('categories').array().notNull(),
    expiresAt: time('expires_at'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    at: time('at').notNull(),
  },
  (t) => [index('indicator_changes_indicator_idx').on(t.indicatorId, t.serial)],
);

/** Every import run: what came in and what it changed (a re-import of the same file changes nothing). */
export const indicatorImports = pgTable('indicator_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  format: text('format').notNull(),
  sourceKey: text('source_key').notNull(),
  fileName: text('file_name'),
  fileSha256: text('file_sha256').notNull(),
  actorName: text('actor_name').notNull(),
  added: integer('added').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  skipped: integer('skipped').notNull(),
  invalid: integer('invalid').notNull(),
  startedAt: time('started_at').notNull(),
  finishedAt: time('finished_at').notNull(),
});

/** Which RPZ serial a telecom (or any feed consumer organisation) says it has deployed. */
export const feedDeployments = pgTable(
  'feed_deployments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    feed: text('feed').notNull(),
    serial: bigint('serial', { mode: 'number' }).notNull(),
    reportedAt: time('reported_at').notNull(),
  },
  (t) => [index('feed_deployments_org_idx').on(t.orgId, t.feed, t.reportedAt)],
);

/**
 * The trust registry (tín nhiệm mạng): an organisation that applied for a trust badge on its
 * domains, or one staff entered so that indicators can name it as impersonated.
 * status: applied, in_review, approved, rejected, revoked.
 */
export const trustEntities = pgTable('trust_entities', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  website: text('website'),
  description: text('description'),
  /** The applicant's contact, encrypted (SecretBox); never shown publicly. */
  contactCiphertext: text('contact_ciphertext'),
  status: text('status').notNull(),
  statusReason: text('status_reason'),
  /** A human-readable badge number once approved (TN-2026-0001). */
  badgeNumber: text('badge_number'),
  approvedAt: time('approved_at'),
  revokedAt: time('revoked_at'),
  createdAt: time('created_at').notNull(),
  updatedAt: time('updated_at').notNull(),
});

/** The domains a trust entity applied for (normalised by the targets library). */
export const trustDomains = pgTable(
  'trust_domains',
  {
    entityId: uuid('entity_id')
      .notNull()
      .references(() => trustEntities.id),
    domain: text('domain').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityId, t.domain] }), index('trust_domains_domain_idx').on(t.domain)],
);

/** One line per criterion of an application: the applicant's statement and the staff's finding. */
export const trustCriteria = pgTable(
  'trust_criteria',
  {
    entityId: uuid('entity_id')
      .notNull()
      .references(() => trustEntities.id),
    criterion: text('criterion').notNull(),
    statement: text('statement'),
    /** pending, met, not_met. */
    finding: text('finding').notNull(),
    note: text('note'),
    checkedBy: text('checked_by'),
    checkedAt: time('checked_at'),
  },
  (t) => [primaryKey({ columns: [t.entityId, t.criterion] })],
);

/**
 * An appeal against a listing (kháng nghị / yêu cầu gỡ khỏi danh sách): the owner of a listed
 * target asks for delisting. status: received, granted, refused.
 */
export const indicatorAppeals = pgTable(
  'indicator_appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticket: text('ticket').notNull().unique(),
    type: text('type').notNull(),
    value: text('value').notNull(),
    /** new_owner, recycled_number, false_positive, other. */
    ground: text('ground').notNull(),
    statement: text('statement').notNull(),
    appellantName: text('appellant_name').notNull(),
    /** The appellant's email or phone, encrypted; used only to tell them the outcome. */
    contactCiphertext: text('contact_ciphertext').notNull(),
    locale: text('locale').notNull(),
    status: text('status').notNull(),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: time('decided_at'),
    createdAt: time('created_at').notNull(),
  },
  (t) => [index('indicator_appeals_status_idx').on(t.status, t.createdAt), index('indicator_appeals_value_idx').on(t.type, t.value)],
);

/** Evidence files of an appeal (stored by SHA-256 in the evidence store, like report evidence). */
export const appealEvidence = pgTable(
  'appeal_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appealId: uuid('appeal_id')
      .notNull()
      .references(() => indicatorAppeals.id),
    ...evidenceFileColumns(),
  },
  (t) => [index('appeal_evidence_appeal_idx').on(t.appealId)],
);
