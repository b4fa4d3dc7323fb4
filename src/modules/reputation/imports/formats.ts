// Parsers of indicator files: community lists (ChongLuaDao JSON), PhishTank CSV, OpenPhish text,
// URLhaus text or CSV, and our own CSV and JSON (the shape of /feeds/indicators.csv and .json).
// Pure and streaming: they read text chunks cut anywhere and hand out batches, so a file of a
// million lines is never a million objects at once. Every value goes through the targets
// library. A line that cannot be read becomes a problem with its line number and reason;
// parsing never throws on content.
import { attempt, chongLuaDaoEntry, columnKey, FORMAT_CONFIDENCE, IMPORT_FORMATS, JSON_WRAPPER_KEYS, listingOf, OWN_COLUMNS, ownEntry, ownJsonEntry, type EntrySink, type ImportedListing, type ImportFormat, type Reader } from './entries.ts';
import { dateOf, evidenceUrlOf, sourceRefOf, urlTargetOf } from './fields.ts';
import { JsonArrayReader } from './json-array.ts';
import { CsvReader, LineSplitter, csvFieldsOf, type LineOrProblem, type RecordOrProblem } from './text.ts';

export { FORMAT_CONFIDENCE, IMPORT_FORMATS, type ImportedListing, type ImportFormat };

export type ImportedEntry = { line: number; listing: ImportedListing };
export type ImportProblem = { line: number; reason: string };
/** Entries and problems in file order; `ignored` counts lines left out on purpose (PhishTank's unverified rows). */
export type ParsedBatch = { entries: ImportedEntry[]; problems: ImportProblem[]; ignored: number };

/** True when the string names one of IMPORT_FORMATS. */
export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

const isBlankOrComment = (text: string): boolean => {
  const trimmed = text.trim();
  return trimmed === '' || trimmed.startsWith('#');
};

const isBlankRecord = (fields: readonly string[]): boolean => fields.every((f) => f.trim() === '');

/** Lines of a text list (OpenPhish, URLhaus text): one URL per line, `#` comments. */
function urlListLine(sink: EntrySink, category: string, confidence: number) {
  return (line: LineOrProblem, no: number): void => {
    if ('problem' in line) return sink.problem(no, line.problem);
    if (isBlankOrComment(line.text)) return;
    attempt(sink, no, () => listingOf(urlTargetOf(line.text.trim()), confidence, { categories: [category] }));
  };
}

/** CSV over lines, one reader. */
function csvReader(onRecord: (record: RecordOrProblem, no: number) => void, skipLine: (text: string) => boolean = () => false): Reader {
  const csv = new CsvReader(onRecord);
  const lines = new LineSplitter((line, no) => {
    if ('text' in line && skipLine(line.text)) return;
    csv.line(line, no);
  });
  return { write: (chunk) => lines.write(chunk), end: () => (lines.end(), csv.end()) };
}

const PHISHTANK_COLUMNS = ['phish_id', 'url', 'phish_detail_url', 'submission_time', 'verified', 'verification_time', 'online', 'target'];

/** PhishTank CSV: verified rows only, with the phish id, its detail page and the submission time. */
function phishTankReader(sink: EntrySink): Reader {
  let columns: Map<string, number> | null = null;
  return csvReader((record, no) => {
    if ('problem' in record) return sink.problem(no, record.problem);
    if (isBlankRecord(record.fields)) return;
    if (columns === null) {
      const names = record.fields.map((f) => f.trim().toLowerCase());
      const header = names.includes('url');
      columns = new Map((header ? names : PHISHTANK_COLUMNS).map((name, i) => [name, i]));
      if (header) return;
    }
    const known = columns;
    const field = (name: string): string => record.fields[known.get(name) ?? -1]?.trim() ?? '';
    if (field('verified').toLowerCase() !== 'yes') return sink.ignore(no);
    attempt(sink, no, () =>
      listingOf(urlTargetOf(field('url')), FORMAT_CONFIDENCE.phishtank, {
        sourceRef: sourceRefOf(field('phish_id')),
        evidenceUrl: evidenceUrlOf(field('phish_detail_url')),
        seenAt: dateOf(field('submission_time'), 'submission_time'),
      }),
    );
  });
}

const URLHAUS_HEADER = /^#\s*"?id"?\s*,\s*"?dateadded"?/i;

/** URLhaus: the text list (a URL per line) or the CSV export (`# ` comments, then quoted rows), told apart by content. */
function urlhausReader(sink: EntrySink): Reader {
  let mode: 'csv' | 'text' | null = null;
  const textLine = urlListLine(sink, 'malware', FORMAT_CONFIDENCE.urlhaus);
  const csv = new CsvReader((record, no) => {
    if ('problem' in record) return sink.problem(no, record.problem);
    if (isBlankRecord(record.fields)) return;
    if (record.fields.length < 8) return sink.problem(no, `expected the URLhaus columns id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter; found ${record.fields.length}`);
    const [id = '', dateAdded = '', url = '', , , , , link = ''] = record.fields.map((f) => f.trim());
    attempt(sink, no, () =>
      listingOf(urlTargetOf(url), FORMAT_CONFIDENCE.urlhaus, { categories: ['malware'], sourceRef: sourceRefOf(id), evidenceUrl: evidenceUrlOf(link), seenAt: dateOf(dateAdded, 'dateadded') }),
    );
  });
  const lines = new LineSplitter((line, no) => {
    if ('text' in line && isBlankOrComment(line.text)) {
      if (mode === null && URLHAUS_HEADER.test(line.text.trim())) mode = 'csv';
      return;
    }
    mode ??= 'text' in line && (line.text.trimStart().startsWith('"') || csvFieldsOf(line.text).length >= 8) ? 'csv' : 'text';
    if (mode === 'csv') csv.line(line, no);
    else textLine(line, no);
  });
  return { write: (chunk) => lines.write(chunk), end: () => (lines.end(), csv.end()) };
}

// A row of our delta feeds says whether the listing is still in force; expired and revoked ones are not listings to make.
const inForce = (status: unknown): boolean => status === undefined || status === null || (typeof status === 'string' && ['', 'active'].includes(status.trim()));

/** Our CSV: a header naming the columns (any order; `type` optional), then a row per indicator. */
function ownCsvReader(sink: EntrySink): Reader {
  let columns: Map<string, number> | null = null;
  let headerMissing = false;
  return csvReader((record, no) => {
    if ('problem' in record) return sink.problem(no, record.problem);
    if (isBlankRecord(record.fields)) return;
    if (columns === null && !headerMissing) {
      const names = record.fields.map(columnKey);
      if (names.includes('value')) {
        columns = new Map(names.map((name, i) => [name, i]));
        return;
      }
      headerMissing = true;
    }
    const known = columns;
    if (known === null) return sink.problem(no, `the first line must name the columns (${OWN_COLUMNS.join(',')})`);
    const field = (key: string): string | undefined => record.fields[known.get(key) ?? -1];
    if (!inForce(field('status'))) return sink.ignore(no);
    attempt(sink, no, () => ownEntry(field));
  }, (text) => text.startsWith('#'));
}

/** A JSON array (top-level, or under "indicators", "changes" or "data") whose elements become entries. */
function jsonReader(sink: EntrySink, entry: (element: unknown) => ImportedListing, leaveOut: (element: unknown) => boolean = () => false): Reader {
  return new JsonArrayReader(JSON_WRAPPER_KEYS, {
    element: (value, line) => (leaveOut(value) ? sink.ignore(line) : attempt(sink, line, () => entry(value))),
    problem: (reason, line) => sink.problem(line, reason),
  });
}

function readerFor(format: ImportFormat, sink: EntrySink): Reader {
  switch (format) {
    case 'chongluadao':
      return jsonReader(sink, chongLuaDaoEntry);
    case 'phishtank':
      return phishTankReader(sink);
    case 'openphish': {
      const lines = new LineSplitter(urlListLine(sink, 'phishing', FORMAT_CONFIDENCE.openphish));
      return { write: (chunk) => lines.write(chunk), end: () => lines.end() };
    }
    case 'urlhaus':
      return urlhausReader(sink);
    case 'csv':
      return ownCsvReader(sink);
    case 'json':
      return jsonReader(sink, ownJsonEntry, (element) => typeof element === 'object' && element !== null && !inForce((element as { status?: unknown }).status));
  }
}

const emptyBatch = (): ParsedBatch => ({ entries: [], problems: [], ignored: 0 });

function collect(batch: { current: ParsedBatch }): EntrySink {
  return {
    entry: (line, listing) => void batch.current.entries.push({ line, listing }),
    problem: (line, reason) => void batch.current.problems.push({ line, reason }),
    ignore: () => void batch.current.ignored++,
  };
}

/** Parse a whole text at once (small files, tests). */
export function parseImportText(format: ImportFormat, text: string): ParsedBatch {
  const batch = { current: emptyBatch() };
  const reader = readerFor(format, collect(batch));
  reader.write(text);
  reader.end();
  return batch.current;
}

const SLICE_CHARS = 65_536;

function* slices(text: string): Generator<string> {
  for (let start = 0; start < text.length; start += SLICE_CHARS) yield text.slice(start, start + SLICE_CHARS);
}

/**
 * Parse text as it arrives — one string, or chunks cut anywhere (a decoded file stream, lines
 * with their line ends) — yielding a batch whenever `batchSize` entries or problems are ready,
 * and the rest at the end.
 */
export async function* parseImport(format: ImportFormat, input: string | Iterable<string> | AsyncIterable<string>, batchSize = 1000): AsyncGenerator<ParsedBatch> {
  const batch = { current: emptyBatch() };
  const reader = readerFor(format, collect(batch));
  const take = (): ParsedBatch => {
    const taken = batch.current;
    batch.current = emptyBatch();
    return taken;
  };
  for await (const chunk of typeof input === 'string' ? slices(input) : input) {
    for (const slice of chunk.length > SLICE_CHARS ? slices(chunk) : [chunk]) {
      reader.write(slice);
      if (batch.current.entries.length >= batchSize || batch.current.problems.length >= batchSize) yield take();
    }
  }
  reader.end();
  const last = take();
  if (last.entries.length > 0 || last.problems.length > 0 || last.ignored > 0) yield last;
}
