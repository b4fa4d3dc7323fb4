// The two public questions of the hash API: which full hashes lie under a prefix, and which
// prefixes are published (the whole list, or what changed since a serial). Public data, no
// authorisation; the routes rate-limit them.
import type { Db } from '../../../core/db.ts';
import type { HashScope, HashVerdict } from '../client/expressions.ts';
import * as repo from '../repository.ts';
import { hashOf, publishedAs } from './expressions.ts';
import type { LiveHashIndex } from './hash-index.ts';

/** How long a client may keep a full-hash answer. */
export const HASH_CACHE_SECONDS = 300;
/** At most this many full hashes per answer (a 4-byte prefix holds a handful even with millions listed). */
export const MAX_FULL_HASHES = 1000;
/** A `since` more than this many changes behind is answered with the whole list. */
export const MAX_DELTA_CHANGES = 50_000;
/** Prefix sizes a list may be asked for, in bytes. */
export const PREFIX_SIZE = { min: 4, max: 32, default: 4 } as const;

export type FullHash = { hash: string; verdict: HashVerdict; scope: HashScope; type: string; categories: string[] };
export type FullHashAnswer = { prefix: string; serial: number; cacheSeconds: number; matches: FullHash[] };

export type FullPrefixList = { full: true; serial: number; prefixSize: number; count: number; checksum: string; prefixes: string };
export type PrefixDelta = { full: false; serial: number; since: number; prefixSize: number; count: number; checksum: string; additions: string; removals: string };

/**
 * Every full hash under a prefix (lower-case hex of 4–32 bytes) with its verdict. Listings past
 * their expiry no longer count (as in the check); listings that share hash, scope, verdict and
 * type are one entry with their categories merged, so sources are not counted for the caller.
 */
export async function hashesUnder(hashes: LiveHashIndex, prefixHex: string, now: number): Promise<FullHashAnswer> {
  const index = await hashes.current();
  const merged = new Map<string, FullHash>();
  for (const entry of index.matching(Buffer.from(prefixHex, 'hex').toString('latin1'))) {
    const indicator = hashes.live.index.get(entry.id);
    if (indicator === undefined || (indicator.expiresAt !== null && indicator.expiresAt <= now)) continue;
    const hash = Buffer.from(entry.hash, 'latin1').toString('hex');
    const key = `${hash} ${entry.scope} ${indicator.verdict} ${indicator.type}`;
    const known = merged.get(key);
    if (known !== undefined) {
      known.categories = [...new Set([...known.categories, ...indicator.categories])].sort();
    } else if (merged.size < MAX_FULL_HASHES) {
      merged.set(key, { hash, verdict: indicator.verdict, scope: entry.scope, type: indicator.type, categories: [...indicator.categories].sort() });
    }
  }
  return { prefix: prefixHex, serial: hashes.serial, cacheSeconds: HASH_CACHE_SECONDS, matches: [...merged.values()] };
}

/** The whole published list of distinct prefixes of `size` bytes. */
export async function fullPrefixList(hashes: LiveHashIndex, size: number): Promise<FullPrefixList> {
  const set = (await hashes.current()).prefixes(size);
  return { full: true, serial: hashes.serial, prefixSize: size, count: set.count, checksum: set.checksum, prefixes: set.base64 };
}

/**
 * What changed in the list since `since`, or the whole list when the delta cannot be given (a
 * `since` ahead of this process even after catching up, or more than MAX_DELTA_CHANGES behind).
 *
 * The indicators changed after `since` (changedSince, revoked and expired ones included) are
 * the only ones whose presence can differ; each counts by its state in this process's index:
 * published → its prefix is an addition (new, or its verdict changed: clients drop cached
 * answers under it; merging an existing prefix is harmless); not published → its prefix is a
 * removal unless another published entry still shares it. Rows committed after the index's
 * serial are judged by the index too, which is right as of that serial; if the index moves
 * while the rows are read, they are read again.
 */
export async function prefixListSince(db: Db, hashes: LiveHashIndex, size: number, since: number): Promise<FullPrefixList | PrefixDelta> {
  const index = await hashes.current();
  if (since > hashes.serial) await hashes.live.catchUp(db);
  for (let attempt = 0; attempt < 3; attempt++) {
    const serial = hashes.serial;
    if (since > serial || serial - since > MAX_DELTA_CHANGES) break;
    const rows = since === serial ? [] : (await repo.changedSince(db, since)).rows;
    if (hashes.serial !== serial) continue;
    const additions = new Set<string>();
    const removals = new Set<string>();
    for (const row of rows) {
      const prefix = hashOf(publishedAs(row).expression).slice(0, size);
      if (index.holds(row.id)) additions.add(prefix);
      else if (!index.hasPrefix(prefix)) removals.add(prefix);
    }
    const set = index.prefixes(size);
    return { full: false, serial, since, prefixSize: size, count: set.count, checksum: set.checksum, additions: encode(additions), removals: encode(removals) };
  }
  return fullPrefixList(hashes, size);
}

// Byte-string prefixes, sorted (string order is byte order), concatenated, in base64.
function encode(prefixes: Set<string>): string {
  return Buffer.from([...prefixes].sort().join(''), 'latin1').toString('base64');
}
