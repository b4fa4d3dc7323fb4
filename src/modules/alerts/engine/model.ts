// The words of the notification engine: channels, recipients, what a caller asks to send, and the
// templates that turn a notification's data into a message in its recipient's language.
import type { Static, TSchema } from 'typebox';
import type { SecretBox } from '../../../core/crypto.ts';
import type { Db } from '../../../core/db.ts';
import type { Locale } from '../../../core/i18n.ts';
import type { notifications } from '../tables.ts';

export const CHANNELS = ['email', 'sms', 'webhook', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Event types an organisation can subscribe its webhook endpoints and email addresses to. */
export const ORG_EVENT_TYPES = ['takedown.issued', 'takedown.reminder', 'takedown.restore', 'advisory.published'] as const;
export type OrgEventType = (typeof ORG_EVENT_TYPES)[number];

/** Who a notification goes to. Addresses are encrypted when queued; an organisation's contact address is looked up when sending. */
export type Recipient =
  | { channel: 'email'; address: string }
  /** An address already sealed with the instance's SecretBox (a reporter's contact). */
  | { channel: 'email'; sealedAddress: string }
  | { channel: 'email'; orgContact: string }
  | { channel: 'sms'; phone: string }
  | { channel: 'sms'; sealedPhone: string }
  | { channel: 'webhook'; endpointId: string }
  | { channel: 'in_app'; userId: string };

/** One notification to queue, inside the transaction of its cause. */
export type NotificationSpec = {
  recipient: Recipient;
  template: string;
  locale: Locale;
  /** Checked against the template's data schema when queued. */
  data: Record<string, unknown>;
  orgId?: string | null;
  subject?: { type: string; id: string };
  /** At most one notification per key, ever: queueing it again does nothing. */
  dedupeKey?: string;
  /** Rows with the same recipient, template and key go as one digest (the template's aggregation window). */
  aggregateKey?: string;
};

export type NotificationRow = typeof notifications.$inferSelect;

/** What a template makes of one notification (or of a digest of several). */
export type Rendered = {
  subject: string;
  text: string;
  /** The SMS text (short); falls back to the subject. */
  sms?: string;
  /** The `data` of a webhook message. */
  webhook?: Record<string, unknown>;
  /** One-click unsubscribe (RFC 8058): sent as List-Unsubscribe with List-Unsubscribe-Post. */
  unsubscribeUrl?: string;
};

/** What a template renders with: the database (current state), the language, links, and the box (signed links, sealed values in data). */
export type RenderContext = { db: Db; locale: Locale; publicUrl: string; box: SecretBox };

/** Aggregation: the first row of a group waits `gatherSeconds` for company; after a digest, the group waits `windowSeconds`. */
export type Aggregation = { gatherSeconds: number; windowSeconds: number };

/** A message template: its data schema, sample data for the preview, and how it renders. */
export type Template<S extends TSchema = TSchema> = {
  key: string;
  /** Shown on the templates page. */
  description: { vi: string; en: string };
  channels: readonly Channel[];
  data: S;
  sample: Static<S>;
  /** The webhook message `type`; defaults to the template key. */
  webhookType?: string;
  aggregation?: Aggregation;
  render(ctx: RenderContext, data: Static<S>): Promise<Rendered> | Rendered;
  /** A digest of several notifications (same recipient, template and key); without it, a generic digest lists each. */
  renderDigest?(ctx: RenderContext, items: readonly Static<S>[]): Promise<Rendered> | Rendered;
  /** In the transaction that records a delivery (e.g. a webhook's 2xx marks a takedown request delivered). */
  onDelivered?(tx: Db, rows: readonly NotificationRow[], at: Date): Promise<void>;
  /** In the transaction that makes rows dead letters. */
  onFailed?(tx: Db, rows: readonly NotificationRow[], at: Date): Promise<void>;
};

/** Declare a template with its data type inferred from the schema. */
export function defineTemplate<S extends TSchema>(template: Template<S>): Template<S> {
  return template;
}
