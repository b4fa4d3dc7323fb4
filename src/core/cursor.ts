// Opaque cursors of newest-first lists (takedowns, statements, advisories): the last row's time and
// id, base64url.
import { AppError } from './errors.ts';
import { isUuid } from './validate.ts';

export type Position = { at: Date; id: string };

/** The cursor that continues after `position`. */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');
}

// Exactly what encodeCursor writes: anything looser reaches the database as a bad uuid or a year it
// cannot store and fails there with a 500 instead of this 400.
const ISO_TIME = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The position a cursor names; a 400 naming `cursor` for anything this API did not give. */
export function decodeCursor(raw: string | undefined): Position | null {
  if (raw === undefined || raw === '') return null;
  const [at = '', id = ''] = Buffer.from(raw, 'base64url').toString().split('|');
  const when = new Date(at);
  if (!ISO_TIME.test(at) || Number.isNaN(when.getTime()) || when.toISOString() !== at || !isUuid(id) || id !== id.toLowerCase()) {
    throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'cursor', message: 'not a cursor this API gave' }]);
  }
  return { at: when, id };
}

/** A page of rows read with one extra: the rows to show and the cursor of the next page. */
export function pageOf<T extends { id: string }>(rows: readonly T[], limit: number, at: (row: T) => Date | null): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const lastAt = last === undefined ? null : at(last);
  return { items, nextCursor: rows.length > limit && last !== undefined && lastAt !== null ? encodeCursor({ at: lastAt, id: last.id }) : null };
}
