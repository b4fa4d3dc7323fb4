// TypeBox schemas of the hash API. Responses name every field (fast-json-stringify drops the rest).
import { Type } from 'typebox';
import { HASH_SCOPES, HASH_VERDICTS } from '../client/expressions.ts';
import { PREFIX_SIZE } from './queries.ts';

// Checked by the handler, so that a bad prefix gets a message that says what a good one is.
export const HashPrefixParams = Type.Object({ prefix: Type.String({ maxLength: 200, description: 'lower- or upper-case hex of the first 4–32 bytes of a SHA-256' }) });

export const FullHashAnswer = Type.Object({
  prefix: Type.String({ description: 'the prefix asked for, lower-case hex' }),
  serial: Type.Integer({ description: 'the change serial the answer reflects' }),
  cacheSeconds: Type.Integer({ description: 'how long the answer may be kept' }),
  matches: Type.Array(
    Type.Object({
      hash: Type.String({ description: 'the full SHA-256, 64 hex digits' }),
      verdict: Type.Enum(HASH_VERDICTS),
      scope: Type.Enum(HASH_SCOPES, { description: 'url: a Safe Browsing URL expression; host: that host only; subdomains: the host and every subdomain; exact: that value or IP address; range: a CIDR range' }),
      categories: Type.Array(Type.String()),
      type: Type.String({ description: 'the listed indicator type' }),
    }),
  ),
});

export const PrefixListQuery = Type.Object(
  {
    size: Type.Integer({ minimum: PREFIX_SIZE.min, maximum: PREFIX_SIZE.max, default: PREFIX_SIZE.default, description: 'bytes per prefix' }),
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the serial of the list you hold: answer with the changes since' })),
  },
  { additionalProperties: false },
);

const Checksum = Type.String({ description: 'SHA-256 (hex) of the whole list after this answer: the sorted prefixes concatenated' });

const FullPrefixList = Type.Object({
  full: Type.Literal(true),
  serial: Type.Integer(),
  prefixSize: Type.Integer(),
  count: Type.Integer(),
  checksum: Checksum,
  prefixes: Type.String({ description: 'base64 of the sorted, distinct prefixes concatenated' }),
});

const PrefixDelta = Type.Object({
  full: Type.Literal(false),
  serial: Type.Integer(),
  since: Type.Integer(),
  prefixSize: Type.Integer(),
  count: Type.Integer({ description: 'prefixes in the list after applying the changes' }),
  checksum: Checksum,
  additions: Type.String({ description: 'base64 of sorted prefixes added or whose listings changed (merge them in; drop cached answers under them)' }),
  removals: Type.String({ description: 'base64 of sorted prefixes no longer published' }),
});

export const PrefixListAnswer = Type.Union([FullPrefixList, PrefixDelta]);

export const NotModified = Type.Null({ description: 'the list has not changed since the ETag sent in If-None-Match' });
