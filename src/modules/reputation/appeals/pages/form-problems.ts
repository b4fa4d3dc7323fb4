// Turn a refused appeal into messages a person can act on, each tied to the form field it is about.
import type { AppError } from '../../../../core/errors.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { distinctProblems, formRefusalTest, type FormProblem } from '../../../../web/form-problems.ts';
import { appealMessage, type AppealMessage } from './messages.ts';

/** True when the appeal form should be shown again for this error: also when the value is not listed. */
export const isFormRefusal = formRefusalTest(['NOT_LISTED']);

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
  return distinctProblems(error, ({ field: rawField, code }): FormProblem => {
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
  });
}
