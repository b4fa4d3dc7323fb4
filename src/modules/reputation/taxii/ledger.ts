// What the threat-intelligence feeds derive from the change log, kept per process and read
// incrementally after the last serial seen (like the live index):
//
// - which listings were reinstated after a revocation, and when: a reinstated listing becomes a
//   new STIX object, since a revoked one may never come back (STIX 2.1 §3.6);
// - when each change was added to the TAXII collection. A poller asks for what was added after
//   the last `date_added` it saw, so date_added must grow with the serial. Change times do not:
//   a use case stamps its changes with the time it started, so an import committing chunk after
//   chunk, or a writer that waited for the serial lock, makes visible changes stamped earlier than
//   others already out. So date_added(s) = max(at(s), date_added(s − 1) + 1 µs): the change's own
//   time unless that would go back — strictly increasing, and in a burst a microsecond per change
//   ahead of the clock at most. It is stored as runs of serials where it differs from the change
//   time (each multi-row transaction, each late one): memory grows with transactions, not changes.
import type { Db } from '../../../core/db.ts';
import { currentSerial } from '../repository.ts';
import { lifeUuid } from './ids.ts';
import { changesBetween, changeTime, type LedgerLine } from './repository.ts';
import type { Reinstatement } from './stix.ts';

const READ_BATCH = 10_000;

/** Serials start..end whose date_added is first, first + 1, … (microseconds). */
type Run = { start: number; end: number; first: number };

export class ChangeLedger {
  private cursor = 0;
  /** date_added of `cursor`, in microseconds. */
  private lastAdded = Number.NEGATIVE_INFINITY;
  private readonly runs: Run[] = [];
  private readonly reinstatements = new Map<string, Reinstatement[]>();
  private readonly lives = new Map<string, string>();
  private inFlight: Promise<void> | null = null;

  /** The change serial this ledger is complete up to. */
  get serial(): number {
    return this.cursor;
  }

  /** The reinstatements of a listing up to a serial (the version being published), oldest first. */
  reinstatementsOf(indicatorId: string, upTo: number): Reinstatement[] {
    return this.reinstatements.get(indicatorId)?.filter((r) => r.serial <= upTo) ?? [];
  }

  /** The listing a later life's UUID belongs to, or null when the UUID names no later life. */
  indicatorOfLife(uuid: string): string | null {
    return this.lives.get(uuid) ?? null;
  }

  /** date_added (epoch microseconds) of the change `serial`, whose own time is `at` (epoch ms). The ledger must have read it. */
  addedAt(serial: number, at: number): number {
    const run = this.runAt(serial);
    return run === null ? at * 1000 : run.first + (serial - run.start);
  }

  /**
   * The first serial added after `micros`: every change from it on was added later, every one
   * before it no later (date_added grows with the serial). A binary search over the serials read,
   * reading a change's time where no run knows it.
   */
  async firstAddedAfter(db: Db, micros: number): Promise<number> {
    let low = 0;
    let high = this.cursor + 1;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      const run = this.runAt(middle);
      const at = run === null ? await changeTime(db, middle) : null;
      const added = run !== null ? run.first + (middle - run.start) : at === null ? Number.NEGATIVE_INFINITY : at.getTime() * 1000;
      if (added > micros) high = middle;
      else low = middle;
    }
    return high;
  }

  /** Be complete up to at least `serial` (the latest version about to be published). */
  async ensure(db: Db, serial: number): Promise<void> {
    // A read already in flight may have started before `serial` committed: then read once more.
    for (let attempt = 0; attempt < 3 && this.cursor < serial; attempt++) await this.catchUp(db);
  }

  /** Read the changes committed since the last read; concurrent callers share one read. */
  catchUp(db: Db): Promise<void> {
    this.inFlight ??= this.read(db).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async read(db: Db): Promise<void> {
    // Serials commit in order (see repository.lockSerial): every change up to `head` is visible.
    const head = await currentSerial(db);
    while (this.cursor < head) {
      const lines = await changesBetween(db, this.cursor, head, READ_BATCH);
      for (const line of lines) this.add(line);
      if (lines.length < READ_BATCH) break;
    }
    this.cursor = Math.max(this.cursor, head);
  }

  private add(line: LedgerLine): void {
    const own = line.at.getTime() * 1000;
    const added = Math.max(own, this.lastAdded + 1);
    if (added !== own) {
      const run = this.runs.at(-1);
      if (run !== undefined && run.end === line.serial - 1 && run.first + (line.serial - run.start) === added) run.end = line.serial;
      else this.runs.push({ start: line.serial, end: line.serial, first: added });
    }
    this.lastAdded = added;
    this.cursor = line.serial;
    if (line.reinstated !== null) {
      const list = this.reinstatements.get(line.reinstated) ?? [];
      list.push({ serial: line.serial, at: line.at.getTime() });
      this.reinstatements.set(line.reinstated, list);
      this.lives.set(lifeUuid(line.reinstated, line.serial), line.reinstated);
    }
  }

  private runAt(serial: number): Run | null {
    let low = 0;
    let high = this.runs.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const run = this.runs[middle];
      if (run === undefined) return null;
      if (serial < run.start) high = middle - 1;
      else if (serial > run.end) low = middle + 1;
      else return run;
    }
    return null;
  }
}

/** A date_added as TAXII writes it: RFC 3339 in UTC with microseconds. */
export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  return `${new Date(millis).toISOString().slice(0, 23)}${String(micros - millis * 1000).padStart(3, '0')}Z`;
}
