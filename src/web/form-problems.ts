// What the public forms (report, appeal) share when a submission is refused: the problems tied
// to form fields, which refusals bring the form back, and the error handler for refusals that
// happen before the route's handler runs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../core/errors.ts';
import { normalizeError, wantsJson } from '../core/http/errors.ts';
import { formString, sentFormValues, type FormBody } from './forms.ts';

/** One problem of the form: `field` is a form field name, or `_form` for the whole form. */
export type FormProblem = { field: string; message: string };

// Refusals about what was typed or chosen, common to every public form: the form comes back with
// them. Anything else (CSRF, server errors) goes to the normal error page.
const FORM_CODES: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'UNKNOWN_FIELD',
  'TARGET_INVALID',
  'EVIDENCE_TYPE_NOT_ALLOWED',
  'EVIDENCE_TOO_LARGE',
  'EVIDENCE_INVALID',
  'FORM_CHECK_FAILED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
];

/** A test for the refusals that bring a form back instead of the error page: the common ones and the form's own `extra` codes. */
export function formRefusalTest(extra: readonly ErrorCode[] = []): (error: unknown) => error is AppError {
  const known: ReadonlySet<ErrorCode> = new Set([...FORM_CODES, ...extra]);
  return (error: unknown): error is AppError => error instanceof AppError && known.has(error.code);
}

/** The problems of a refusal, one per detail (or one for the whole error), without repeats. */
export function distinctProblems(error: AppError, problemOf: (detail: ErrorDetail) => FormProblem): FormProblem[] {
  const details: readonly ErrorDetail[] = error.details.length > 0 ? error.details : [{ message: error.message }];
  const problems = details.map(problemOf);
  return problems.filter((p, i) => problems.findIndex((q) => q.field === p.field && q.message === p.message) === i);
}

/** Problems grouped by field, for the message under each control. */
export function byField(problems: readonly FormProblem[]): Record<string, string> {
  const grouped: Record<string, string> = {};
  for (const p of problems) grouped[p.field] = grouped[p.field] === undefined ? p.message : `${grouped[p.field]} ${p.message}`;
  return grouped;
}

// Refusals before the handler that a person using the form can cause: too long a field, too large or too many files.
const PERSON_MADE: ReadonlySet<string> = new Set(['VALIDATION_FAILED', 'EVIDENCE_TOO_LARGE', 'EVIDENCE_INVALID', 'EVIDENCE_TYPE_NOT_ALLOWED']);

/**
 * The error handler of a public form route. A refusal before the handler (a file over 10 MB, a
 * field over its limit) also brings the form back. A file refused while the body is parsed stops
 * the request before authentication has made this visitor's CSRF token; the token they sent then
 * goes back into the form. That is safe: the next post is checked as usual, so a forged token
 * still fails there. A script asking for JSON, or a request no form can produce (an unknown
 * field), gets the usual error.
 */
export function formRefusalHandler(
  isFormRefusal: (error: unknown) => error is AppError,
  showForm: (request: FastifyRequest, reply: FastifyReply, values: FormBody, refusal: AppError, csrfToken: string) => void,
) {
  return (error: Error, request: FastifyRequest, reply: FastifyReply): void => {
    const known = normalizeError(error);
    const values = sentFormValues(request.body);
    const csrfToken = request.csrfToken !== '' ? request.csrfToken : formString(values, '_csrf');
    if (!isFormRefusal(known) || !PERSON_MADE.has(known.code) || wantsJson(request) || csrfToken === undefined) throw error;
    showForm(request, reply, values, known, csrfToken);
  };
}
