// Request and response schemas of the notification API: the national delivery log with its dead
// letters, and a user's in-app inbox. Recipients appear masked; the data of a notification only in
// the detail, which national supervisors and admins alone may read.
import { Type } from 'typebox';
import { LOCALES } from '../../../core/i18n.ts';
import { NOTIFICATION_STATUSES } from '../engine/model.ts';

const Id = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' });
const NullableText = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const NullableInteger = Type.Unsafe<number | null>({ type: ['integer', 'null'] });

/** Limits of the lists and of the mark-read call. */
export const NOTIFICATION_LIMITS = { pageSize: 200, defaultPageSize: 50, inbox: 50, markRead: 200 } as const;

/** What a template key looks like (`report.status`); anything else is refused before any lookup. */
export const TEMPLATE_KEY_PATTERN = '^[a-z0-9_.-]{1,80}$';
/** The same pattern for code that checks by hand (page filters, which ignore a bad value). */
export const TEMPLATE_KEY = new RegExp(TEMPLATE_KEY_PATTERN);

export const NotificationParams = Type.Object({ notificationId: Id });
/** Actions without a body accept none, or `{}`. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const ListQuery = Type.Object({
  status: Type.Optional(Type.Enum([...NOTIFICATION_STATUSES])),
  template: Type.Optional(Type.String({ pattern: TEMPLATE_KEY_PATTERN })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: NOTIFICATION_LIMITS.pageSize })),
});

export const Notification = Type.Object({
  id: Id,
  channel: Type.String(),
  template: Type.String(),
  locale: Type.String(),
  /** Who it went to, never in full: `n***@example.vn`, `+8491***678`, an organisation's name, a webhook's host. */
  recipient: Type.String(),
  status: Type.String(),
  /** Why a pending row waits: `window` (aggregation) or `rate_limit`. */
  held: NullableText,
  attempts: Type.Integer(),
  /** When a pending row is due next; null once it is no longer pending. */
  nextAttemptAt: NullableTime,
  lastError: NullableText,
  lastStatus: NullableInteger,
  deliveredAt: NullableTime,
  /** The send it went in; a digest's rows share it. */
  messageId: NullableText,
  createdAt: Time,
  subject: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
});

export const NotificationPage = Type.Object({ items: Type.Array(Notification), nextCursor: NullableText });

export const NotificationDetail = Type.Object({
  notification: Notification,
  /** What the template renders (national supervisors and admins only, as this whole endpoint). */
  data: Type.Record(Type.String(), Type.Unknown()),
  /** The send it went in: how many rows it carried, and the others (a digest). Null before its first send. */
  message: Type.Union([Type.Object({ id: Id, count: Type.Integer(), others: Type.Array(Notification) }), Type.Null()]),
});

export const RetryResult = Type.Object({ notification: Notification, requeued: Type.Integer({ description: 'Failed rows of the same message made pending with it' }) });

export const Stats = Type.Object({
  pending: Type.Integer(),
  delivered: Type.Integer(),
  failed: Type.Integer(),
  cancelled: Type.Integer(),
  total: Type.Integer(),
});

export const InboxItem = Type.Object({
  id: Id,
  template: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  createdAt: Time,
  readAt: NullableTime,
});

export const InboxQuery = Type.Object({ lang: Type.Optional(Type.Enum([...LOCALES])) });
export const Inbox = Type.Object({ items: Type.Array(InboxItem), unread: Type.Integer() });

export const MarkReadBody = Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: NOTIFICATION_LIMITS.markRead }) }, { additionalProperties: false });
export const MarkReadResult = Type.Object({ marked: Type.Integer(), unread: Type.Integer() });
