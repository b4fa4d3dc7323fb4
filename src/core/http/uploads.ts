import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route accepts uploaded files (multipart/form-data); others refuse them. */
    uploads?: { maxFiles: number; maxFileBytes: number };
  }
}

export type UploadedFile = { fieldName: string; fileName: string; bytes: Uint8Array };

const uploads = new WeakMap<FastifyRequest, UploadedFile[]>();

/** The files uploaded with this request (empty for routes without uploads). */
export function uploadsOf(request: FastifyRequest): UploadedFile[] {
  return uploads.get(request) ?? [];
}

/** The evidence files of this request; a file sent in any other field refuses the request. */
export function evidenceUploadsOf(request: FastifyRequest): UploadedFile[] {
  const all = uploadsOf(request);
  const files = all.filter((f) => f.fieldName === 'evidence');
  if (files.length !== all.length) throw new AppError('EVIDENCE_INVALID', undefined, [{ field: 'evidence', message: 'files go in the "evidence" field' }]);
  return files;
}

/**
 * A preValidation hook for an API route that takes JSON or multipart: a multipart body carries
 * the JSON document in its `field` field, which is then validated like a JSON body.
 */
export function jsonInMultipartField(field: string) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.isMultipart()) return;
    const text = (request.body as Record<string, unknown> | undefined)?.[field];
    if (typeof text !== 'string') throw new AppError('VALIDATION_FAILED', undefined, [{ field, message: `a JSON document in the "${field}" field` }]);
    try {
      request.body = JSON.parse(text) as typeof request.body;
    } catch {
      throw new AppError('MALFORMED_JSON', undefined, [{ field, message: 'not valid JSON' }]);
    }
  };
}

/**
 * Send an uploaded file back (to staff): sandboxed and never cached, and a PDF as a download
 * rather than shown inline, as uploads are untrusted.
 */
export function sendUploadedFile(reply: FastifyReply, file: { contentType: string; fileName: string }, bytes: Uint8Array): FastifyReply {
  const disposition = file.contentType === 'application/pdf' ? 'attachment' : 'inline';
  return reply
    .type(file.contentType)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(bytes));
}

/**
 * Multipart bodies: text fields become the body (so CSRF and schemas see
 * them), files are buffered per request within the route's limits and handed
 * out by `uploadsOf`. Only routes that declare `config.uploads` take files.
 */
export async function installUploads(app: FastifyInstance, limits: { maxFiles: number; maxFileBytes: number }): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    // Keep the name as sent: a file name with a path is a crafted request and is refused, not quietly trimmed.
    preservePath: true,
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 60, parts: 60 + limits.maxFiles, fieldSize: 100_000 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const allowed = this.routeOptions.config.uploads;
      if (allowed === undefined) {
        part.file.resume();
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This endpoint does not accept files.');
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) throw new AppError('EVIDENCE_TOO_LARGE', undefined, [{ field: part.fieldname, message: 'larger than 10 MB' }]);
      const bytes = Buffer.concat(chunks);
      // A file input left empty still sends a part with no name and no bytes.
      if (part.filename === '' && bytes.length === 0) return;
      const list = uploads.get(this) ?? [];
      list.push({ fieldName: part.fieldname, fileName: part.filename, bytes });
      uploads.set(this, list);
    },
  });
}
