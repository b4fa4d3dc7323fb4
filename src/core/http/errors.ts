import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toEnvelope, type ErrorDetail } from '../errors.ts';

/** Renders an HTML error page for page requests; supplied by the web layer. */
export type HtmlErrorRenderer = (request: FastifyRequest, status: number, code: string, message: string) => string;

type AjvIssue = { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> };

/** True for requests answered in JSON: the API, feeds, probes, or a client that asks for JSON. */
export function wantsJson(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (/^\/(api|feeds|taxii2|healthz|readyz|metrics|openapi\.json)(\/|$)/.test(path)) return true;
  const accept = request.headers.accept ?? '';
  return !accept.includes('text/html') && accept.includes('application/json');
}

/** Translate framework errors into catalogue errors; everything unknown stays unknown. */
export function normalizeError(error: FastifyError | AppError | Error): Error {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fastifyError.validation !== undefined) {
    const issues = fastifyError.validation;
    const unknownField = issues.find((issue) => issue.keyword === 'additionalProperties');
    const details: ErrorDetail[] = issues.slice(0, 20).map((issue) => ({
      field: fieldOf(fastifyError.validationContext, issue),
      message: issue.message ?? 'invalid',
      code: issue.keyword,
    }));
    return new AppError(unknownField !== undefined ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', undefined, details);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('EVIDENCE_TOO_LARGE', undefined, [{ field: 'evidence', message: 'larger than 10 MB' }]);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('EVIDENCE_INVALID', undefined, [{ field: 'evidence', message: 'too many files or fields' }]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_PROTO_VIOLATION':
      return new AppError('VALIDATION_FAILED', 'The multipart body is malformed.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('VALIDATION_FAILED', 'The Content-Length does not match the body.');
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return new AppError('MALFORMED_JSON');
  if (fastifyError.statusCode === 429) return new AppError('RATE_LIMITED');
  if (fastifyError.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (fastifyError.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  return error;
}

function fieldOf(context: string | undefined, issue: AjvIssue): string {
  const base = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const extra = issue.params?.additionalProperty ?? issue.params?.missingProperty;
  const field = [base, typeof extra === 'string' ? extra : ''].filter(Boolean).join('.');
  return [context, field].filter(Boolean).join('.');
}

/** One handler for every error: known ones with their code, the rest as a 500 with the request id. */
export function installErrorHandling(app: FastifyInstance, renderHtml: HtmlErrorRenderer): void {
  const send = (request: FastifyRequest, reply: FastifyReply, error: Error) => {
    const { status, body } = toEnvelope(normalizeError(error), request.id);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    if (wantsJson(request)) return reply.status(status).type('application/json; charset=utf-8').send(body);
    return reply.status(status).type('text/html; charset=utf-8').send(renderHtml(request, status, body.error.code, body.error.message));
  };
  app.setErrorHandler((error: FastifyError, request, reply) => send(request, reply, error));
  app.setNotFoundHandler((request, reply) => send(request, reply, new AppError('NOT_FOUND')));
}
