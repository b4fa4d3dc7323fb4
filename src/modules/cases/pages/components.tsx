// Pieces both case pages use: status badges, province names, and turning a
// use-case error into messages a form can show.
import { AppError } from '../../../core/errors.ts';
import type { Locale } from '../../../core/i18n.ts';
import { Badge } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { formErrorsOrThrow } from '../../identity/admin-pages.tsx';
import { PROVINCES } from '../../../core/provinces.ts';
import { statusLabel } from './labels.ts';
import { t } from './messages.ts';

const TONES: Record<string, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  new: 'info',
  in_review: 'info',
  more_info: 'warning',
  pending_approval: 'warning',
  verified: 'success',
  rejected: 'neutral',
  duplicate: 'neutral',
};

/** A case status as a badge (the words carry the meaning, the colour only repeats it). */
export function StatusBadge(props: { status: string; locale: Locale }): Html {
  return <Badge tone={TONES[props.status] ?? 'neutral'}>{statusLabel(props.status, props.locale)}</Badge>;
}

const PROVINCE_NAMES = new Map(PROVINCES.map((p) => [p.code, p]));

/** The name of a province code in a locale (the code itself when unknown). */
export function provinceName(code: string | null, locale: Locale): string {
  if (code === null) return '—';
  const province = PROVINCE_NAMES.get(code);
  if (province === undefined) return code;
  return locale === 'vi' ? province.nameVi : province.nameEn;
}

/** Provinces for a select, in the list's own order (cities first). */
export function provinceOptions(locale: Locale): { value: string; label: string }[] {
  return PROVINCES.map((p) => ({ value: p.code, label: locale === 'vi' ? p.nameVi : p.nameEn }));
}

/**
 * Form errors from a failed use case: field problems as they are, and the
 * refusals a person can act on (approving one's own decision, a case that
 * changed meanwhile) as a message for the whole form. Anything else (not
 * found, forbidden) propagates to the error page.
 */
export function pageErrors(error: unknown, locale: Locale): { errors: Record<string, string>; status: number } {
  if (error instanceof AppError && error.code === 'APPROVAL_BY_ANOTHER') return { errors: { _form: t(locale, 'errApprovalByAnother') }, status: error.status };
  if (error instanceof AppError && error.code === 'CASE_STATE_CONFLICT') return { errors: { _form: t(locale, 'errStateConflict') }, status: error.status };
  const errors = formErrorsOrThrow(error);
  return { errors, status: error instanceof AppError ? error.status : 400 };
}

/** A priority score with one decimal, as the locale writes numbers. */
export function formatPriority(priority: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(priority);
}

/** A validation failure on one form field. */
export function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', undefined, [{ field, message }]);
}
