// One entry of an import file as a listing: the shapes every format shares, and the entries of
// the JSON and CSV formats whose rows are records (ChongLuaDao's {url, meta}, our own columns).
import type { Listing } from '../model.ts';
import type { Target } from '../../targets/index.ts';
import { categoriesFromMeta, categoriesOf, confidenceOf, dateOf, detectedTargetOf, EntryProblem, evidenceUrlOf, sourceRefOf, targetOf, urlTargetOf, verdictOf, wildcardTargetOf } from './fields.ts';

export const IMPORT_FORMATS = ['chongluadao', 'phishtank', 'openphish', 'urlhaus', 'csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Confidence of a format's listings (our own CSV and JSON carry theirs; this when an entry has none). */
export const FORMAT_CONFIDENCE: Readonly<Record<ImportFormat, number>> = { chongluadao: 75, phishtank: 85, openphish: 75, urlhaus: 80, csv: 70, json: 70 };

/** What one entry of a file lists; the import adds the source. */
export type ImportedListing = Required<Pick<Listing, 'type' | 'value' | 'verdict' | 'categories' | 'confidence' | 'sourceRef' | 'evidenceUrl' | 'seenAt'>>;

/** Where a format's reader puts what it read, in file order. */
export type EntrySink = {
  entry(line: number, listing: ImportedListing): void;
  problem(line: number, reason: string): void;
  /** A line left out on purpose (PhishTank's unverified rows). */
  ignore(line: number): void;
};

/** A format's reader: text chunks in (cut anywhere), entries out through its sink. */
export type Reader = { write(chunk: string): void; end(): void };

/** Read one entry; a field that cannot be read makes the entry a problem instead. */
export function attempt(sink: EntrySink, line: number, read: () => ImportedListing): void {
  let listing: ImportedListing;
  try {
    listing = read();
  } catch (error) {
    if (error instanceof EntryProblem) return sink.problem(line, error.reason);
    throw error;
  }
  sink.entry(line, listing);
}

/** A dangerous listing of a target, phishing unless told otherwise. */
export function listingOf(target: Pick<Target, 'type' | 'value'>, confidence: number, extra: Partial<ImportedListing> = {}): ImportedListing {
  return { type: target.type, value: target.value, verdict: 'dangerous', categories: ['phishing'], confidence, sourceRef: null, evidenceUrl: null, seenAt: null, ...extra };
}

/** Wrapper keys of a JSON document whose entries are not the top-level array. */
export const JSON_WRAPPER_KEYS = ['indicators', 'changes', 'data'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A ChongLuaDao entry: `{url, meta}` (or a bare string), its category from the meta. */
export function chongLuaDaoEntry(element: unknown): ImportedListing {
  const url = typeof element === 'string' ? element : isRecord(element) ? element.url : undefined;
  if (typeof url !== 'string') throw new EntryProblem('an entry must be an object with a "url" text');
  const meta = isRecord(element) ? element.meta : undefined;
  return listingOf(wildcardTargetOf(url), FORMAT_CONFIDENCE.chongluadao, { categories: categoriesFromMeta(meta) });
}

/** Column and field names of our own format, as we write them; `firstSeen` and the like are accepted too. */
export const OWN_COLUMNS = ['type', 'value', 'verdict', 'categories', 'confidence', 'first_seen', 'evidence_url', 'source_ref'] as const;

/** A name as our formats compare them: `First_Seen`, `firstSeen` → `firstseen`. */
export const columnKey = (name: string): string => name.trim().toLowerCase().replace(/[_\s-]/g, '');

/**
 * An entry of our own CSV or JSON: `value` (its type detected unless given), verdict
 * (dangerous), categories (our codes), confidence (70), first_seen, evidence_url, source_ref.
 * Other fields (last_verified, expires_at, source, id, serial of our feeds) are ignored; rows
 * whose `status` is not active (our delta feeds) are left out by the readers.
 */
export function ownEntry(field: (key: string) => unknown): ImportedListing {
  const value = field('value');
  if (typeof value !== 'string' || value.trim() === '') throw new EntryProblem('no value');
  const type = field('type');
  if (type !== undefined && type !== null && typeof type !== 'string') throw new EntryProblem('type must be text');
  const declared = typeof type === 'string' ? type.trim() : '';
  const target = declared === '' ? detectedTargetOf(value, null) : declared === 'url' ? urlTargetOf(value) : targetOf(value, declared);
  return listingOf(target, confidenceOf(field('confidence'), FORMAT_CONFIDENCE.csv), {
    verdict: verdictOf(field('verdict')),
    categories: categoriesOf(field('categories')),
    seenAt: dateOf(field('firstseen'), 'first_seen'),
    evidenceUrl: evidenceUrlOf(field('evidenceurl')),
    sourceRef: sourceRefOf(field('sourceref')),
  });
}

/** An element of our own JSON as an entry. */
export function ownJsonEntry(element: unknown): ImportedListing {
  if (!isRecord(element)) throw new EntryProblem('an entry must be an object');
  const byKey = new Map(Object.entries(element).map(([name, value]) => [columnKey(name), value]));
  return ownEntry((key) => byKey.get(key));
}
