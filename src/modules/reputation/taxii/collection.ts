// The TAXII 2.1 collection "antoan-indicators": the TLP:CLEAR marking and antoan's identity, then
// every published listing's objects in change-serial order. Pages are cut by position — (serial,
// part), part numbering a listing's objects — never by time: serials become visible in commit
// order, so a cursor on them can never skip a change that commits late, and objects changed in the
// same instant are still paged one by one.
import type { Db } from '../../../core/db.ts';
import { isUuid } from './ids.ts';
import type { ChangeLedger } from './ledger.ts';
import { recordOfRow } from './records.ts';
import { publishedRows } from './repository.ts';
import { ANTOAN_IDENTITY, IDENTITY_CREATED, stixObjectsOf, TLP_CLEAR_MARKING } from './stix.ts';

/** Page size when the client names none, and the most one page holds. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;
/** At most this many ids in one `match[id]`. */
export const MAX_MATCH_IDS = 100;

export type Position = { serial: number; part: number };
export type StixObject = { type: string; id: string; spec_version: string } & Record<string, unknown>;
/** An object as the collection holds it: where it is, when it was added (epoch µs), which version it is. */
export type Entry = { position: Position; object: StixObject; dateAdded: number; version: string };

export type CollectionQuery = {
  after: Position | null;
  /** Epoch microseconds. */
  addedAfter: number | null;
  types: ReadonlySet<string> | null;
  ids: ReadonlySet<string> | null;
  /** `match[version]`: last, first, all or timestamps. Each object has one version here: the latest. */
  versions: readonly string[];
  specVersions: readonly string[] | null;
  limit: number;
};

export type Page = { entries: Entry[]; more: boolean; next: Position | null };

const STATIC_ENTRIES: readonly Entry[] = [
  { position: { serial: 0, part: 0 }, object: TLP_CLEAR_MARKING, dateAdded: Date.parse(TLP_CLEAR_MARKING.created) * 1000, version: TLP_CLEAR_MARKING.created },
  { position: { serial: 0, part: 1 }, object: ANTOAN_IDENTITY, dateAdded: Date.parse(IDENTITY_CREATED) * 1000, version: ANTOAN_IDENTITY.modified },
];

// Rows read per query while filling a page (filters may drop most of them).
const MIN_BATCH = 500;
// A position after every object of a listing.
const ROW_DONE = Number.MAX_SAFE_INTEGER;

const after = (a: Position, b: Position) => a.serial > b.serial || (a.serial === b.serial && a.part > b.part);

/** `next` as the client sees it: opaque (base64url of the position). */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.serial}.${position.part}`, 'utf8').toString('base64url');
}

/** The position a `next` names, or null when it is not one of ours. */
export function decodeCursor(next: string): Position | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(next)) return null;
  const match = /^(\d{1,15})\.(\d{1,6})$/.exec(Buffer.from(next, 'base64url').toString('utf8'));
  if (match === null) return null;
  return { serial: Number(match[1]), part: Number(match[2]) };
}

function versionMatches(entry: Entry, versions: readonly string[]): boolean {
  if (versions.length === 0) return true;
  return versions.some((v) => v === 'last' || v === 'first' || v === 'all' || Date.parse(v) === Date.parse(entry.version));
}

function matches(entry: Entry, query: CollectionQuery): boolean {
  if (query.types !== null && !query.types.has(entry.object.type)) return false;
  if (query.ids !== null && !query.ids.has(entry.object.id)) return false;
  if (query.addedAfter !== null && entry.dateAdded <= query.addedAfter) return false;
  if (query.specVersions !== null && !query.specVersions.includes(entry.object.spec_version)) return false;
  return versionMatches(entry, query.versions);
}

/**
 * The listing ids a set of STIX ids can name: an indicator's first life is the listing's own id,
 * later lives are looked up in the ledger. Null when no id names an indicator.
 */
function listingIdsOf(ids: ReadonlySet<string>, ledger: ChangeLedger): string[] | null {
  const found = new Set<string>();
  for (const id of ids) {
    if (!id.startsWith('indicator--')) continue;
    const uuid = id.slice('indicator--'.length);
    if (!isUuid(uuid)) continue;
    found.add(ledger.indicatorOfLife(uuid) ?? uuid);
  }
  return found.size === 0 ? null : [...found];
}

/** One page of the collection after `query.after`, with whether more follows. */
export async function collectionPage(db: Db, ledger: ChangeLedger, query: CollectionQuery): Promise<Page> {
  const entries: Entry[] = [];
  const start = query.after ?? { serial: 0, part: -1 };
  for (const entry of STATIC_ENTRIES) if (after(entry.position, start) && matches(entry, query)) entries.push(entry);

  const wantsIndicators = query.types === null || query.types.has('indicator');
  await ledger.catchUp(db);
  const ids = query.ids === null ? undefined : listingIdsOf(query.ids, ledger);
  if (wantsIndicators && ids !== null) {
    // date_added grows with the serial, so `added_after` is a lower bound on serials.
    const firstAdded = query.addedAfter === null ? 0 : await ledger.firstAddedAfter(db, query.addedAfter);
    // Rows, not objects, are fetched: read at least one more row than objects are needed, and
    // go on while filters leave the page short.
    let cursor = start;
    const batch = Math.max(query.limit + 1, MIN_BATCH);
    for (;;) {
      // A page that ended inside a listing's objects goes on from that listing.
      const fromRow = cursor.part === ROW_DONE ? cursor.serial + 1 : Math.max(cursor.serial, 1);
      const rows = await publishedRows(db, { after: Math.max(fromRow, firstAdded) - 1, ids, limit: batch });
      const last = rows.at(-1);
      if (last !== undefined) await ledger.ensure(db, last.serial);
      for (const row of rows) {
        const record = recordOfRow(row);
        const dateAdded = ledger.addedAt(record.serial, record.changedAt);
        stixObjectsOf(record, ledger.reinstatementsOf(record.id, record.serial)).forEach((object, part) => {
          const entry: Entry = { position: { serial: record.serial, part }, object, dateAdded, version: object.modified };
          if (after(entry.position, cursor) && matches(entry, query)) entries.push(entry);
        });
      }
      if (entries.length > query.limit || last === undefined || rows.length < batch) break;
      cursor = { serial: last.serial, part: ROW_DONE };
    }
  }
  const more = entries.length > query.limit;
  const page = entries.slice(0, query.limit);
  const end = page.at(-1);
  return { entries: page, more, next: more && end !== undefined ? end.position : null };
}

/** Every object with this STIX id the collection holds (one version each), or an empty list. */
export async function objectById(db: Db, ledger: ChangeLedger, id: string, query: Omit<CollectionQuery, 'ids' | 'after' | 'limit' | 'types'>): Promise<{ exists: boolean; entries: Entry[] }> {
  const ids = new Set([id]);
  const all = await collectionPage(db, ledger, { ...query, addedAfter: null, versions: [], specVersions: null, types: null, ids, after: null, limit: MAX_PAGE });
  const entries = all.entries.filter((entry) => matches(entry, { ...query, types: null, ids, after: null, limit: MAX_PAGE }));
  return { exists: all.entries.length > 0, entries };
}
