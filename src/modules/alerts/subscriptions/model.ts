// The words of advisory subscriptions: severities in order, what a citizen chooses, the payload of
// `advisory.published`, and the two tokens a subscriber holds. The confirmation token carries the
// choices it confirms (only its hash is stored, so they cannot be altered); the unsubscribe token
// is an HMAC of the subscription id, so nothing is stored for it and it never expires.
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { randomToken, safeEqual, sha256Hex, type SecretBox } from '../../../core/crypto.ts';
import { LOCALES, type Locale } from '../../../core/i18n.ts';
import { isUuid } from '../../../core/validate.ts';
import { CATEGORY_CODES, type Category } from '../../cases/index.ts';

/** Advisory severities, lowest first (the order the minimum-severity choice compares by). */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SUBSCRIPTION_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;

export const SUBSCRIPTION_LIMITS = {
  /** A confirmation link works this long. */
  confirmDays: 7,
  /** Subscribers read and queued per page by the fan-out (100,000 never sit in one array). */
  fanOutPage: 1000,
  /** Extra addresses one organisation may have told of its events. */
  orgAddresses: 20,
  address: 254,
} as const;

/** What a subscriber chose: categories (none = all), the lowest severity wanted, the language. */
export type Choices = { categories: Category[]; minSeverity: Severity; locale: Locale };

/** The default choices: everything from `medium` up, in Vietnamese. */
export const DEFAULT_CHOICES: Choices = { categories: [], minSeverity: 'medium', locale: 'vi' };

/** The payload of the `advisory.published` domain event (the advisories part publishes it). */
export const AdvisoryPublished = Type.Object({
  advisoryId: Type.String(),
  number: Type.Integer(),
  severity: Type.Enum([...SEVERITIES]),
  categories: Type.Array(Type.String()),
  audience: Type.Enum(['public', 'org_kind', 'org']),
  audienceOrgKind: Type.Union([Type.String(), Type.Null()]),
  audienceOrgId: Type.Union([Type.String(), Type.Null()]),
});
export type AdvisoryPublished = Static<typeof AdvisoryPublished>;

/** The minimum severities that let an advisory of `severity` through (`high` → info…high). */
export function minSeveritiesAdmitting(severity: Severity): Severity[] {
  return SEVERITIES.slice(0, SEVERITIES.indexOf(severity) + 1);
}

/** Whether a value is a severity. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

// The choices inside a confirmation token, in short names so the link stays short.
const TokenChoices = Type.Object({ c: Type.Array(Type.Enum([...CATEGORY_CODES]), { maxItems: CATEGORY_CODES.length }), s: Type.Enum([...SEVERITIES]), l: Type.Enum([...LOCALES]) }, { additionalProperties: false });

/** A confirmation token as read: which subscription, when it was issued, what it confirms. */
export type ConfirmationToken = { subscriptionId: string; issuedAt: Date; choices: Choices };

/** A new confirmation token for a subscription: `<id>.<issued>.<choices>.<random>`; store `sha256Hex` of it. */
export function issueConfirmationToken(subscriptionId: string, choices: Choices, now: Date): string {
  const packed = Buffer.from(JSON.stringify({ c: choices.categories, s: choices.minSeverity, l: choices.locale })).toString('base64url');
  return `${subscriptionId}.${now.getTime().toString(36)}.${packed}.${randomToken(24)}`;
}

/** Read a confirmation token's parts; null when it cannot be one (its hash is checked against the row by the caller). */
export function readConfirmationToken(token: string): ConfirmationToken | null {
  const parts = token.split('.');
  const [id, issued, packed, random] = parts;
  if (parts.length !== 4 || id === undefined || issued === undefined || packed === undefined || random === undefined) return null;
  if (!isUuid(id) || !/^[0-9a-z]{1,12}$/.test(issued) || !/^[A-Za-z0-9_-]{32}$/.test(random) || packed.length > 1000) return null;
  let choices: unknown;
  try {
    choices = JSON.parse(Buffer.from(packed, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Value.Check(TokenChoices, choices)) return null;
  return { subscriptionId: id.toLowerCase(), issuedAt: new Date(parseInt(issued, 36)), choices: { categories: [...new Set(choices.c)], minSeverity: choices.s, locale: choices.l } };
}

/** Whether `token` is the one whose hash is stored, and still within its week. */
export function confirmationTokenValid(token: string, read: ConfirmationToken, storedHash: string | null, now: Date): boolean {
  if (storedHash === null || !safeEqual(sha256Hex(token), storedHash)) return false;
  const age = now.getTime() - read.issuedAt.getTime();
  return age >= 0 && age <= SUBSCRIPTION_LIMITS.confirmDays * 86_400_000;
}

/** The unsubscribe token of a subscription: `<id>.<HMAC>`. */
export function unsubscribeToken(box: SecretBox, subscriptionId: string): string {
  return `${subscriptionId}.${box.sign(`unsubscribe:${subscriptionId}`)}`;
}

/** The subscription an unsubscribe token names, or null for a token this instance did not sign. */
export function readUnsubscribeToken(box: SecretBox, token: string): string | null {
  const dot = token.indexOf('.');
  const id = token.slice(0, dot);
  if (dot < 0 || !isUuid(id)) return null;
  return safeEqual(token.slice(dot + 1), box.sign(`unsubscribe:${id}`)) ? id : null;
}

/** The one-click unsubscribe link of a subscription. */
export function unsubscribeUrl(box: SecretBox, publicUrl: string, subscriptionId: string): string {
  return `${publicUrl}/subscriptions/unsubscribe?token=${encodeURIComponent(unsubscribeToken(box, subscriptionId))}`;
}

/** The confirmation link of a token. */
export function confirmationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/subscriptions/confirm?token=${encodeURIComponent(token)}`;
}
