// Turn a refused report into messages a person can act on, in the page's
// language, each tied to the field it is about. The intake speaks in API field
// names (`targets[2].value`, `evidence[0]`); the form has one textarea of lines
// and one file input, so line and file numbers are translated back here.
import type { AppError } from '../../../core/errors.ts';
import type { Locale } from '../../../core/i18n.ts';
import { distinctProblems, formRefusalTest, type FormProblem } from '../../../web/form-problems.ts';
import { reportMessage, type ReportMessage } from './messages.ts';

/** What the page knows about the sent form: the textarea line of each target, the names of the files. */
export type SentForm = { lineOfTarget: readonly number[]; fileNames: readonly string[] };

const FORM_FIELDS = new Set(['category', 'targets', 'description', 'evidence', 'province', 'contact']);

/** True when the report form should be shown again for this error. */
export const isFormRefusal = formRefusalTest();

/** The problems of a refused report, deduplicated, in the order the intake found them. */
export function reportFormProblems(error: AppError, locale: Locale, sent: SentForm): FormProblem[] {
  const t = (key: ReportMessage, params?: Record<string, string | number>) => reportMessage(locale, key, params);
  const file = (index: number | null) => {
    const name = index === null ? undefined : sent.fileNames[index];
    return name === undefined || name === '' ? t('fileUnnamed') : t('fileNamed', { name });
  };

  const evidenceMessage = (index: number | null, detail: string): string => {
    if (error.code === 'EVIDENCE_TYPE_NOT_ALLOWED' || error.code === 'UNSUPPORTED_MEDIA_TYPE') return t('fileType', { file: file(index) });
    if (error.code === 'EVIDENCE_TOO_LARGE') return t('fileTooLarge', { file: file(index) });
    if (index === null && detail.startsWith('at most')) return t('filesTooMany');
    if (index === null && detail.includes('too many')) return t('filesTooMany');
    return t('fileInvalid', { file: file(index) });
  };

  return distinctProblems(error, ({ field: rawField, message: detail, code }): FormProblem => {
    if (error.code === 'FORM_CHECK_FAILED') return { field: '_form', message: t('formCheckFailed') };
    // Schema errors name the part of the request: `body.description`.
    const field = (rawField ?? '').replace(/^body\.?/, '');
    const line = /^targets\[(\d+)\]\.value$/.exec(field);
    if (line?.[1] !== undefined) {
      const number = sent.lineOfTarget[Number(line[1])] ?? Number(line[1]) + 1;
      const key: ReportMessage = code === 'TARGET_EMPTY' ? 'lineEmpty' : code === 'TARGET_TOO_LONG' ? 'lineTooLong' : 'lineInvalid';
      return { field: 'targets', message: t(key, { line: number }) };
    }
    if (/^targets\[\d+\]$/.test(field)) return { field: 'targets', message: error.code === 'RATE_LIMITED' ? t('targetRateLimited') : t('targetsInvalid') };
    const upload = /^evidence(?:\[(\d+)\])?$/.exec(field);
    if (upload !== null) return { field: 'evidence', message: evidenceMessage(upload[1] === undefined ? null : Number(upload[1]), detail) };
    switch (field) {
      case 'category':
        return { field, message: t('chooseCategory') };
      case 'targets':
        return { field, message: detail.startsWith('at least') ? t('targetsRequired') : detail.startsWith('at most') ? t('targetsTooMany') : t('targetsInvalid') };
      case 'description':
        return { field, message: t('descriptionTooLong') };
      case 'contact':
        return { field, message: t('contactInvalid') };
      case 'province':
        return { field, message: t('provinceInvalid') };
    }
    if (FORM_FIELDS.has(field)) return { field, message: t('fieldInvalid') };
    if (error.code === 'RATE_LIMITED') return { field: '_form', message: t('rateLimited') };
    if (error.code.startsWith('EVIDENCE_') || error.code === 'UNSUPPORTED_MEDIA_TYPE') return { field: 'evidence', message: evidenceMessage(null, detail) };
    return { field: '_form', message: t('formInvalid') };
  });
}
