import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const shared: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

/**
 * Bodies are validated strictly (a string is never coerced to a number, an
 * unknown field is an error); query strings and path params are text, so they coerce.
 */
export function buildValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = addFormats(new Ajv({ ...shared, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    const validate = ajv.compile(schema as object);
    if (httpPart === 'headers') return validate;
    // PostgreSQL cannot store U+0000, and jsonb (the audit log) refuses lone surrogates: a 400 here, not a 500 from the database.
    function checked(data: unknown): boolean {
      checked.errors = null;
      if (!validate(data)) {
        checked.errors = validate.errors ?? null;
        return false;
      }
      const path = unstorableTextPath(data, '');
      if (path === null) return true;
      checked.errors = [{ instancePath: path, schemaPath: '', keyword: 'unstorableText', params: {}, message: 'must be well-formed Unicode without NUL characters' }];
      return false;
    }
    checked.errors = null as ErrorObject[] | null;
    return checked;
  };
}

const storable = (text: string) => text.isWellFormed() && !text.includes('\u0000');

/** The JSON-pointer path of the first string (value or key) the database cannot store, or null. */
function unstorableTextPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return storable(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextPath(item, `${path}/${index}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (!storable(key)) return `${path}/${key.toWellFormed().replaceAll('\u0000', '')}`;
    const found = unstorableTextPath(item, `${path}/${key}`);
    if (found !== null) return found;
  }
  return null;
}

/** For routes whose body is an empty object: a call without a body counts as `{}`, while a body with any field is still refused. */
export async function bodyDefaultsToEmpty(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}
