/** An organisation's short name: lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const SLUG_RULE = 'lower-case letters, digits and hyphens, starting and ending with a letter or digit';

/** A province code: lower-case letters, digits and hyphens. */
export const PROVINCE_PATTERN = /^[a-z0-9-]{2,40}$/;
export const PROVINCE_RULE = 'lower-case letters, digits and hyphens';

/** Kinds of organisation (tenants). */
export const ORG_KINDS = ['authority', 'platform', 'telecom', 'agency', 'assessor', 'bank'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const AUTHORITY_SCOPES = ['national', 'provincial'] as const;
export type AuthorityScope = (typeof AUTHORITY_SCOPES)[number];

export const ROLES = ['admin', 'supervisor', 'analyst', 'org_admin', 'responder', 'assessor'] as const;
export type Role = (typeof ROLES)[number];

/** Which roles exist in which kind of organisation. */
export function rolesFor(kind: OrgKind): readonly Role[] {
  if (kind === 'authority') return ['admin', 'supervisor', 'analyst'];
  if (kind === 'assessor') return ['org_admin', 'assessor'];
  return ['org_admin', 'responder'];
}

/** The role a token of an organisation acts with, before its scopes narrow it. */
export function tokenRoleFor(kind: OrgKind): Role {
  return kind === 'authority' ? 'admin' : 'org_admin';
}

/** API token scopes. A token can do what its scopes name, within what its organisation may do. */
export const SCOPES = ['org:read', 'org:write', 'users:read', 'users:write', 'tokens:write', 'rules:read', 'rules:write', 'audit:read', 'cases:read', 'cases:write', 'indicators:read', 'indicators:write', 'feeds:read', 'trust:write', 'takedowns:read', 'takedowns:write', 'advisories:write', 'notifications:read', 'notifications:write'] as const;
export type Scope = (typeof SCOPES)[number];

export type Membership = {
  orgId: string;
  orgKind: OrgKind;
  orgScope: AuthorityScope | null;
  provinceCode: string | null;
  role: Role;
};

/** Who is asking: resolved once per request, passed to every use case. */
export type Actor =
  | { type: 'anonymous' }
  | {
      type: 'user';
      userId: string;
      email: string;
      displayName: string;
      memberships: Membership[];
      /** False until the session passed TOTP; authority memberships count only when true. */
      twoFactorVerified: boolean;
    }
  | { type: 'token'; tokenId: string; name: string; membership: Membership; scopes: Scope[] }
  | { type: 'system'; label: string };

/** The context every use case receives: the actor, the request id for the audit log, and the time. */
export type Context = { actor: Actor; requestId: string | null; now: Date };

/** True when a user belongs to any authority organisation (and so must use two-factor). */
export function requiresTwoFactor(memberships: readonly Membership[]): boolean {
  return memberships.some((m) => m.orgKind === 'authority');
}
