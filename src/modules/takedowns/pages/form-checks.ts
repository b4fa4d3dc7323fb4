// Checking the takedown forms before a use case runs (every problem at once, in the visitor's
// language), and turning a use case's refusal into messages tied to the form's fields.
import { AppError } from '../../../core/errors.ts';
import type { Locale } from '../../../core/i18n.ts';
import { formString, type FormBody } from '../../../web/forms.ts';
import { takedownMessage as m, type TakedownMessage } from './messages.ts';

/** A checker that collects problems field by field, then throws them together. */
export function formCheck(body: FormBody, l: Locale) {
  const errors: Record<string, string> = {};
  const fail = (field: string, message: string) => {
    errors[field] ??= message;
  };
  return {
    errors,
    fail,
    /** Required text of `min`..`max` characters. */
    text(name: string, min: number, max: number): string {
      const value = formString(body, name) ?? '';
      const length = [...value].length;
      if (value === '') fail(name, m(l, 'required'));
      else if (length < min) fail(name, m(l, 'tooShort', { min }));
      else if (length > max) fail(name, m(l, 'tooLong', { max }));
      return value;
    },
    /** Optional text of at most `max` characters. */
    optional(name: string, max: number): string | undefined {
      const value = formString(body, name);
      if (value !== undefined && [...value].length > max) fail(name, m(l, 'tooLong', { max }));
      return value;
    },
    /** One of the allowed values. */
    choice<T extends string>(name: string, values: readonly T[], message: TakedownMessage): T | undefined {
      const found = values.find((v) => v === formString(body, name));
      if (found === undefined) fail(name, m(l, message));
      return found;
    },
    /** Throw the problems as one validation error, if any. */
    done(): void {
      if (Object.keys(errors).length > 0) throw new FormRefused(errors);
    },
  };
}

/** The page's own refusal: field problems already in the visitor's language. */
export class FormRefused extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('form refused');
  }
}

/** The lines of a textarea, trimmed, without empty ones. */
export function linesOf(body: FormBody, name: string): string[] {
  const value = body[name];
  const text = Array.isArray(value) ? value.join('\n') : (value ?? '');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A datetime-local value (`2026-09-01T10:30`) read as Vietnam time; null when it is not one. */
export function vietnamLocalTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const at = new Date(`${value}:00+07:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Which form field a use case's detail names (`targets[2].value` is the targets box, line 3). */
function fieldOf(raw: string | undefined): { field: string; line: number | null } {
  const match = /^(\w+)(?:\[(\d+)\])?/.exec(raw ?? '');
  if (match === null) return { field: '_form', line: null };
  return { field: match[1] ?? '_form', line: match[2] === undefined ? null : Number(match[2]) + 1 };
}

/** Messages for the fields a use case may refuse, by field. */
const SERVICE_MESSAGES: Record<string, TakedownMessage> = {
  recipientOrgId: 'recipientInvalid',
  action: 'actionMismatch',
  targets: 'targetsInvalid',
  category: 'chooseCategory',
  evidenceLinks: 'evidenceLinkInvalid',
  proof: 'proofRequired',
  actionedAt: 'actionedAtRange',
};

/**
 * Form errors from a use case's refusal: field problems, and a state conflict as a message for the
 * whole form. Anything else (not found, forbidden, a server error) is rethrown for the error page.
 */
export function serviceErrors(error: unknown, l: Locale): Record<string, string> {
  if (error instanceof FormRefused) return error.errors;
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'TAKEDOWN_STATE_CONFLICT') return { _form: m(l, 'stateConflict') };
  if (error.code !== 'TAKEDOWN_INVALID' && error.code !== 'TARGET_INVALID' && error.code !== 'VALIDATION_FAILED') throw error;
  const errors: Record<string, string> = {};
  for (const detail of error.details) {
    const { field, line } = fieldOf(detail.field);
    const key = SERVICE_MESSAGES[field];
    const message = key === undefined ? m(l, 'formInvalid') : field === 'targets' && line !== null ? m(l, 'targetLineInvalid', { line, reason: detail.message }) : m(l, key);
    const at = key === undefined ? '_form' : field;
    errors[at] = errors[at] === undefined ? message : `${errors[at]} ${message}`;
  }
  if (Object.keys(errors).length === 0) errors._form = m(l, 'formInvalid');
  return errors;
}
