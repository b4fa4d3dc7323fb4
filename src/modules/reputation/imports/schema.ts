// TypeBox schemas of the import API. Responses name every field.
import { Type } from 'typebox';
import { IMPORT_FORMATS } from './formats.ts';

const Timestamp = Type.String({ format: 'date-time' });

export const ImportQuery = Type.Object(
  {
    format: Type.Optional(Type.Enum(IMPORT_FORMATS, { description: 'the file format (also accepted as a multipart field)' })),
    source: Type.Optional(Type.String({ maxLength: 60, description: 'source key import:<name>; import:<format> by default' })),
  },
  { additionalProperties: false },
);

const Counts = {
  added: Type.Integer({ description: 'new listings' }),
  updated: Type.Integer({ description: 'listings whose content changed, or expired ones listed again' }),
  unchanged: Type.Integer({ description: 'listings already as the file says (and repeats within the file)' }),
  skipped: Type.Integer({ description: 'revoked listings, left alone' }),
  invalid: Type.Integer({ description: 'lines that could not be read' }),
};

export const ImportResult = Type.Object({
  id: Type.String(),
  format: Type.String(),
  sourceKey: Type.String(),
  fileName: Type.Union([Type.String(), Type.Null()]),
  fileSha256: Type.String(),
  ...Counts,
  ignored: Type.Integer({ description: 'lines left out on purpose (PhishTank rows not verified)' }),
  serial: Type.Integer({ description: 'the change serial after the import' }),
  problems: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), { description: 'the first 100 invalid lines' }),
  startedAt: Timestamp,
  finishedAt: Timestamp,
});

export const ImportList = Type.Object({
  imports: Type.Array(
    Type.Object({
      id: Type.String(),
      format: Type.String(),
      sourceKey: Type.String(),
      fileName: Type.Union([Type.String(), Type.Null()]),
      fileSha256: Type.String(),
      actorName: Type.String(),
      ...Counts,
      startedAt: Timestamp,
      finishedAt: Timestamp,
    }),
  ),
});
