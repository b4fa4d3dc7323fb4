import { AppError } from '../../core/errors.ts';
import { EvidenceError, EvidenceStore, safeFileName, sniffContentType, stripImageMetadata } from '../../core/files/index.ts';
import type { Db } from '../../core/db.ts';
import { requireCaseScope, requireCaseVisible } from '../cases/index.ts';
import type { Context } from '../identity/index.ts';
import { REPORT_LIMITS } from './model.ts';
import * as repo from './repository.ts';

export type UploadedFile = { fileName: string; bytes: Uint8Array };
export type StoredEvidence = { sha256: string; size: number; contentType: string; fileName: string };

/**
 * Check, clean and store evidence before the report's transaction: the type is
 * decided by the bytes (a renamed executable is refused), location and other
 * metadata are removed from images, and the bytes are stored by their hash.
 * A stored file whose report then fails is harmless: the same bytes are reused.
 */
export async function storeEvidence(store: EvidenceStore, files: readonly UploadedFile[]): Promise<StoredEvidence[]> {
  if (files.length > REPORT_LIMITS.evidenceFiles) throw new AppError('EVIDENCE_INVALID', undefined, [{ field: 'evidence', message: `at most ${REPORT_LIMITS.evidenceFiles} files` }]);
  const checked = files.map((file, index) => {
    const field = `evidence[${index}]`;
    // Browsers send a bare name; a path (../../etc/passwd.png) is a crafted request, refused rather than silently renamed.
    if (/[/\\]/.test(file.fileName) || [...file.fileName].some((c) => c.charCodeAt(0) < 0x20) || file.fileName === '..') throw new AppError('EVIDENCE_INVALID', undefined, [{ field, message: 'the file name must not contain a path' }]);
    if (file.bytes.length === 0) throw new AppError('EVIDENCE_INVALID', undefined, [{ field, message: 'the file is empty' }]);
    if (file.bytes.length > REPORT_LIMITS.evidenceBytes) throw new AppError('EVIDENCE_TOO_LARGE', undefined, [{ field, message: 'larger than 10 MB' }]);
    const contentType = sniffContentType(file.bytes);
    if (contentType === null) throw new AppError('EVIDENCE_TYPE_NOT_ALLOWED', undefined, [{ field, message: 'not an image (PNG, JPEG, GIF, WebP) or a PDF' }]);
    try {
      return { bytes: stripImageMetadata(file.bytes, contentType), contentType, fileName: safeFileName(file.fileName) };
    } catch (error) {
      if (error instanceof EvidenceError) throw new AppError('EVIDENCE_INVALID', undefined, [{ field, message: 'the file is damaged' }]);
      throw error;
    }
  });
  const stored: StoredEvidence[] = [];
  for (const file of checked) {
    const { sha256, size } = await store.put(file.bytes);
    stored.push({ sha256, size, contentType: file.contentType, fileName: file.fileName });
  }
  return stored;
}

/** An evidence file for staff who may see its case; the same 404 otherwise. Reading personal evidence is audited by the caller's route. */
export async function readEvidence(db: Db, ctx: Context, store: EvidenceStore, evidenceId: string) {
  const scope = requireCaseScope(ctx.actor, 'case.read');
  const found = /^[0-9a-f-]{36}$/i.test(evidenceId) ? await repo.findEvidence(db, evidenceId) : null;
  if (found === null) throw new AppError('NOT_FOUND');
  // A report not yet grouped (the first second) has no case: only national staff may see its files then.
  if (found.caseId === null) {
    if (scope.kind !== 'all') throw new AppError('NOT_FOUND');
  } else {
    await requireCaseVisible(db, ctx, found.caseId);
  }
  try {
    return { evidence: found, bytes: await store.read(found.sha256) };
  } catch (error) {
    if (error instanceof EvidenceError) throw new AppError('NOT_FOUND');
    throw error;
  }
}
