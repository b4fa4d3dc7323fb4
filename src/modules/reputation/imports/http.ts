// What the import API and page share: the upload limits, the run (import, then catch the index up)
// and the refusal of a file that is too large.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';
import { normalizeError } from '../../../core/http/errors.ts';
import { contextOf } from '../../identity/http.ts';
import type { ReputationDeps } from '../routes.ts';
import { importIndicators, type ImportInput, type ImportResult } from './service.ts';

/** Largest file an upload may carry (the CLI reads files of any size). */
export const IMPORT_MAX_BYTES = 50 * 1_048_576;
export const IMPORT_MAX_MEGABYTES = IMPORT_MAX_BYTES / 1_048_576;

/** Route config of an upload: one file within the limit (the multipart layer's own default is report evidence's). */
export const importUploadConfig = {
  uploads: { maxFiles: 1, maxFileBytes: IMPORT_MAX_BYTES },
  multipartOptions: { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } },
  rateLimit: { max: 30, timeWindow: 60_000 },
};

/** Route error handler: the multipart layer names its size refusal after report evidence (10 MB); say what applies here. */
export function refuseTooLarge(error: Error): never {
  const known = normalizeError(error);
  if (known instanceof AppError && (known.code === 'EVIDENCE_TOO_LARGE' || known.code === 'PAYLOAD_TOO_LARGE')) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${IMPORT_MAX_MEGABYTES} MB.`, [{ field: 'file', message: `larger than ${IMPORT_MAX_MEGABYTES} MB` }]);
  }
  throw error;
}

/** Import as the caller, then bring this process's index up to the new serial. */
export async function runImport(deps: Pick<ReputationDeps, 'database' | 'clock' | 'live'>, request: FastifyRequest, input: ImportInput): Promise<ImportResult> {
  const result = await importIndicators(deps.database, contextOf(request, deps.clock), input, undefined, { clock: deps.clock });
  await deps.live.catchUp(deps.database.db);
  return result;
}
