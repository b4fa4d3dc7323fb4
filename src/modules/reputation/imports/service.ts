// Importing a file of indicators: parse it as it is read, list its entries a thousand at a time
// through the one writer (applyListings: one transaction per chunk, revoked listings left alone),
// then record the run and audit it. Re-importing a file changes nothing: equal listings are
// "unchanged", so no serial is taken and no history line is written.
import { createHash, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../../core/clock.ts';
import type { Database } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { actorName, auditOrg, recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import { applyListings } from '../listings.ts';
import type { Listing } from '../model.ts';
import { currentSerial } from '../repository.ts';
import { TtlPolicy } from '../ttl.ts';
import { isImportFormat, parseImport, type ImportFormat, type ImportProblem } from './formats.ts';
import { KeySet } from './key-set.ts';
import * as repo from './repository.ts';

/** Listings applied per transaction. */
export const IMPORT_CHUNK = 1000;
/** Invalid lines reported back (all are counted). */
export const MAX_REPORTED_PROBLEMS = 100;
export const SOURCE_KEY_PATTERN = /^import:[a-z0-9_-]{1,40}$/;
const MAX_FILE_NAME = 200;

export type ImportInput = {
  /** One of IMPORT_FORMATS (checked here: it may come straight from a request). */
  format: string;
  /** `import:<name>`; `import:<format>` when absent. */
  sourceKey?: string | null;
  fileName?: string | null;
  /** The file: text, bytes, or a stream of byte (or text) chunks as it is read. */
  content: string | Uint8Array | AsyncIterable<Uint8Array | string>;
  /** The file's size in bytes when known, for progress. */
  totalBytes?: number | null;
};

export type ImportProgress = { bytesRead: number; totalBytes: number | null; entries: number; invalid: number };

/** What an import did. `unchanged` includes repeats of an entry within the file; `ignored` are lines left out on purpose (PhishTank's unverified rows). */
export type ImportCounts = { added: number; updated: number; unchanged: number; skipped: number; invalid: number; ignored: number };

export type ImportResult = ImportCounts & {
  id: string;
  format: ImportFormat;
  sourceKey: string;
  fileName: string | null;
  fileSha256: string;
  /** The change serial after the import. */
  serial: number;
  /** The first invalid lines, with their reasons. */
  problems: ImportProblem[];
  startedAt: Date;
  finishedAt: Date;
};

type Checked = { format: ImportFormat; sourceKey: string; fileName: string | null };

function checkInput(input: ImportInput): Checked {
  const details: { field: string; message: string }[] = [];
  const format = isImportFormat(input.format) ? input.format : null;
  if (format === null) details.push({ field: 'format', message: 'one of chongluadao, phishtank, openphish, urlhaus, csv, json' });
  const sourceKey = input.sourceKey?.trim() || `import:${format ?? 'unknown'}`;
  if (!SOURCE_KEY_PATTERN.test(sourceKey)) details.push({ field: 'source', message: 'import:<name>, the name of 1–40 lower-case letters, digits, - or _' });
  if (format === null || details.length > 0) throw new AppError('VALIDATION_FAILED', undefined, details);
  return { format, sourceKey, fileName: fileNameOf(input.fileName) };
}

// The last part of a file name, printable, bounded: it is shown on the imports page.
function fileNameOf(name: string | null | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.toWellFormed().replace(/\p{Cc}/gu, '').trim().slice(0, MAX_FILE_NAME);
  return clean === '' ? null : clean;
}

type Reading = { bytes: number; hash: ReturnType<typeof createHash> };

// The file as text chunks, counting and hashing the bytes on the way.
async function* textOf(content: ImportInput['content'], reading: Reading): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const sources: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
  for await (const chunk of sources) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    reading.bytes += bytes.byteLength;
    reading.hash.update(bytes);
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * Import a file of indicators as `ctx.actor` (needs indicator.import). Entries become listings
 * of source `import` under the source key; the first of repeated entries counts. Invalid lines
 * are counted and the first reported, never fatal. Callers catch their index up afterwards.
 */
export async function importIndicators(
  database: Database,
  ctx: Context,
  input: ImportInput,
  onProgress: (progress: ImportProgress) => void = () => undefined,
  options: { clock?: Clock; chunkSize?: number } = {},
): Promise<ImportResult> {
  requireAccess(ctx.actor, 'indicator.import');
  const { format, sourceKey, fileName } = checkInput(input);
  const chunkSize = options.chunkSize ?? IMPORT_CHUNK;
  const ttl = await TtlPolicy.load(database.db);
  const reading: Reading = { bytes: 0, hash: createHash('sha256') };
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0, skipped: 0, invalid: 0, ignored: 0 };
  const problems: ImportProblem[] = [];
  const seen = new KeySet();
  let pending: Listing[] = [];
  let entries = 0;
  let serial = 0;

  const apply = async (chunk: readonly Listing[]) => {
    const result = await database.transaction(async (tx) => applyListings(tx, ctx, chunk, { ttl, reinstate: false, note: `import ${sourceKey}` }));
    counts.added += result.added;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
    counts.skipped += result.skipped;
    serial = result.serial;
  };
  const progress = () => onProgress({ bytesRead: reading.bytes, totalBytes: input.totalBytes ?? null, entries, invalid: counts.invalid });

  for await (const batch of parseImport(format, textOf(input.content, reading), chunkSize)) {
    entries += batch.entries.length + batch.problems.length + batch.ignored;
    counts.invalid += batch.problems.length;
    counts.ignored += batch.ignored;
    problems.push(...batch.problems.slice(0, MAX_REPORTED_PROBLEMS - problems.length));
    for (const { listing } of batch.entries) {
      if (seen.add(`${listing.type}\u0000${listing.value}`)) pending.push({ ...listing, source: 'import', sourceKey });
      else counts.unchanged++;
    }
    while (pending.length >= chunkSize) {
      await apply(pending.slice(0, chunkSize));
      pending = pending.slice(chunkSize);
    }
    progress();
  }
  if (pending.length > 0) await apply(pending);
  if (serial === 0) serial = await currentSerial(database.db);
  progress();

  const finishedAt = (options.clock ?? systemClock).now();
  const result: ImportResult = { id: randomUUID(), format, sourceKey, fileName, fileSha256: reading.hash.digest('hex'), serial, problems, startedAt: ctx.now, finishedAt, ...counts };
  await database.transaction(async (tx) => {
    await repo.insertImport(tx.db, {
      id: result.id,
      format,
      sourceKey,
      fileName,
      fileSha256: result.fileSha256,
      actorName: actorName(ctx.actor).name,
      added: counts.added,
      updated: counts.updated,
      unchanged: counts.unchanged,
      skipped: counts.skipped,
      invalid: counts.invalid,
      startedAt: ctx.now,
      finishedAt,
    });
    await recordAudit(tx.db, ctx, {
      orgId: auditOrg(ctx.actor),
      action: 'indicator.imported',
      subjectType: 'indicator_import',
      subjectId: result.id,
      summary: { format, sourceKey, fileName, fileSha256: result.fileSha256, ...counts },
    });
  });
  return result;
}

/** The latest import runs (needs indicator.import). */
export async function listImports(database: Database, ctx: Context, limit = 20): Promise<repo.ImportRow[]> {
  requireAccess(ctx.actor, 'indicator.import');
  return repo.recentImports(database.db, Math.min(Math.max(limit, 1), 100));
}
