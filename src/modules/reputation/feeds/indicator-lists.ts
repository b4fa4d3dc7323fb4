// The open data feeds: every listing in force (dangerous, suspicious and trusted, every type) as
// CSV or JSON, and their deltas since a serial — what changed, with its status, so a consumer
// can add, update and remove without downloading everything again.
//
// A row is one listing (one source's statement about a value), so a value listed by two
// sources appears twice; `id` tells them apart and is the key deltas refer to — remove by id,
// not by value, or a revoked import listing would take a case listing of the same value with it.
// Lines are built by hand (no per-row JSON.stringify of objects): a million of them stream in
// about a second.
import { csvField } from '../../../core/csv.ts';
import { isoTimestamp as iso } from '../../../core/clock.ts';
import type { IndicatorStatus } from '../model.ts';

/** A listing as the feeds write it; times in epoch milliseconds. */
export type FeedRecord = {
  id: string;
  type: string;
  value: string;
  verdict: string;
  categories: readonly string[];
  confidence: number;
  firstSeen: number;
  lastVerified: number;
  expiresAt: number | null;
  source: string;
  evidenceUrl: string | null;
  serial: number;
};

/** The CSV columns: the contract's ten, then the status, the listing's id and its serial. */
export const CSV_COLUMNS = ['type', 'value', 'verdict', 'categories', 'confidence', 'first_seen', 'last_verified', 'expires_at', 'source', 'evidence_url', 'status', 'id', 'serial'] as const;

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\n`;


/** One CSV line. Categories are joined with `|`. */
export function csvLine(r: FeedRecord, status: IndicatorStatus): string {
  return (
    `${r.type},${csvField(r.value)},${r.verdict},${csvField(r.categories.join('|'))},${r.confidence},${iso(r.firstSeen)},${iso(r.lastVerified)},` +
    `${r.expiresAt === null ? '' : iso(r.expiresAt)},${r.source},${r.evidenceUrl === null ? '' : csvField(r.evidenceUrl)},${status},${r.id},${r.serial}\n`
  );
}

/** One JSON object (no trailing separator). */
export function jsonEntry(r: FeedRecord, status: IndicatorStatus): string {
  return (
    `{"id":"${r.id}","type":"${r.type}","value":${JSON.stringify(r.value)},"verdict":"${r.verdict}","categories":${JSON.stringify(r.categories)},` +
    `"confidence":${r.confidence},"firstSeen":"${iso(r.firstSeen)}","lastVerified":"${iso(r.lastVerified)}",` +
    `"expiresAt":${r.expiresAt === null ? 'null' : `"${iso(r.expiresAt)}"`},"source":"${r.source}",` +
    `"evidenceUrl":${r.evidenceUrl === null ? 'null' : JSON.stringify(r.evidenceUrl)},"serial":${r.serial},"status":"${status}"}`
  );
}

/** The full CSV: a header line, then one line per listing. */
export function* fullCsv(records: Iterable<FeedRecord>): Generator<string> {
  yield CSV_HEADER;
  for (const record of records) yield csvLine(record, 'active');
}

/** The full JSON document `{serial, generatedAt, indicators: […], count}`, written piece by piece. */
export function* fullJson(records: Iterable<FeedRecord>, serial: number, generatedAt: Date): Generator<string> {
  yield `{"serial":${serial},"generatedAt":"${generatedAt.toISOString()}","indicators":[`;
  let count = 0;
  for (const record of records) yield (count++ === 0 ? '\n' : ',\n') + jsonEntry(record, 'active');
  yield `\n],"count":${count}}\n`;
}

/** A delta row: the listing as it is now, and its status (active, expired or revoked). */
export type DeltaRecord = { record: FeedRecord; status: IndicatorStatus };

/** The CSV delta: the same columns, every changed listing with its status. */
export async function* deltaCsv(pages: AsyncIterable<readonly DeltaRecord[]>): AsyncGenerator<string> {
  yield CSV_HEADER;
  for await (const page of pages) {
    let text = '';
    for (const { record, status } of page) text += csvLine(record, status);
    yield text;
  }
}

/** The JSON delta `{serial, since, generatedAt, changes: […], count}`. */
export async function* deltaJson(pages: AsyncIterable<readonly DeltaRecord[]>, serial: number, since: number, generatedAt: Date): AsyncGenerator<string> {
  yield `{"serial":${serial},"since":${since},"generatedAt":"${generatedAt.toISOString()}","changes":[`;
  let count = 0;
  for await (const page of pages) {
    let text = '';
    for (const { record, status } of page) text += (count++ === 0 ? '\n' : ',\n') + jsonEntry(record, status);
    yield text;
  }
  yield `\n],"count":${count}}\n`;
}
