// Warnings and notifications (cảnh báo): the notification outbox every module sends through, the
// aggregation windows that turn many events into one digest, where organisations want to be told
// (webhook endpoints and email addresses by event type), public advisories with their history, and
// citizens' advisory subscriptions.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * One message to one recipient on one channel, written in the transaction of its cause (the
 * outbox), then delivered by workers: `pending` (due at `next_attempt_at`; a claim pushes that to
 * the end of a lease) → `delivered`, or `failed` after the last attempt (a dead letter, retried by
 * hand), or `cancelled`. Rows with a `group_key` are sent together as one digest per window.
 *
 * The recipient is one of: an encrypted address (`address_ciphertext`, email or phone), an
 * organisation's contact address looked up at send time (`org_id` with channel email and no
 * address), a webhook endpoint (`endpoint_id`) or a user's in-app inbox (`user_id`).
 * `recipient_key` names that recipient without personal data (an HMAC of the address), for
 * grouping and rate limits.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Queue order: one recipient's messages go in the order their causes happened, even within one instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    channel: text('channel').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    recipientKey: text('recipient_key').notNull(),
    addressCiphertext: text('address_ciphertext'),
    endpointId: uuid('endpoint_id'),
    userId: uuid('user_id'),
    /** The organisation the message is for or about (its delivery log shows it). */
    orgId: uuid('org_id'),
    subjectType: text('subject_type'),
    subjectId: uuid('subject_id'),
    /** What the template needs; no contact details (those are in `address_ciphertext`). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** At most one notification per key: the cause's own idempotency (e.g. `report:<id>:case-event:<id>`). */
    dedupeKey: text('dedupe_key'),
    /** Recipient + template + aggregation key: pending rows with the same key go as one digest. */
    groupKey: text('group_key'),
    status: text('status').notNull(),
    /** Why a pending row waits: `window` (aggregation) or `rate_limit`; null when simply due. */
    held: text('held'),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: time('next_attempt_at').notNull(),
    /** The send this row went in (shared by a digest's rows; the webhook id). Set at claim. */
    messageId: uuid('message_id'),
    lastError: text('last_error'),
    lastStatus: integer('last_status'),
    deliveredAt: time('delivered_at'),
    /** In-app notifications: when the user read it. */
    readAt: time('read_at'),
    createdAt: time('created_at').notNull(),
  },
  (t) => [
    index('notifications_due_idx')
      .on(t.nextAttemptAt, t.seq)
      .where(sql`status = 'pending'`),
    index('notifications_group_idx')
      .on(t.groupKey, t.nextAttemptAt)
      .where(sql`status = 'pending' and group_key is not null`),
    uniqueIndex('notifications_dedupe_idx').on(t.dedupeKey),
    index('notifications_recipient_sent_idx').on(t.recipientKey, t.deliveredAt),
    index('notifications_failed_idx')
      .on(t.createdAt, t.id)
      .where(sql`status = 'failed'`),
    index('notifications_org_idx').on(t.orgId, t.createdAt, t.id),
    index('notifications_user_idx')
      .on(t.userId, t.createdAt, t.id)
      .where(sql`channel = 'in_app'`),
    index('notifications_subject_idx').on(t.subjectType, t.subjectId),
    index('notifications_message_idx').on(t.messageId),
  ],
);

/** When a group last went out and when the next digest of it may go (its template's window). */
export const notificationWindows = pgTable('notification_windows', {
  groupKey: text('group_key').primaryKey(),
  lastSentAt: time('last_sent_at').notNull(),
  nextAllowedAt: time('next_allowed_at').notNull(),
});

/**
 * Where an organisation wants its events pushed: a URL, the secret its messages are signed with
 * (encrypted at rest) and the event types it takes (see ORG_EVENT_TYPES).
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    url: text('url').notNull(),
    secretCiphertext: text('secret_ciphertext').notNull(),
    eventTypes: text('event_types').array().notNull().default(sql`'{takedown.issued,takedown.restore,takedown.reminder}'::text[]`),
    createdAt: time('created_at').notNull(),
    disabledAt: time('disabled_at'),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.orgId)],
);

/** An email address an organisation wants told of some event types, besides its contact address. */
export const orgEmailSubscriptions = pgTable(
  'org_email_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    address: text('address').notNull(),
    eventTypes: text('event_types').array().notNull(),
    createdAt: time('created_at').notNull(),
    disabledAt: time('disabled_at'),
  },
  (t) => [index('org_email_subscriptions_org_idx').on(t.orgId)],
);

/**
 * A public advisory (cảnh báo): bilingual Markdown, severity, categories, what it links to, its
 * audience, and where it is in draft → in_review → published → archived. It is published only
 * when a supervisor other than its author approves it.
 */
export const advisories = pgTable(
  'advisories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as CB-<number>. */
    number: serial('number').notNull().unique(),
    status: text('status').notNull(),
    severity: text('severity').notNull(),
    categories: text('categories').array().notNull(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en').notNull(),
    bodyVi: text('body_vi').notNull(),
    bodyEn: text('body_en').notNull(),
    /** public | org_kind | org. */
    audience: text('audience').notNull(),
    audienceOrgKind: text('audience_org_kind'),
    audienceOrgId: uuid('audience_org_id'),
    indicatorIds: uuid('indicator_ids').array().notNull(),
    caseIds: uuid('case_ids').array().notNull(),
    /** Cleanup campaigns, by reference (the events module names them). */
    campaignRefs: text('campaign_refs').array().notNull(),
    authorOrgId: uuid('author_org_id').notNull(),
    authorUserId: uuid('author_user_id').notNull(),
    submittedAt: time('submitted_at'),
    approvedBy: uuid('approved_by'),
    publishedAt: time('published_at'),
    archivedAt: time('archived_at'),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [index('advisories_published_idx').on(t.status, t.publishedAt, t.id), index('advisories_author_org_idx').on(t.authorOrgId, t.updatedAt)],
);

/** An advisory's history: created, edited, submitted, returned (with the reviewer's note), approved, published, archived. */
export const advisoryEvents = pgTable(
  'advisory_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    advisoryId: uuid('advisory_id')
      .notNull()
      .references(() => advisories.id),
    kind: text('kind').notNull(),
    actorUserId: uuid('actor_user_id'),
    note: text('note'),
    at: time('at').notNull(),
  },
  (t) => [index('advisory_events_advisory_idx').on(t.advisoryId, t.at)],
);

/**
 * A citizen's subscription to advisories by email: pending until the link in the confirmation email
 * is followed (double opt-in), then confirmed until unsubscribed. The address is encrypted; its
 * HMAC (`address_key`) finds a subscription again without decrypting every row.
 */
export const advisorySubscriptions = pgTable(
  'advisory_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    addressCiphertext: text('address_ciphertext').notNull(),
    addressKey: text('address_key').notNull(),
    /** Empty: every category. */
    categories: text('categories').array().notNull(),
    /** The lowest severity wanted (info < low < medium < high < critical). */
    minSeverity: text('min_severity').notNull(),
    locale: text('locale').notNull(),
    status: text('status').notNull(),
    /** SHA-256 of the confirmation token sent by email; cleared once confirmed. */
    confirmTokenHash: text('confirm_token_hash'),
    createdAt: time('created_at').notNull(),
    confirmedAt: time('confirmed_at'),
    unsubscribedAt: time('unsubscribed_at'),
  },
  (t) => [uniqueIndex('advisory_subscriptions_address_idx').on(t.addressKey), index('advisory_subscriptions_confirmed_idx').on(t.status)],
);
