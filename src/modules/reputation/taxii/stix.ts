// STIX 2.1 for listings (pure): an `indicator` SDO per listing with a pattern per target type,
// the antoan identity, and the TLP:CLEAR marking. Versions follow STIX §3.6: a listing keeps its
// id while it changes, expires, comes back or turns trusted (valid_until says when it stopped
// counting); a revoked object is never brought back, so a listing reinstated after a revocation
// becomes a new object (a new "life") and the old one stays revoked.
import { isoTimestamp as iso } from '../../../core/clock.ts';
import { targetTypeLabel, type TargetType } from '../../targets/index.ts';
import type { IndicatorStatus, IndicatorVerdict } from '../model.ts';
import { ANTOAN_IDENTITY_ID, lifeUuid } from './ids.ts';

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** TLP:CLEAR as published by OASIS (the TLP 2.0 marking-definition extension, cti-stix-common-objects). */
export const TLP_CLEAR_ID = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';
const TLP_2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export const TLP_CLEAR_MARKING = {
  type: 'marking-definition',
  spec_version: '2.1',
  id: TLP_CLEAR_ID,
  created: '2022-10-01T00:00:00.000Z',
  name: 'TLP:CLEAR',
  extensions: { [TLP_2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'clear' } },
} as const;

/** When antoan's identity object was first published (a constant: the object never changes). */
export const IDENTITY_CREATED = '2025-01-01T00:00:00.000Z';

export const ANTOAN_IDENTITY = {
  type: 'identity',
  spec_version: '2.1',
  id: ANTOAN_IDENTITY_ID,
  created: IDENTITY_CREATED,
  modified: IDENTITY_CREATED,
  name: 'antoan — Tín nhiệm mạng Việt Nam (Vietnam network trust)',
  description: 'Danh sách tín nhiệm mạng của nền tảng antoan: giá trị đã được xác minh là nguy hiểm hoặc đáng ngờ. / The antoan platform’s network-trust listings: values verified as dangerous or suspicious.',
  identity_class: 'organization',
  object_marking_refs: [TLP_CLEAR_ID],
} as const;

/** A listing as the feeds see it, whether it comes from the live index or from the database. */
export type ListingRecord = {
  id: string;
  type: TargetType;
  value: string;
  verdict: IndicatorVerdict;
  categories: readonly string[];
  confidence: number;
  source: string;
  evidenceUrl: string | null;
  reportCount: number;
  impersonated: { slug: string; name: string } | null;
  /** Epoch milliseconds. */
  firstSeen: number;
  /** The time of the latest change: the STIX `modified` and the TAXII `date_added`. */
  changedAt: number;
  expiresAt: number | null;
  status: IndicatorStatus;
  /** The change serial of the latest change. */
  serial: number;
};

/** A reinstatement after a revocation: the change's serial and time (epoch ms). */
export type Reinstatement = { serial: number; at: number };

/** One life of a listing: between its listing (or a reinstatement) and the next reinstatement. */
export type Life = { id: string; start: number };

export type StixIndicator = {
  type: 'indicator';
  spec_version: '2.1';
  id: string;
  created_by_ref: string;
  created: string;
  modified: string;
  name: string;
  description: string;
  indicator_types: string[];
  pattern: string;
  pattern_type: 'stix';
  pattern_version: '2.1';
  valid_from: string;
  valid_until?: string;
  labels?: string[];
  confidence: number;
  external_references?: { source_name: string; url: string }[];
  object_marking_refs: string[];
  revoked?: true;
};

/** Escape a string literal of a STIX pattern: only `\` and `'` need it (STIX 2.1 §9.2). */
export function escapePatternString(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
}

const HASH_ALGORITHMS: Readonly<Record<number, string>> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256' };
// STIX account-type-ov names X by its former name.
const ACCOUNT_TYPES: Readonly<Record<string, string>> = { x: 'twitter' };

/**
 * The STIX pattern of a normalised value. Types STIX has no observable for (phone numbers, bank
 * accounts, message text) use antoan's custom observable types `x-antoan-phone`,
 * `x-antoan-bank-account` and `x-antoan-text` with a `value` property: valid pattern syntax that
 * consumers without those types simply never match.
 */
export function stixPattern(type: TargetType, value: string): string {
  const literal = (text: string) => `'${escapePatternString(text)}'`;
  switch (type) {
    case 'url':
      return `[url:value = ${literal(value)}]`;
    case 'domain': {
      if (!value.startsWith('*.')) return `[domain-name:value = ${literal(value)}]`;
      // The wildcard covers the domain and every name under it. LIKE has no escape character,
      // so an `_` in a name would match any one character there: slightly wider, never narrower.
      const base = value.slice(2);
      return `[domain-name:value = ${literal(base)} OR domain-name:value LIKE ${literal(`%.${base}`)}]`;
    }
    case 'ip': {
      const object = value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
      // A range matches every address in it (ISSUBSET), not only an observed value written as the same range.
      return value.includes('/') ? `[${object}:value ISSUBSET ${literal(value)}]` : `[${object}:value = ${literal(value)}]`;
    }
    case 'email':
      return `[email-addr:value = ${literal(value)}]`;
    case 'file_hash': {
      const algorithm = HASH_ALGORITHMS[value.length];
      return algorithm === undefined ? `[x-antoan-file-hash:value = ${literal(value)}]` : `[file:hashes.${literal(algorithm)} = ${literal(value)}]`;
    }
    case 'social_account': {
      const colon = value.indexOf(':');
      if (colon < 0) return `[user-account:user_id = ${literal(value)}]`;
      const platform = value.slice(0, colon);
      return `[user-account:account_type = ${literal(ACCOUNT_TYPES[platform] ?? platform)} AND user-account:user_id = ${literal(value.slice(colon + 1))}]`;
    }
    case 'phone':
      return `[x-antoan-phone:value = ${literal(value)}]`;
    case 'bank_account':
      return `[x-antoan-bank-account:value = ${literal(value)}]`;
    case 'text':
      return `[x-antoan-text:value = ${literal(value)}]`;
  }
}

const INDICATOR_TYPES: Readonly<Record<IndicatorVerdict, string>> = { dangerous: 'malicious-activity', suspicious: 'anomalous-activity', trusted: 'benign' };
const VERDICT_WORDS: Readonly<Record<IndicatorVerdict, { vi: string; en: string }>> = {
  dangerous: { vi: 'nguy hiểm', en: 'dangerous' },
  suspicious: { vi: 'đáng ngờ', en: 'suspicious' },
  trusted: { vi: 'tín nhiệm', en: 'trusted' },
};
const SOURCE_WORDS: Readonly<Record<string, { vi: string; en: string }>> = {
  case: { vi: 'vụ việc đã xác minh', en: 'a verified case' },
  import: { vi: 'nguồn dữ liệu nhập', en: 'an imported feed' },
  partner: { vi: 'đối tác', en: 'a partner' },
  registry: { vi: 'sổ đăng ký tín nhiệm', en: 'the trust registry' },
  staff: { vi: 'cán bộ xác minh', en: 'staff' },
};
const NAME_VALUE_MAX = 200;

type Wording = { name: string; vi: string; en: string; sourceVi: string; sourceEn: string };
// The sentences depend only on (type, verdict, source): worded once, not once per object of a
// million-object bundle.
const wordings = new Map<string, Wording>();

function wordingOf(record: ListingRecord): Wording {
  const key = `${record.type}|${record.verdict}|${record.source}`;
  const known = wordings.get(key);
  if (known !== undefined) return known;
  const verdict = VERDICT_WORDS[record.verdict];
  const source = SOURCE_WORDS[record.source] ?? { vi: record.source, en: record.source };
  const typeEn = targetTypeLabel(record.type, 'en').toLowerCase();
  const wording = {
    name: `${verdict.en[0]?.toUpperCase() ?? ''}${verdict.en.slice(1)} ${typeEn}: `,
    vi: `antoan xếp ${targetTypeLabel(record.type, 'vi').toLowerCase()} này là ${verdict.vi}.`,
    en: `antoan lists this ${typeEn} as ${verdict.en}.`,
    sourceVi: ` Nguồn: ${source.vi}.`,
    sourceEn: ` Source: ${source.en}.`,
  };
  wordings.set(key, wording);
  return wording;
}

function nameOf(record: ListingRecord, wording: Wording): string {
  return wording.name + (record.value.length > NAME_VALUE_MAX ? `${record.value.slice(0, NAME_VALUE_MAX)}…` : record.value);
}

/** Vietnamese, then English: the verdict, categories, the impersonated organisation, source and reports. */
function descriptionOf(record: ListingRecord, wording: Wording): string {
  const categories = record.categories.length === 0 ? null : record.categories.join(', ');
  const impersonated = record.impersonated?.name ?? null;
  const reports = record.reportCount > 0 ? record.reportCount : null;
  const vi =
    wording.vi +
    (categories === null ? '' : ` Loại: ${categories}.`) +
    (impersonated === null ? '' : ` Giả mạo: ${impersonated}.`) +
    wording.sourceVi +
    (reports === null ? '' : ` Số phản ánh: ${reports}.`);
  const en =
    wording.en +
    (categories === null ? '' : ` Categories: ${categories}.`) +
    (impersonated === null ? '' : ` Impersonates: ${impersonated}.`) +
    wording.sourceEn +
    (reports === null ? '' : ` Reports: ${reports}.`);
  return `${vi}\n${en}`;
}

/** The lives of a listing, oldest first; `reinstatements` are those up to the record's serial, ascending. */
export function livesOf(record: ListingRecord, reinstatements: readonly Reinstatement[]): Life[] {
  return [{ id: record.id, start: record.firstSeen }, ...reinstatements.map((r) => ({ id: lifeUuid(record.id, r.serial), start: r.at }))];
}

type Version = { modified: number; validUntil: number | null; revoked: boolean; types: string[] };

function indicatorObject(record: ListingRecord, life: Life, version: Version): StixIndicator {
  const created = Math.min(life.start, version.modified);
  // STIX requires valid_until to be later than valid_from.
  const validUntil = version.validUntil === null ? null : Math.max(version.validUntil, created + 1);
  const wording = wordingOf(record);
  const createdAt = iso(created);
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${life.id}`,
    created_by_ref: ANTOAN_IDENTITY_ID,
    created: createdAt,
    modified: iso(version.modified),
    name: nameOf(record, wording),
    description: descriptionOf(record, wording),
    indicator_types: version.types,
    pattern: stixPattern(record.type, record.value),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: createdAt,
    ...(validUntil === null ? {} : { valid_until: iso(validUntil) }),
    ...(record.categories.length === 0 ? {} : { labels: [...record.categories] }),
    confidence: Math.max(0, Math.min(100, Math.round(record.confidence))),
    ...(record.evidenceUrl === null ? {} : { external_references: [{ source_name: 'evidence', url: record.evidenceUrl }] }),
    object_marking_refs: [TLP_CLEAR_ID],
    ...(version.revoked ? { revoked: true as const } : {}),
  };
}

/**
 * The indicator of a listing's current life, as of its latest change: revoked when the listing
 * is; valid until its expiry (past when it expired); a listing that turned trusted is `benign`
 * and valid until the change that made it so.
 */
export function currentIndicator(record: ListingRecord, reinstatements: readonly Reinstatement[]): StixIndicator {
  const lives = livesOf(record, reinstatements);
  const life = lives[lives.length - 1] ?? { id: record.id, start: record.firstSeen };
  const trusted = record.verdict === 'trusted';
  return indicatorObject(record, life, {
    modified: record.changedAt,
    validUntil: trusted ? record.changedAt : record.expiresAt,
    revoked: record.status === 'revoked',
    types: [INDICATOR_TYPES[record.verdict]],
  });
}

/**
 * Every object a listing stands for, in order: the revoked objects of its earlier lives (as
 * revoked at the reinstatement that ended each), then its current one. Deltas and TAXII publish
 * them all, so a consumer that missed a revocation still learns of it.
 */
export function stixObjectsOf(record: ListingRecord, reinstatements: readonly Reinstatement[]): StixIndicator[] {
  const lives = livesOf(record, reinstatements);
  const past = lives.slice(0, -1).map((life, i) =>
    indicatorObject(record, life, { modified: Math.max(life.start, lives[i + 1]?.start ?? life.start), validUntil: null, revoked: true, types: [INDICATOR_TYPES[record.verdict]] }),
  );
  return [...past, currentIndicator(record, reinstatements)];
}
