// TypeBox schemas of the STIX, TAXII and MISP endpoints (validation and the OpenAPI document).
import { Type } from 'typebox';

export const StixFeedQuery = Type.Object(
  {
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'only what changed after this change serial (a delta); revoked listings come as revoked objects' })),
  },
  { additionalProperties: false },
);

const MATCH_LIST = { maxLength: 4000, description: 'several values separated by commas' };

/** The URL parameters of the objects and manifest endpoints (TAXII 2.1 §3.4). */
export const TaxiiListQuery = Type.Object({
  added_after: Type.Optional(Type.String({ maxLength: 40, description: 'only objects added after this RFC 3339 timestamp' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'objects per page (at most 1,000; 100 when absent)' })),
  next: Type.Optional(Type.String({ maxLength: 64, description: 'the `next` of the previous page' })),
  'match[type]': Type.Optional(Type.String(MATCH_LIST)),
  'match[id]': Type.Optional(Type.String(MATCH_LIST)),
  'match[version]': Type.Optional(Type.String(MATCH_LIST)),
  'match[spec_version]': Type.Optional(Type.String(MATCH_LIST)),
});

export const CollectionParams = Type.Object({ collection: Type.String({ minLength: 1, maxLength: 64 }) });
export const ObjectParams = Type.Object({ collection: Type.String({ minLength: 1, maxLength: 64 }), object: Type.String({ minLength: 1, maxLength: 120 }) });
export const MispEventParams = Type.Object({ event: Type.String({ minLength: 1, maxLength: 64 }) });

export const Discovery = Type.Object({
  title: Type.String(),
  description: Type.String(),
  default: Type.String(),
  api_roots: Type.Array(Type.String()),
});

export const ApiRoot = Type.Object({
  title: Type.String(),
  description: Type.String(),
  versions: Type.Array(Type.String()),
  max_content_length: Type.Integer(),
});

export const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  alias: Type.String(),
  can_read: Type.Boolean(),
  can_write: Type.Boolean(),
  media_types: Type.Array(Type.String()),
});

export const Collections = Type.Object({ collections: Type.Array(Collection) });

/** A STIX object: the properties every one has, the rest passed through as they are. */
const StixObject = Type.Object({ type: Type.String(), spec_version: Type.String(), id: Type.String() }, { additionalProperties: true });

export const Envelope = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  objects: Type.Optional(Type.Array(StixObject)),
});

export const Manifest = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  objects: Type.Optional(Type.Array(Type.Object({ id: Type.String(), date_added: Type.String(), version: Type.String(), media_type: Type.String() }))),
});

export const Versions = Type.Object({ more: Type.Boolean(), versions: Type.Optional(Type.Array(Type.String())) });

export const TaxiiError = Type.Object({
  title: Type.String(),
  description: Type.String(),
  error_id: Type.String(),
  error_code: Type.String(),
  http_status: Type.String(),
});
