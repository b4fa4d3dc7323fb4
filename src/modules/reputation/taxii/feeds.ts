// The feed bodies, produced piece by piece for streaming: the STIX bundle (full, from the live
// index; delta, from the database by serial) and the MISP feed's event files and hashes.csv.
import type { Db } from '../../../core/db.ts';
import { currentSerial } from '../repository.ts';
import type { LiveIndex } from '../live-index.ts';
import { bundleId, mispEventUuid } from './ids.ts';
import type { ChangeLedger } from './ledger.ts';
import { dayBounds, mispAttributesOf, mispEventHeader, mispHashLine, vietnamDay } from './misp.ts';
import { recordOfIndexed, recordOfRow } from './records.ts';
import { eachPublishedRow, publishedDays, type DaySummary } from './repository.ts';
import { ANTOAN_IDENTITY, currentIndicator, stixObjectsOf, TLP_CLEAR_MARKING } from './stix.ts';

function bundleStart(id: string): string {
  return `{"type":"bundle","id":${JSON.stringify(id)},"objects":[${JSON.stringify(TLP_CLEAR_MARKING)},${JSON.stringify(ANTOAN_IDENTITY)}`;
}

/**
 * Every detection in force at `now` as one bundle, from the live index (caught up by the caller
 * to `serial`): the marking and identity first, then one indicator per listing.
 */
export function* fullBundle(live: LiveIndex, ledger: ChangeLedger, now: number, serial: number): Generator<string> {
  yield bundleStart(bundleId('full', 0, serial));
  for (const indicator of live.inForce(now)) {
    if (indicator.verdict === 'trusted') continue;
    yield `,${JSON.stringify(currentIndicator(recordOfIndexed(indicator), ledger.reinstatementsOf(indicator.id, indicator.serial)))}`;
  }
  yield ']}';
}

/**
 * What changed in (since, head], in serial order: each changed listing's objects as they now
 * are — revoked ones revoked, expired ones valid until their expiry, ones that turned trusted
 * benign — so applying deltas in order gives the consumer the current state.
 */
export async function* deltaBundle(db: Db, ledger: ChangeLedger, since: number, head: number): AsyncGenerator<string> {
  yield bundleStart(bundleId('delta', since, head));
  for await (const row of eachPublishedRow(db, { after: since, upTo: head })) {
    const record = recordOfRow(row);
    for (const object of stixObjectsOf(record, ledger.reinstatementsOf(record.id, record.serial))) yield `,${JSON.stringify(object)}`;
  }
  yield ']}';
}

/** The days of the MISP feed as of a change serial, kept until the serial moves. */
export class MispCatalogue {
  private cached: { serial: number; days: DaySummary[]; byEvent: Map<string, DaySummary> } | null = null;

  /** The days (and their events) as of now. */
  async current(db: Db): Promise<{ serial: number; days: DaySummary[]; byEvent: Map<string, DaySummary> }> {
    const serial = await currentSerial(db);
    if (this.cached?.serial === serial) return this.cached;
    const days = await publishedDays(db);
    this.cached = { serial, days, byEvent: new Map(days.map((day) => [mispEventUuid(day.day), day])) };
    return this.cached;
  }
}

/** An event file: the day's header, then every published listing first seen that day as attributes. */
export async function* mispEvent(db: Db, ledger: ChangeLedger, summary: DaySummary): AsyncGenerator<string> {
  const header = JSON.stringify(mispEventHeader(summary));
  yield `{"Event":${header.slice(0, -1)},"Attribute":[`;
  let first = true;
  for await (const row of eachPublishedRow(db, { after: 0, firstSeen: dayBounds(summary.day) })) {
    await ledger.ensure(db, row.serial);
    for (const attribute of mispAttributesOf(recordOfRow(row), ledger.reinstatementsOf(row.id, row.serial))) {
      yield `${first ? '' : ','}${JSON.stringify(attribute)}`;
      first = false;
    }
  }
  yield ']}}';
}

/** hashes.csv: a line per attribute in force (deleted ones are not looked up). */
export async function* mispHashes(db: Db, ledger: ChangeLedger): AsyncGenerator<string> {
  for await (const row of eachPublishedRow(db, { after: 0, inForceOnly: true })) {
    await ledger.ensure(db, row.serial);
    const record = recordOfRow(row);
    const eventUuid = mispEventUuid(vietnamDay(record.firstSeen));
    for (const attribute of mispAttributesOf(record, ledger.reinstatementsOf(row.id, row.serial))) if (attribute.deleted !== true) yield mispHashLine(attribute.value, eventUuid);
  }
}
