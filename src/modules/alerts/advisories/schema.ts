// Request and response schemas of the advisory API. Bodies are strict (no unknown field); the
// service checks again what a schema cannot (links that exist, the audience's organisation).
import { Type } from 'typebox';
import { CATEGORY_CODES } from '../../cases/index.ts';
import { INDICATOR_STATES } from './live-status.ts';
import { ADVISORY_LIMITS as L, ADVISORY_STATUSES, AUDIENCES, ORG_KINDS, SEVERITIES } from './model.ts';

const Id = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Both = (max: number, min = 1) => Type.Object({ vi: Text(max, min), en: Text(max, min) }, { additionalProperties: false });

export const AdvisoryParams = Type.Object({ advisoryId: Id });
/** Actions without a body accept none, or `{}`. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

const contentFields = {
  title: Both(L.title),
  /** Markdown: rendered without raw HTML, links http(s)/mailto only, images as links. */
  body: Both(L.body),
  severity: Type.Enum([...SEVERITIES]),
  categories: Type.Array(Type.Enum([...CATEGORY_CODES]), { minItems: 1, maxItems: L.categories, uniqueItems: true }),
  indicatorIds: Type.Optional(Type.Array(Id, { maxItems: L.indicators })),
  caseIds: Type.Optional(Type.Array(Id, { maxItems: L.cases })),
  campaignRefs: Type.Optional(Type.Array(Text(L.campaignRef), { maxItems: L.campaignRefs })),
  /** Defaults to public. */
  audience: Type.Optional(Type.Enum([...AUDIENCES])),
  /** With audience org_kind only. */
  audienceOrgKind: Type.Optional(Nullable(Type.Enum([...ORG_KINDS]))),
  /** With audience org only. */
  audienceOrgId: Type.Optional(Nullable(Id)),
};

export const CreateBody = Type.Object(contentFields, { additionalProperties: false });

/** Only the fields given change; at least one. */
export const EditBody = Type.Object(
  {
    ...contentFields,
    title: Type.Optional(contentFields.title),
    body: Type.Optional(contentFields.body),
    severity: Type.Optional(contentFields.severity),
    categories: Type.Optional(contentFields.categories),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ReturnBody = Type.Object({ note: Text(L.note, L.noteMin) }, { additionalProperties: false });

export const ListQuery = Type.Object({
  category: Type.Optional(Type.Enum([...CATEGORY_CODES])),
  severity: Type.Optional(Type.Enum([...SEVERITIES])),
  /** Published at or after this time. */
  since: Type.Optional(Time),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSize })),
});

export const ManageQuery = Type.Object({
  status: Type.Optional(Type.Enum([...ADVISORY_STATUSES])),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSize })),
});

const Words = Type.Object({ vi: Type.String(), en: Type.String() });

export const Advisory = Type.Object({
  id: Id,
  number: Type.Integer(),
  /** CB-000042. */
  reference: Type.String(),
  /** The public page (for org-audience advisories: readable by their members when logged in). */
  url: Type.String(),
  status: Type.Enum([...ADVISORY_STATUSES]),
  severity: Type.String(),
  categories: Type.Array(Type.String()),
  title: Words,
  /** Markdown in both languages. */
  body: Words,
  audience: Type.String(),
  audienceOrgKind: Nullable(Type.String()),
  audienceOrgId: Nullable(Id),
  campaignRefs: Type.Array(Type.String()),
  /** Linked indicators and their status now (a listing no longer in force names no value). */
  indicators: Type.Array(
    Type.Object({ id: Id, state: Type.Enum([...INDICATOR_STATES]), type: Nullable(Type.String()), value: Nullable(Type.String()), verdict: Nullable(Type.String()), expiresAt: Nullable(Time) }),
  ),
  publishedAt: Nullable(Time),
  /** For the staff of the writing authority only. */
  staff: Type.Optional(
    Type.Object({
      authorOrgId: Id,
      caseIds: Type.Array(Id),
      createdAt: Time,
      updatedAt: Time,
      submittedAt: Nullable(Time),
      approvedBy: Nullable(Id),
      archivedAt: Nullable(Time),
      history: Type.Array(Type.Object({ kind: Type.String(), actorId: Nullable(Id), note: Nullable(Type.String()), at: Time })),
    }),
  ),
});

export const AdvisoryPage = Type.Object({ items: Type.Array(Advisory), nextCursor: Nullable(Type.String()) });
