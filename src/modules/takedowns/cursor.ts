// Opaque cursors of the newest-first lists: the last row's time and id, base64url.
import { AppError } from '../../core/errors.ts';
import { isUuid } from '../../core/validate.ts';

export type Position = { at: Date; id: string };

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');
}

// Exactly what encodeCursor writes: anything looser reaches the database as a bad uuid or a year it
// cannot store (36 dashes, year 0, +275760) and fails there with a 500 instead of this 400.
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
