// TypeBox schemas of the trust registry API. Requests are strict; responses name every field,
// so the contact and the statements never reach the public answers.
import { Type, type Static } from 'typebox';
import { SLUG_PATTERN } from '../../identity/index.ts';
import { CRITERIA, CRITERION_CODES } from './criteria.ts';
import { DECISIONS, FINDINGS, TRUST_LIMITS, TRUST_STATUSES } from './model.ts';
import { QUEUE_FILTERS } from './review.ts';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Slug = Type.String({ pattern: SLUG_PATTERN.source, maxLength: TRUST_LIMITS.slug + 1, description: 'lower-case letters, digits and hyphens' });
const Lang = Type.Optional(Type.Enum(['vi', 'en']));

const Statements = Type.Object(
  Object.fromEntries(CRITERIA.map((c) => [c.code, Type.Optional(Type.String({ maxLength: TRUST_LIMITS.statement * 2, description: c.prompt.en }))])),
  { additionalProperties: false, description: 'one statement per criterion (each required, at most 2,000 characters)' },
);

export const ApplicationBody = Type.Object(
  {
    name: Type.String({ maxLength: TRUST_LIMITS.name * 2 }),
    slug: Type.Optional(Slug),
    website: Type.String({ maxLength: TRUST_LIMITS.website, description: 'an http(s) URL on one of the domains' }),
    description: Type.Optional(Type.String({ maxLength: TRUST_LIMITS.description * 2 })),
    domains: Type.Array(Type.String({ maxLength: TRUST_LIMITS.domain + 10 }), { maxItems: TRUST_LIMITS.domains, description: '1–20 domain names, no wildcards' }),
    contact: Type.String({ maxLength: TRUST_LIMITS.contact, description: 'an email address; encrypted, never shown publicly' }),
    statements: Statements,
    lang: Lang,
  },
  { additionalProperties: false },
);

export const ApplicationCreated = Type.Object({
  id: Uuid,
  reference: Type.String({ description: 'quote it when contacting the authority' }),
  slug: Type.String(),
  status: Type.Literal('applied'),
  next: Type.String({ description: 'what happens next' }),
});

export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
export const CriterionParams = Type.Object({ id: Type.String({ maxLength: 100 }), criterion: Type.String({ maxLength: 60 }) }, { additionalProperties: false });
export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

export const QueueQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(QUEUE_FILTERS, { default: 'open' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const DirectoryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'a name (accents optional) or a domain' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const FindingBody = Type.Object(
  { finding: Type.Enum(['met', 'not_met']), note: Type.Optional(Type.Union([Type.String({ maxLength: TRUST_LIMITS.note * 2 }), Type.Null()])) },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  { decision: Type.Enum(DECISIONS), reason: Type.Optional(Type.Union([Type.String({ maxLength: TRUST_LIMITS.reason * 2 }), Type.Null()])) },
  { additionalProperties: false },
);

export const ListedEntityBody = Type.Object(
  {
    name: Type.String({ maxLength: TRUST_LIMITS.name * 2 }),
    slug: Type.Optional(Slug),
    website: Type.Optional(Type.Union([Type.String({ maxLength: TRUST_LIMITS.website }), Type.Null()])),
    description: Type.Optional(Type.Union([Type.String({ maxLength: TRUST_LIMITS.description * 2 }), Type.Null()])),
    domains: Type.Optional(Type.Array(Type.String({ maxLength: TRUST_LIMITS.domain + 10 }), { maxItems: TRUST_LIMITS.domains })),
  },
  { additionalProperties: false },
);

export const ImpersonatesBody = Type.Object(
  { entity: Type.Union([Type.String({ maxLength: 100, description: 'the slug of an organisation in the trust directory' }), Type.Null()]) },
  { additionalProperties: false },
);

const Counts = Type.Object({ met: Type.Integer(), notMet: Type.Integer(), pending: Type.Integer() });

export const ApplicationSummary = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  website: NullableString,
  status: Type.Enum(TRUST_STATUSES),
  domains: Type.Array(Type.String()),
  badgeNumber: NullableString,
  approvedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
  statusReason: NullableString,
  findings: Counts,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ApplicationList = Type.Object({ total: Type.Integer(), items: Type.Array(ApplicationSummary) });

const HintItem = Type.Object({
  domain: Type.String(),
  kind: Type.Enum(['listed', 'lookalike']),
  value: Type.String(),
  verdict: NullableString,
  categories: Type.Array(Type.String()),
  source: NullableString,
});

const CriterionView = Type.Object({
  criterion: Type.Enum(CRITERION_CODES),
  label: Type.Object({ vi: Type.String(), en: Type.String() }),
  statement: NullableString,
  finding: Type.Enum(FINDINGS),
  note: NullableString,
  checkedBy: NullableString,
  checkedAt: NullableTimestamp,
  automatic: Type.Union([Type.Enum(['blocklist', 'phishing']), Type.Null()]),
  hint: Type.Union([Type.Object({ clear: Type.Boolean(), items: Type.Array(HintItem) }), Type.Null()]),
});

export const ApplicationDetail = Type.Object({
  ...ApplicationSummary.properties,
  description: NullableString,
  hasContact: Type.Boolean({ description: 'read it at …/contact (each reading is audited)' }),
  criteria: Type.Array(CriterionView),
});

export const ContactView = Type.Object({ contact: NullableString });

export const PublicEntity = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  website: NullableString,
  description: NullableString,
  status: Type.Enum(['approved', 'listed', 'revoked']),
  badge: Type.Union([
    Type.Object({ number: Type.String(), status: Type.Enum(['valid', 'revoked']), approvedAt: NullableTimestamp, revokedAt: NullableTimestamp, revocationReason: NullableString }),
    Type.Null(),
  ]),
  domains: Type.Array(Type.String()),
  criteriaMet: Type.Array(Type.String()),
  url: Type.String(),
  badgeUrl: NullableString,
});

export const Directory = Type.Object({ total: Type.Integer(), items: Type.Array(PublicEntity) });

export const ImpersonationView = Type.Object({
  id: Uuid,
  type: Type.String(),
  value: Type.String(),
  verdict: Type.String(),
  status: Type.String(),
  serial: Type.Integer(),
  changed: Type.Boolean({ description: 'false when it already named this organisation' }),
  impersonates: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
});

export type ApplicationSummaryView = Static<typeof ApplicationSummary>;
export type ApplicationDetailView = Static<typeof ApplicationDetail>;
export type PublicEntityView = Static<typeof PublicEntity>;
