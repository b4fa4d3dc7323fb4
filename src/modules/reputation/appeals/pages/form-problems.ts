// Turn a refused appeal into messages a person can act on, each tied to the form field it is about.
import { AppError, type ErrorCode } from '../../../../core/errors.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

/** One problem of the form: `field` is a form field name, or `_form` for the whole form. */
export type FormProblem = { field: string; message: string };

// Refusals about what was typed or chosen: the form comes back with them. Anything else
// (CSRF, server errors) goes to the normal error page.
const FORM_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'VALIDATION_FAILED',
  'UNKNOWN_FIELD',
  'TARGET_INVALID',
  'NOT_LISTED',
  'EVIDENCE_TYPE_NOT_ALLOWED',
  'EVIDENCE_TOO_LARGE',
  'EVIDENCE_INVALID',
  'FORM_CHECK_FAILED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
]);

/** True when the form should be shown again for this error. */
export function isFormRefusal(error: unknown): error is AppError {
  return error instanceof AppError && FORM_CODES.has(error.code);
}

const FIELD_MESSAGES: Record<string, AppealMessage> = {
  value: 'valueInvalid',
  type: 'typeInvalid',
  ground: 'chooseGround',
  statement: 'statementRequired',
  appellantName: 'nameRequired',
  contact: 'contactInvalid',
};

/** The problems of a refused appeal, deduplicated. */
export function appealFormProblems(error: AppError, locale: Locale): FormProblem[] {
  const t = (key: AppealMessage) => appealMessage(locale, key);
  const problemOf = (rawField: string | undefined, code: string | undefined): FormProblem => {
    if (error.code === 'FORM_CHECK_FAILED') return { field: '_form', message: t('formCheckFailed') };
    if (error.code === 'RATE_LIMITED') return { field: '_form', message: t('rateLimited') };
    if (error.code === 'NOT_LISTED') return { field: 'value', message: t('notListed') };
    if (error.code === 'EVIDENCE_TYPE_NOT_ALLOWED' || error.code === 'UNSUPPORTED_MEDIA_TYPE') return { field: 'evidence', message: t('fileType') };
    if (error.code === 'EVIDENCE_TOO_LARGE') return { field: 'evidence', message: t('fileTooLarge') };
    if (error.code === 'EVIDENCE_INVALID') return { field: 'evidence', message: t('fileInvalid') };
    // Schema errors name the part of the request: `body.statement`.
    const field = (rawField ?? '').replace(/^body\.?/, '');
    if (field === 'value' && (code === 'TARGET_EMPTY' || code === 'minLength')) return { field, message: t('valueRequired') };
    const key = FIELD_MESSAGES[field];
    return key === undefined ? { field: '_form', message: t('formInvalid') } : { field, message: t(key) };
  };
  const details = error.details.length > 0 ? error.details : [{ field: undefined, message: error.message, code: undefined }];
  const problems = details.map((d) => problemOf(d.field, d.code));
  return problems.filter((p, i) => problems.findIndex((q) => q.field === p.field && q.message === p.message) === i);
}

/** Problems by field, for the message under each control. */
export function byField(problems: readonly FormProblem[]): Record<string, string> {
  const grouped: Record<string, string> = {};
  for (const p of problems) grouped[p.field] = grouped[p.field] === undefined ? p.message : `${grouped[p.field]} ${p.message}`;
  return grouped;
}
