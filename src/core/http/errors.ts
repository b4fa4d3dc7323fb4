import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toEnvelope, type ErrorDetail } from '../errors.ts';

/** Renders an HTML error page for page requests; supplied by the web layer. */
export type HtmlErrorRenderer = (request: FastifyRequest, status: number, code: string, message: string) => string;

type AjvIssue = { instancePath?: string; schemaPath?: string; keyword?: string; message?: string; params?: Record<string, unknown> };

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
    const issues = narrowTaggedUnions(fastifyError.validation);
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

/**
 * A union of objects told apart by a literal tag (a decision's `outcome`) fails
 * in every branch at once, and each branch calls the others' fields unknown: a
 * verification without its legal basis came back as UNKNOWN_FIELD with twenty
 * details. Keep the errors of the one branch whose tag matched; when no tag
 * matched, keep only the tag's errors.
 */
function narrowTaggedUnions(issues: AjvIssue[]): AjvIssue[] {
  let result = issues;
  for (const union of issues.filter((issue) => issue.keyword === 'anyOf')) {
    if (union.schemaPath === undefined) continue;
    const prefix = `${union.schemaPath}/`;
    const branchOf = (issue: AjvIssue) => (issue.schemaPath?.startsWith(prefix) === true ? issue.schemaPath.slice(prefix.length).split('/')[0] : undefined);
    const inUnion = result.filter((issue) => branchOf(issue) !== undefined);
    const missedTag = new Set(inUnion.filter((issue) => issue.keyword === 'const').map(branchOf));
    if (missedTag.size === 0) continue;
    const matched = [...new Set(inUnion.map(branchOf))].filter((branch) => !missedTag.has(branch));
    if (matched.length > 1) continue;
    const keep = (issue: AjvIssue) => (matched.length === 1 ? branchOf(issue) === matched[0] : issue.keyword === 'const' || issue === union);
    result = result.filter((issue) => (issue === union || branchOf(issue) !== undefined ? keep(issue) : true));
  }
  return result;
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
