// The MISP feed format (pure): listings grouped into one event per Vietnam calendar day of first
// sighting, each listing an attribute with a MISP type and category; the manifest that describes
// the events and hashes.csv (MD5 of each attribute value, the event's UUID) — the layout of
// PyMISP's feed generator and the MISP core format (draft-dulaunoy-misp-core-format).
import { createHash } from 'node:crypto';
import type { TargetType } from '../../targets/index.ts';
import { MISP_ORG_UUID, mispEventUuid } from './ids.ts';
import type { DaySummary } from './repository.ts';
import { livesOf, type ListingRecord, type Reinstatement } from './stix.ts';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Vietnam calendar day (UTC+7, no daylight saving) of an instant, as YYYY-MM-DD. */
export function vietnamDay(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants a Vietnam day spans: [from, to). */
export function dayBounds(day: string): { from: Date; to: Date } {
  const from = Date.parse(`${day}T00:00:00.000Z`) - VIETNAM_OFFSET_MS;
  return { from: new Date(from), to: new Date(from + DAY_MS) };
}

export type MispAttribute = {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  /** Seconds since the epoch, as MISP writes it (a string). */
  timestamp: string;
  deleted?: true;
};

const HASH_TYPES: Readonly<Record<number, string>> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

const ATTRIBUTE_TYPES: Readonly<Record<TargetType, { type: (value: string) => string; category: string; detects: boolean }>> = {
  url: { type: () => 'url', category: 'Network activity', detects: true },
  domain: { type: () => 'domain', category: 'Network activity', detects: true },
  ip: { type: () => 'ip-dst', category: 'Network activity', detects: true },
  email: { type: () => 'email-src', category: 'Payload delivery', detects: true },
  file_hash: { type: (value) => HASH_TYPES[value.length] ?? 'sha256', category: 'Payload delivery', detects: true },
  phone: { type: () => 'phone-number', category: 'Financial fraud', detects: true },
  bank_account: { type: () => 'bank-account-nr', category: 'Financial fraud', detects: true },
  social_account: { type: () => 'text', category: 'Social network', detects: false },
  text: { type: () => 'text', category: 'Other', detects: false },
};

/** What a MISP attribute says of a value: a wildcard domain as its base name, a bank account as its number. */
function mispValue(record: ListingRecord): string {
  if (record.type === 'domain' && record.value.startsWith('*.')) return record.value.slice(2);
  if (record.type === 'bank_account') return record.value.slice(record.value.indexOf(':') + 1);
  return record.value;
}

function commentOf(record: ListingRecord): string {
  const parts = [record.categories.join(', ')];
  if (record.verdict !== 'dangerous') parts.push(record.verdict);
  if (record.type === 'domain' && record.value.startsWith('*.')) parts.push('and every subdomain');
  if (record.type === 'bank_account') parts.push(`bank ${record.value.slice(0, record.value.indexOf(':'))}`);
  if (record.impersonated !== null) parts.push(`impersonates ${record.impersonated.name}`);
  return parts.filter((part) => part !== '').join('; ');
}

/** Whether a listing counts in the MISP feed: active and a detection (the change serial decides, not the clock). */
export function mispInForce(record: ListingRecord): boolean {
  return record.status === 'active' && record.verdict !== 'trusted';
}

/**
 * A listing's attributes: its earlier lives (see stix.ts) as deleted, then its current one —
 * deleted too when it no longer counts, so consumers that merge events drop it. Only dangerous
 * listings of types a sensor can match are `to_ids`.
 */
export function mispAttributesOf(record: ListingRecord, reinstatements: readonly Reinstatement[]): MispAttribute[] {
  const kind = ATTRIBUTE_TYPES[record.type];
  const lives = livesOf(record, reinstatements);
  const live = mispInForce(record);
  return lives.map((life, i) => {
    const current = i === lives.length - 1;
    const attribute: MispAttribute = {
      uuid: life.id,
      type: kind.type(record.value),
      category: kind.category,
      value: mispValue(record),
      to_ids: current && live && kind.detects && record.verdict === 'dangerous',
      comment: commentOf(record),
      timestamp: String(Math.floor(record.changedAt / 1000)),
    };
    return current && live ? attribute : { ...attribute, deleted: true as const };
  });
}

/** The event of a day, without its attributes: what the manifest lists and the event file starts with. */
export function mispEventHeader(summary: DaySummary) {
  const timestamp = String(Math.floor(summary.lastChange.getTime() / 1000));
  return {
    uuid: mispEventUuid(summary.day),
    info: `antoan: chỉ báo ghi nhận ngày ${summary.day} / indicators first seen on ${summary.day} (UTC+7)`,
    date: summary.day,
    analysis: '2',
    // 1 high, 2 medium, 4 undefined (MISP core format §2.2).
    threat_level_id: summary.dangerous ? '1' : summary.suspicious ? '2' : '4',
    timestamp,
    publish_timestamp: timestamp,
    published: true,
    Orgc: { name: 'antoan', uuid: MISP_ORG_UUID },
    Tag: [{ name: 'tlp:clear', colour: '#ffffff', exportable: true }],
  };
}

/** The manifest entry of an event (the fields PyMISP's feed generator writes). */
export function mispManifestEntry(summary: DaySummary) {
  const { Orgc, Tag, info, date, analysis, threat_level_id, timestamp } = mispEventHeader(summary);
  return { Orgc, Tag: Tag.map(({ name, colour }) => ({ name, colour })), info, date, analysis, threat_level_id, timestamp };
}

/** A line of hashes.csv: the MD5 of an attribute value and its event's UUID. */
export function mispHashLine(value: string, eventUuid: string): string {
  return `${createHash('md5').update(value, 'utf8').digest('hex')},${eventUuid}\n`;
}
