// Turn a refusal of the trust use cases into messages a person can act on, in the page's
// language, each tied to the form field it is about. The use cases speak in API field names
// (`domains[2]`, `statements.consent`) and stable codes; the forms have one textarea of
// domains and one textarea per statement.
import { AppError, type ErrorDetail } from '../../../../core/errors.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { criterionOf } from '../criteria.ts';
import { TRUST_LIMITS } from '../model.ts';
import { t } from '../messages.ts';

/** Field → message; `_form` is about the whole form. */
export type FormErrors = Record<string, string>;

/** The form field of an API field name, and the domain's index when it is a line of the domains box. */
function formFieldOf(field: string): { name: string; domainIndex: number | null } {
  const domain = /^domains\[(\d+)\]$/.exec(field);
  if (domain?.[1] !== undefined) return { name: 'domains', domainIndex: Number(domain[1]) };
  const statement = /^statements\.([a-z_]+)$/.exec(field);
  if (statement?.[1] !== undefined) return { name: `statement_${statement[1]}`, domainIndex: null };
  return { name: field, domainIndex: null };
}

function limitOf(name: string): number {
  if (name.startsWith('statement_')) return TRUST_LIMITS.statement;
  const limits: Record<string, number> = TRUST_LIMITS;
  return limits[name] ?? TRUST_LIMITS.note;
}

function messageOf(detail: ErrorDetail, name: string, line: number | null, l: Locale): string {
  switch (detail.code) {
    case 'required':
      return t(l, name === 'domains' && line === null ? 'errDomainsRequired' : name === 'reason' ? 'errReasonRequired' : 'errRequired');
    case 'too_long':
      return t(l, 'errTooLong', { max: limitOf(name) });
    case 'too_short':
      return t(l, 'errTooShort');
    case 'too_many':
      return t(l, 'errTooMany', { max: TRUST_LIMITS.domains });
    case 'wildcard':
      return t(l, 'errDomainWildcard', { line: line ?? 1 });
    case 'website_domain':
      return t(l, 'errWebsiteDomain');
    case 'slug_taken':
      return t(l, 'errSlugTaken');
    case 'note_required':
      return t(l, 'errNoteRequired');
    case 'invalid':
      if (name === 'domains') return t(l, 'errDomainInvalid', { line: line ?? 1 });
      if (name === 'website') return t(l, 'errWebsiteInvalid');
      if (name === 'contact') return t(l, 'errContactInvalid');
      if (name === 'slug') return t(l, 'errSlugInvalid');
      return t(l, 'errInvalid');
    default:
      return detail.message;
  }
}

/** A refusal the whole form should show: missing criteria, a domain already held, a state that changed. */
function conflictMessage(error: AppError, l: Locale): string {
  const missing = error.details.filter((d) => d.field?.startsWith('criteria.') === true);
  if (missing.length > 0) {
    const list = missing.map((d) => criterionOf(d.field?.slice('criteria.'.length) ?? '')?.label[l] ?? d.field ?? '').join('; ');
    return t(l, 'errCriteriaMissing', { list });
  }
  const held = error.details.filter((d) => d.code === 'domain_held');
  if (held.length > 0) return t(l, 'errDomainHeld', { list: held.map((d) => d.message).join('; ') });
  return t(l, 'errStateConflict');
}

/**
 * Form errors of a refused use case, or the error itself rethrown when it is not about the
 * form (not found, forbidden, a server error). `lineOfDomain` maps a domain's index in the
 * list sent to its line in the textarea.
 */
export function formErrorsOf(error: unknown, l: Locale, lineOfDomain: readonly number[] = []): { errors: FormErrors; status: number } {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'FORM_CHECK_FAILED') return { errors: { _form: t(l, 'errFormCheck') }, status: error.status };
  if (error.code === 'RATE_LIMITED') return { errors: { _form: t(l, 'errRateLimited') }, status: error.status };
  if (error.code === 'CONFLICT' && !error.details.some((d) => d.field === 'slug')) return { errors: { _form: conflictMessage(error, l) }, status: error.status };
  if (error.code !== 'VALIDATION_FAILED' && error.code !== 'CONFLICT') throw error;
  const errors: FormErrors = {};
  for (const detail of error.details) {
    const { name, domainIndex } = formFieldOf(detail.field ?? '_form');
    const line = domainIndex === null ? null : (lineOfDomain[domainIndex] ?? domainIndex + 1);
    const message = messageOf(detail, name, line, l);
    errors[name] = errors[name] === undefined ? message : `${errors[name]} ${message}`;
  }
  if (Object.keys(errors).length === 0) errors._form = error.message;
  return { errors, status: error.status };
}
