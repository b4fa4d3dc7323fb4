// Turn a refused appeal into messages a person can act on, each tied to the form field it is about.
import type { AppError } from '../../../../core/errors.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { distinctProblems, formRefusalTest, type FormProblem } from '../../../../web/form-problems.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

/** True when the appeal form should be shown again for this error: also when the reference names nothing appealable. */
export const isFormRefusal = formRefusalTest(['TAKEDOWN_APPEAL_REFERENCE_UNKNOWN', 'TAKEDOWN_APPEAL_NOT_APPEALABLE', 'TAKEDOWN_APPEAL_OPEN', 'TAKEDOWN_APPEAL_DECIDED']);

/** The refusals about the action named, each with its message under the reference. */
const REFERENCE_CODES: Readonly<Record<string, AppealMessage>> = {
  TAKEDOWN_APPEAL_REFERENCE_UNKNOWN: 'referenceUnknown',
  TAKEDOWN_APPEAL_NOT_APPEALABLE: 'notAppealable',
  TAKEDOWN_APPEAL_OPEN: 'appealOpen',
  TAKEDOWN_APPEAL_DECIDED: 'appealDecided',
};

const FIELD_MESSAGES: Readonly<Record<string, AppealMessage>> = {
  reference: 'referenceInvalid',
  statement: 'statementRequired',
  name: 'nameRequired',
  contact: 'contactInvalid',
};

/** The problems of a refused appeal, deduplicated. */
export function appealFormProblems(error: AppError, locale: Locale): FormProblem[] {
  const t = (key: AppealMessage) => appealMessage(locale, key);
  return distinctProblems(error, ({ field: rawField, code }): FormProblem => {
    const about = REFERENCE_CODES[error.code];
    if (about !== undefined) return { field: 'reference', message: t(about) };
    if (error.code === 'FORM_CHECK_FAILED') return { field: '_form', message: t('formCheckFailed') };
    if (error.code === 'RATE_LIMITED') return { field: '_form', message: t('rateLimited') };
    if (error.code === 'EVIDENCE_TYPE_NOT_ALLOWED' || error.code === 'UNSUPPORTED_MEDIA_TYPE') return { field: 'evidence', message: t('fileType') };
    if (error.code === 'EVIDENCE_TOO_LARGE') return { field: 'evidence', message: t('fileTooLarge') };
    if (error.code === 'EVIDENCE_INVALID') return { field: 'evidence', message: t('fileInvalid') };
    // Schema errors name the part of the request: `body.statement`.
    const field = (rawField ?? '').replace(/^body\.?/, '');
    if (field === 'reference' && code === 'minLength') return { field, message: t('referenceRequired') };
    const key = FIELD_MESSAGES[field];
    return key === undefined ? { field: '_form', message: t('formInvalid') } : { field, message: t(key) };
  });
}
