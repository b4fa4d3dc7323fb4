import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import { isoOrNull, type AppInstance } from '../../core/http/types.ts';
import { contextOf } from './http.ts';
import { effectiveMemberships } from './policy.ts';
import { createOrganization, getOrganization, listOrganizations, updateOrganization } from './organizations.ts';
import { createUser, listMembers, removeMember } from './members.ts';
import { createToken, listTokens, revokeToken, type TokenView } from './tokens.ts';
import type { MemberRow, OrganizationRow } from './repository.ts';
import * as S from './schema.ts';

/** An organisation as the API shows it. */
export function presentOrganization(org: OrganizationRow) {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    kind: org.kind as S.CreateOrganizationBody['kind'],
    scope: org.scope as 'national' | 'provincial' | null,
    provinceCode: org.provinceCode,
    contactEmail: org.contactEmail,
    status: org.status,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}

function presentMember(m: MemberRow) {
  return { ...m, lastLoginAt: isoOrNull(m.lastLoginAt), createdAt: m.createdAt.toISOString() };
}

function presentTokenView(t: TokenView) {
  return {
    id: t.id,
    orgId: t.orgId,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    expiresAt: isoOrNull(t.expiresAt),
    revokedAt: isoOrNull(t.revokedAt),
    lastUsedAt: isoOrNull(t.lastUsedAt),
  };
}

const ErrorResponse = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Array(Type.Unknown()), requestId: Type.Optional(Type.String()) }) });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const SECURITY: { [label: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const tags = (name: string) => ({ tags: [name], security: SECURITY });

/** Organisations, members and tokens over the JSON API. */
export function registerIdentityRoutes(app: AppInstance, deps: { database: Database; clock: Clock; tokenRateLimit: { max: number; timeWindow: number } }): void {
  const { database, clock } = deps;
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, clock);

  app.get('/api/v1/me', { schema: { ...tags('identity'), summary: 'Who am I', response: { 200: S.Me, 401: ErrorResponse } } }, async (request) => {
    const actor = request.actor;
    return {
      type: actor.type,
      user: actor.type === 'user' ? { id: actor.userId, email: actor.email, displayName: actor.displayName } : null,
      token: actor.type === 'token' ? { id: actor.tokenId, name: actor.name, scopes: actor.scopes } : null,
      memberships: effectiveMemberships(actor).map((m) => ({ orgId: m.orgId, orgKind: m.orgKind, role: m.role })),
    };
  });

  app.get('/api/v1/orgs', { schema: { ...tags('identity'), summary: 'List organisations', response: { 200: S.ListOf(S.Organization), ...errors } } }, async (request) => ({
    items: (await listOrganizations(database.db, ctx(request))).map(presentOrganization),
  }));

  app.post('/api/v1/orgs', { schema: { ...tags('identity'), summary: 'Create an organisation', body: S.CreateOrganizationBody, response: { 201: S.Organization, ...errors } } }, async (request, reply) => {
    const org = await database.transaction((tx) => createOrganization(tx.db, ctx(request), request.body));
    return reply.status(201).send(presentOrganization(org));
  });

  app.get('/api/v1/orgs/:orgId', { schema: { ...tags('identity'), summary: 'Read an organisation', params: S.OrgIdParams, response: { 200: S.Organization, ...errors } } }, async (request) =>
    presentOrganization(await getOrganization(database.db, ctx(request), request.params.orgId)),
  );

  app.patch('/api/v1/orgs/:orgId', { schema: { ...tags('identity'), summary: 'Change an organisation', params: S.OrgIdParams, body: S.UpdateOrganizationBody, response: { 200: S.Organization, ...errors } } }, async (request) =>
    presentOrganization(await database.transaction((tx) => updateOrganization(tx.db, ctx(request), request.params.orgId, request.body))),
  );

  app.get('/api/v1/orgs/:orgId/users', { schema: { ...tags('identity'), summary: 'List members', params: S.OrgIdParams, response: { 200: S.ListOf(S.Member), ...errors } } }, async (request) => ({
    items: (await listMembers(database.db, ctx(request), request.params.orgId)).map(presentMember),
  }));

  app.post('/api/v1/orgs/:orgId/users', { schema: { ...tags('identity'), summary: 'Create a user in an organisation', params: S.OrgIdParams, body: S.CreateUserBody, response: { 201: S.CreatedUser, ...errors } } }, async (request, reply) => {
    const { user, oneTimePassword } = await database.transaction((tx) => createUser(tx.db, ctx(request), { ...request.body, orgId: request.params.orgId }));
    return reply.status(201).send({ user: { id: user.id, email: user.email, displayName: user.displayName }, role: request.body.role, oneTimePassword });
  });

  app.delete('/api/v1/orgs/:orgId/users/:userId', { schema: { ...tags('identity'), summary: 'Remove a member', params: S.OrgUserParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await database.transaction((tx) => removeMember(tx.db, ctx(request), request.params.orgId, request.params.userId));
    return reply.status(204).send(null);
  });

  app.get('/api/v1/orgs/:orgId/tokens', { schema: { ...tags('identity'), summary: 'List API tokens', params: S.OrgIdParams, response: { 200: S.ListOf(S.Token), ...errors } } }, async (request) => ({
    items: (await listTokens(database.db, ctx(request), request.params.orgId)).map(presentTokenView),
  }));

  app.post(
    '/api/v1/orgs/:orgId/tokens',
    {
      config: { rateLimit: deps.tokenRateLimit },
      schema: { ...tags('identity'), summary: 'Create an API token (shown once)', params: S.OrgIdParams, body: S.CreateTokenBody, response: { 201: S.CreatedToken, ...errors, 429: ErrorResponse } },
    },
    async (request, reply) => {
      const { expiresAt, ...rest } = request.body;
      const created = await database.transaction((tx) =>
        createToken(tx.db, ctx(request), { ...rest, orgId: request.params.orgId, expiresAt: expiresAt == null ? null : new Date(expiresAt) }),
      );
      return reply.status(201).send({ token: created.token, record: presentTokenView(created.record) });
    },
  );

  app.delete('/api/v1/orgs/:orgId/tokens/:tokenId', { schema: { ...tags('identity'), summary: 'Revoke an API token', params: S.OrgTokenParams, response: { 200: S.Token, ...errors } } }, async (request) =>
    presentTokenView(await database.transaction((tx) => revokeToken(tx.db, ctx(request), request.params.orgId, request.params.tokenId))),
  );
}
