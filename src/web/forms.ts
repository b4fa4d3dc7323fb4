import { Type } from 'typebox';
import { AppError } from '../core/errors.ts';

/** A form body as @fastify/formbody parses it: repeated names become arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

/** A form field's schema: a string or a list of strings, bounded. */
export const FormValue = Type.Union([Type.String({ maxLength: 5000 }), Type.Array(Type.String({ maxLength: 5000 }), { maxItems: 50 })]);

/** Schema of a page form: the named fields and `_csrf`, nothing else. */
export function formSchema(fields: readonly string[]) {
  return Type.Object(Object.fromEntries(['_csrf', ...fields].map((name) => [name, Type.Optional(FormValue)])), { additionalProperties: false });
}

/** A single trimmed value, or undefined when absent or empty. */
export function formString(body: FormBody, name: string): string | undefined {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Every non-empty value of a repeated field (checkboxes). */
export function formList(body: FormBody, name: string): string[] {
  const value = body[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => v.trim()).filter(Boolean);
}

/** Field errors from a validation failure, keyed by field name, for re-rendering a form. */
export function fieldErrors(error: unknown): Record<string, string> | null {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 404 || error.status === 403 || error.status === 401) return null;
  const errors: Record<string, string> = {};
  for (const detail of error.details) errors[detail.field ?? '_form'] = detail.message;
  if (Object.keys(errors).length === 0) errors._form = error.message;
  return errors;
}

/** The text fields of a sent form. Multipart fields arrive as strings; when parsing stopped half-way (a file too large), they are still part objects. */
export function sentFormValues(body: unknown): FormBody {
  if (typeof body !== 'object' || body === null) return {};
  const values: FormBody = {};
  for (const [name, field] of Object.entries(body as Record<string, unknown>)) {
    const value: unknown = typeof field === 'object' && field !== null ? (field as { value?: unknown }).value : field;
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}
