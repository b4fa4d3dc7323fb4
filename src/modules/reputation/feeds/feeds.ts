// The feeds as use cases: each catches the index up to everything committed (so a delisting is
// in every feed from the next serial on), authorises, and returns the feed to send — headers
// now, the body as a lazy generator the response pulls from.
//
// A full feed is read from the live index while it streams, not from a copy (a copy of a million
// listings is what flat memory rules out). It holds everything up to its serial; a change the
// process applies during the second or so it streams may already show. That is safe for every
// consumer: the next download has a higher serial and says it again, and deltas are idempotent.
import type { Config } from '../../../core/config.ts';
import type { Database } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { requireAccess, type Context } from '../../identity/index.ts';
import type { LiveIndex } from '../live-index.ts';
import type { IndicatorStatus } from '../model.ts';
import { deltaCsv, deltaJson, fullCsv, fullJson, type DeltaRecord } from './indicator-lists.ts';
import { nameListHeader, nameListLines, type NameListFormat } from './name-lists.ts';
import * as repo from './repository.ts';
import { rpzHeader, rpzRecords } from './rpz.ts';
import { chunked, type FeedResponse } from './stream.ts';

export type FeedDeps = { database: Database; live: LiveIndex; config: Config };

const PUBLIC_CACHE = 'public, max-age=60';
const PRIVATE_CACHE = 'private, max-age=60';
const TEXT = 'text/plain; charset=utf-8';
const DELTA_PAGE = 2000;

/** Where each feed is served (also the links of the staff page). */
export const FEED_PATHS = {
  rpz: '/feeds/rpz',
  hosts: '/feeds/hosts',
  domains: '/feeds/domains.txt',
  adblock: '/feeds/adblock.txt',
  csv: '/feeds/indicators.csv',
  json: '/feeds/indicators.json',
} as const;

const NAME_FEED_ETAG: Record<NameListFormat, string> = { hosts: 'hosts', domains: 'domains.txt', adblock: 'adblock.txt' };

function* concat(first: string, rest: Iterable<string>): Generator<string> {
  yield first;
  yield* rest;
}

async function currentSerial(deps: FeedDeps): Promise<number> {
  await deps.live.catchUp(deps.database.db);
  return deps.live.serial;
}

// RPZ, hosts, domains and AdBlock lists have no way to say "remove this": a consumer applying a
// partial list would keep every delisted name forever. So they come whole (a 304 when nothing
// changed); the CSV and JSON deltas carry removals.
function refuseSince(since: number | undefined): void {
  if (since === undefined) return;
  throw new AppError('VALIDATION_FAILED', 'This format cannot express removals, so it has no deltas: download it whole (ETag and If-None-Match make an unchanged list cost nothing), or use the CSV or JSON deltas.', [
    { field: 'since', message: 'not supported by this feed; use /feeds/indicators.csv?since= or /feeds/indicators.json?since=' },
  ]);
}

/** The RPZ zone: for telecoms and the authority (feed.blocking, token scope feeds:read). */
export async function rpzFeed(deps: FeedDeps, ctx: Context, since: number | undefined): Promise<FeedResponse> {
  requireAccess(ctx.actor, 'feed.blocking');
  refuseSince(since);
  const serial = await currentSerial(deps);
  const now = ctx.now;
  return {
    name: 'rpz',
    serial,
    contentType: TEXT,
    cacheControl: PRIVATE_CACHE,
    chunks: chunked(concat(rpzHeader(serial, now), rpzRecords(deps.live, now.getTime(), deps.config.rpzWarningHost))),
  };
}

/** A public name list: hosts file, domain list or AdBlock filters. */
export async function nameListFeed(deps: FeedDeps, ctx: Context, format: NameListFormat, since: number | undefined): Promise<FeedResponse> {
  refuseSince(since);
  const serial = await currentSerial(deps);
  const now = ctx.now;
  const url = `${deps.config.publicUrl.replace(/\/$/, '')}${FEED_PATHS[format]}`;
  return {
    name: NAME_FEED_ETAG[format],
    serial,
    contentType: TEXT,
    cacheControl: PUBLIC_CACHE,
    chunks: chunked(concat(nameListHeader(format, serial, now, url), nameListLines(format, deps.live, now.getTime()))),
  };
}

/**
 * Every listing in force as CSV or JSON (from memory), or with `since` the listings changed
 * after that serial (from the database, with their status: active, expired or revoked).
 */
export async function indicatorFeed(deps: FeedDeps, ctx: Context, format: 'csv' | 'json', since: number | undefined): Promise<FeedResponse> {
  let serial = await currentSerial(deps);
  // Another process may have answered with a serial this one has not read yet: read once more before refusing.
  if (since !== undefined && since > serial) serial = await currentSerial(deps);
  if (since !== undefined && since > serial) {
    throw new AppError('SERIAL_AHEAD', `since=${since} is ahead of the current serial ${serial}: download the full feed again.`, [{ field: 'since', message: `at most ${serial}` }]);
  }
  const now = ctx.now;
  const name = format === 'csv' ? 'indicators.csv' : 'indicators.json';
  const contentType = format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8';
  const base = { name, serial, contentType, cacheControl: PUBLIC_CACHE };
  if (since === undefined) {
    const records = deps.live.inForce(now.getTime());
    return { ...base, chunks: chunked(format === 'csv' ? fullCsv(records) : fullJson(records, serial, now)) };
  }
  const pages = changedPages(deps.database, since, serial, now.getTime());
  return { ...base, since, chunks: format === 'csv' ? deltaCsv(pages) : deltaJson(pages, serial, since, now) };
}

// The delta's rows a page at a time. A listing still marked active but past its expiry is
// reported expired: it has left the full feeds already, before the worker marks it.
async function* changedPages(database: Database, since: number, upTo: number, now: number): AsyncGenerator<DeltaRecord[]> {
  let after = since;
  for (;;) {
    const rows = await repo.listingsChangedBetween(database.db, after, upTo, DELTA_PAGE);
    if (rows.length > 0) {
      yield rows.map((row) => {
        const expiresAt = row.expiresAt?.getTime() ?? null;
        const status = (row.status === 'active' && expiresAt !== null && expiresAt <= now ? 'expired' : row.status) as IndicatorStatus;
        return {
          status,
          record: { ...row, firstSeen: row.firstSeen.getTime(), lastVerified: row.lastVerified.getTime(), expiresAt },
        };
      });
    }
    const last = rows.at(-1);
    if (rows.length < DELTA_PAGE || last === undefined) return;
    after = last.serial;
  }
}
