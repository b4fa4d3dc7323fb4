// Bulk import of indicators: the admin upload page and POST /api/v1/indicators/import (issue 4 §1).
// The API takes the file as the raw body (text/csv, text/plain, application/json) or as a
// multipart `file` field; both answer with the counts of the run.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';
import { uploadsOf, type UploadedFile } from '../../../core/http/uploads.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { formString, type FormBody } from '../../../web/forms.ts';
import { contextOf } from '../../identity/http.ts';
import type { ReputationDeps } from '../routes.ts';
import { IMPORT_MAX_BYTES, IMPORT_MAX_MEGABYTES, importUploadConfig, refuseTooLarge, runImport } from './http.ts';
import { registerImportPages } from './pages.tsx';
import { ImportList, ImportQuery, ImportResult } from './schema.ts';
import { listImports, type ImportResult as Result } from './service.ts';

const RAW_TYPES = ['text/csv', 'text/plain', 'application/json', 'application/octet-stream'];

const presentResult = (r: Result) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString() });

function multipartFile(request: FastifyRequest): UploadedFile | null {
  const files = uploadsOf(request);
  if (files.length > 1 || files.some((f) => f.fieldName !== 'file')) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'file', message: 'one file, in the "file" field' }]);
  return files[0] ?? null;
}

/** The import API (POST a file, GET the runs) and the upload page. */
export function registerImportRoutes(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock } = deps;

  // Its own context, where CSV, text and JSON bodies arrive as raw bytes up to the upload limit.
  void app.register(async (scoped: AppInstance) => {
    scoped.removeContentTypeParser(['application/json']);
    scoped.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));
    scoped.post(
      '/api/v1/indicators/import',
      {
        bodyLimit: IMPORT_MAX_BYTES,
        config: importUploadConfig,
        errorHandler: (error) => refuseTooLarge(error),
        schema: {
          tags: ['reputation'],
          summary: `Import a file of indicators: the raw body (text/csv, text/plain, application/json) or a multipart "file" field, at most ${IMPORT_MAX_MEGABYTES} MB. Needs indicator.import (scope indicators:write).`,
          querystring: ImportQuery,
          response: { 200: ImportResult },
        },
      },
      async (request) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : null;
        const fields: FormBody = raw === null && typeof request.body === 'object' && request.body !== null ? (request.body as FormBody) : {};
        const file = raw === null ? multipartFile(request) : null;
        const content = raw ?? file?.bytes;
        if (content === undefined) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'file', message: 'send the file as the body, or as the multipart field "file"' }]);
        const result = await runImport(deps, request, {
          format: request.query.format ?? formString(fields, 'format') ?? '',
          sourceKey: request.query.source ?? formString(fields, 'source') ?? null,
          fileName: file?.fileName ?? null,
          content,
          totalBytes: content.byteLength,
        });
        return presentResult(result);
      },
    );
  });

  app.get('/api/v1/indicators/imports', { schema: { tags: ['reputation'], summary: 'The latest 50 imports of indicators, newest first', response: { 200: ImportList } } }, async (request) => {
    const rows = await listImports(database, contextOf(request, clock), 50);
    return { imports: rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString() })) };
  });

  registerImportPages(app, deps);
}
