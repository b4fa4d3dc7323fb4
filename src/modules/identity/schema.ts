import { Type, type Static } from 'typebox';
import { AUTHORITY_SCOPES, ORG_KINDS, PROVINCE_PATTERN, ROLES, SCOPES, SLUG_PATTERN } from './model.ts';

const Uuid = Type.String({ format: 'uuid' });
const Email = Type.String({ format: 'email', maxLength: 254 });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Slug = Type.String({ pattern: SLUG_PATTERN.source, description: 'lower-case letters, digits and hyphens' });
export const ProvinceCode = Type.String({ pattern: PROVINCE_PATTERN.source });

export const OrgIdParams = Type.Object({ orgId: Uuid }, { additionalProperties: false });
export const OrgUserParams = Type.Object({ orgId: Uuid, userId: Uuid }, { additionalProperties: false });
export const OrgTokenParams = Type.Object({ orgId: Uuid, tokenId: Uuid }, { additionalProperties: false });

export const Organization = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  kind: Type.Enum(ORG_KINDS),
  scope: Nullable(Type.Enum(AUTHORITY_SCOPES)),
  provinceCode: Nullable(Type.String()),
  contactEmail: Nullable(Type.String()),
  status: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateOrganizationBody = Type.Object(
  {
    slug: Slug,
    name: Type.String({ minLength: 2, maxLength: 200 }),
    kind: Type.Enum(ORG_KINDS),
    scope: Type.Optional(Nullable(Type.Enum(AUTHORITY_SCOPES))),
    provinceCode: Type.Optional(Nullable(ProvinceCode)),
    contactEmail: Type.Optional(Nullable(Email)),
  },
  { additionalProperties: false },
);
export type CreateOrganizationBody = Static<typeof CreateOrganizationBody>;

export const UpdateOrganizationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    contactEmail: Type.Optional(Nullable(Email)),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Member = Type.Object({
  userId: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  status: Type.String(),
  totpEnabled: Type.Boolean(),
  lastLoginAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

export const CreateUserBody = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 120 }),
    role: Type.Enum(ROLES),
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 256 })),
    locale: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export const CreatedUser = Type.Object({
  user: Type.Object({ id: Uuid, email: Type.String(), displayName: Type.String() }),
  role: Type.String(),
  oneTimePassword: Nullable(Type.String()),
});

export const ScopeSchema = Type.Enum(SCOPES);

export const Token = Type.Object({
  id: Uuid,
  orgId: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
});

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: SCOPES.length, uniqueItems: true }),
    expiresAt: Type.Optional(Nullable(Timestamp)),
  },
  { additionalProperties: false },
);

export const CreatedToken = Type.Object({ token: Type.String({ description: 'shown once; store it now' }), record: Token });

export const Me = Type.Object({
  type: Type.String(),
  user: Nullable(Type.Object({ id: Uuid, email: Type.String(), displayName: Type.String() })),
  token: Nullable(Type.Object({ id: Uuid, name: Type.String(), scopes: Type.Array(Type.String()) })),
  memberships: Type.Array(Type.Object({ orgId: Uuid, orgKind: Type.String(), role: Type.String() })),
});

export const ListOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });
