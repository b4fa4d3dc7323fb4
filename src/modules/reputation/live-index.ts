// The lookup index of this process, kept current from the indicator change log: loaded once,
// then every change after the last serial seen is applied incrementally (no full reload).
// Each process (web or worker) holds its own; they agree because they read the same log.
import type { Logger } from 'pino';
import type { Database, Db } from '../../core/db.ts';
import { PeriodicTask } from '../../core/periodic.ts';
import { LookupIndex, type Indicator, type Match } from './lookup/index.ts';
import type { IndicatorVerdict } from './model.ts';
import * as repo from './repository.ts';
import type { Target } from '../targets/index.ts';

/** What the index holds of an indicator: enough to answer a check and write a feed line from memory. */
export type IndexedIndicator = Indicator & {
  verdict: IndicatorVerdict;
  confidence: number;
  source: string;
  sourceRef: string | null;
  evidenceUrl: string | null;
  reportCount: number;
  /** Epoch milliseconds. */
  firstSeen: number;
  lastVerified: number;
  expiresAt: number | null;
  impersonated: { slug: string; name: string } | null;
  serial: number;
};

function toIndexed(row: repo.IndexedRow): IndexedIndicator {
  return {
    id: row.id,
    type: row.type as Indicator['type'],
    value: row.value,
    verdict: row.verdict as IndicatorVerdict,
    categories: row.categories,
    confidence: row.confidence,
    source: row.source,
    sourceRef: row.sourceRef,
    evidenceUrl: row.evidenceUrl,
    reportCount: row.reportCount,
    firstSeen: row.firstSeen.getTime(),
    lastVerified: row.lastVerified.getTime(),
    expiresAt: row.expiresAt?.getTime() ?? null,
    impersonated: row.impersonatedSlug === null || row.impersonatedName === null ? null : { slug: row.impersonatedSlug, name: row.impersonatedName },
    serial: row.serial,
  };
}

/** Told of every indicator applied from the change log, in serial order: 'remove' for a revoked or expired one. */
export type IndexChangeListener = (indicator: IndexedIndicator, change: 'upsert' | 'remove') => void;

/** A listing counts until its expiry, even before the worker marks it expired. */
export function isInForce(indicator: Pick<IndexedIndicator, 'expiresAt'>, now: number): boolean {
  return indicator.expiresAt === null || indicator.expiresAt > now;
}

/**
 * The process's index and the serial it is consistent with. `catchUp` applies the changes
 * committed since; concurrent callers share one read. Reads between catch-ups see the index
 * as of `serial` — at most one refresh interval behind other processes, and never behind this
 * process's own writes (their use cases catch up after commit).
 */
export class LiveIndex {
  readonly index = new LookupIndex<IndexedIndicator>();
  private cursor = 0;
  private inFlight: Promise<number> | null = null;
  private readonly listeners: IndexChangeListener[] = [];

  /** The change serial the index reflects: the RPZ SOA serial, the `since` cursor of feeds. */
  get serial(): number {
    return this.cursor;
  }

  /** Call `listener` after each indicator is applied, before `serial` moves on (derived indexes stay in step). */
  onChange(listener: IndexChangeListener): void {
    this.listeners.push(listener);
  }

  /** Apply every change committed after the current serial; returns how many indicators changed. */
  catchUp(db: Db): Promise<number> {
    this.inFlight ??= this.read(db).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async read(db: Db): Promise<number> {
    const { head, rows } = await repo.changedSince(db, this.cursor);
    for (const row of rows) {
      const indicator = toIndexed(row);
      const change = row.status === 'active' ? 'upsert' : 'remove';
      if (change === 'upsert') this.index.upsert(indicator);
      else this.index.remove(row.id);
      for (const listener of this.listeners) listener(indicator, change);
    }
    this.cursor = Math.max(this.cursor, head);
    return rows.length;
  }

  /**
   * How the listed ones among `ids` that this index does not hold left the list: their stored
   * status (revoked, expired; active for one listed since the last catch-up), by id.
   */
  async statusesOfMissing(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
    const missing = new Set<string>();
    for (const id of ids) if (this.index.get(id) === undefined) missing.add(id);
    const rows = await repo.findIndicators(db, [...missing]);
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  /** Matches that are in force at `now`: a listing past its expiry stops counting at once, before the worker marks it expired. */
  lookup(target: Target, now: number): Match<IndexedIndicator>[] {
    const matches = this.index.lookup(target);
    for (const { indicator } of matches) if (!isInForce(indicator, now)) return matches.filter((m) => isInForce(m.indicator, now));
    return matches;
  }

  /** Active listings in force at `now`, for the full feeds. */
  *inForce(now: number): Generator<IndexedIndicator> {
    for (const indicator of this.index.values()) if (isInForce(indicator, now)) yield indicator;
  }
}

/** Load the index and keep it current every `intervalMs` until `stop`. */
export async function openLiveIndex(database: Database, log: Logger, intervalMs = 1000): Promise<{ live: LiveIndex; refresher: PeriodicTask }> {
  const live = new LiveIndex();
  await live.catchUp(database.db);
  const refresher = new PeriodicTask('reputation.index', () => live.catchUp(database.db), log, intervalMs);
  return { live, refresher };
}
