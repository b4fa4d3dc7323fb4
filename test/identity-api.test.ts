import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { listAuditEntries, verifyAuditChain } from '../src/modules/audit/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('organisations, users and tokens over the API', () => {
  it('lets the national admin create an organisation, a user and a token, each audited', async () => {
    const headers = await t.adminHeaders();
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers, payload: { slug: 'zalo-demo', name: 'Zalo Demo', kind: 'platform', contactEmail: 'Trust@Example.vn' } });
    expect(created.statusCode).toBe(201);
    const org = json<{ id: string; slug: string; contactEmail: string; scope: null }>(created);
    expect(org).toMatchObject({ slug: 'zalo-demo', contactEmail: 'trust@example.vn', scope: null });

    const user = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/users`, headers, payload: { email: 'Lan@Example.vn', displayName: 'Nguyễn Thị Lan', role: 'org_admin' } });
    expect(user.statusCode).toBe(201);
    const createdUser = json<{ user: { email: string }; oneTimePassword: string }>(user);
    expect(createdUser.user.email).toBe('lan@example.vn');
    expect(createdUser.oneTimePassword).toMatch(/^[A-Za-z0-9]{20}$/);

    const token = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/tokens`, headers, payload: { name: 'takedown sync', scopes: ['org:read', 'users:read'] } });
    expect(token.statusCode).toBe(201);
    const { token: secret, record } = json<{ token: string; record: { id: string; prefix: string; scopes: string[] } }>(token);
    expect(secret.startsWith(`antoan_${record.prefix}`)).toBe(true);
    expect(record.scopes).toEqual(['org:read', 'users:read']);

    // The token works, is listed without its secret, and records when it was used.
    const me = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}`, headers: { authorization: `Bearer ${secret}` } });
    expect(me.statusCode).toBe(200);
    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/tokens`, headers });
    expect(listed.body).not.toContain(secret);
    expect(json<{ items: { lastUsedAt: string | null }[] }>(listed).items[0]?.lastUsedAt).not.toBeNull();

    const actions = (await listAuditEntries(t.database.db, { orgId: org.id }, 50)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['org.create', 'user.create', 'token.create']));
    const verified = await verifyAuditChain(t.database.db);
    expect(verified).toMatchObject({ ok: true });
  });

  it('refuses a revoked token with 401 from the next request on', async () => {
    const org = await t.org({ kind: 'telecom' });
    const bearer = await t.token(org.id, ['org:read']);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}`, headers: bearer })).statusCode).toBe(200);
    const tokens = json<{ items: { id: string }[] }>(await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/tokens`, headers: await t.adminHeaders() }));
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/orgs/${org.id}/tokens/${tokens.items[0]?.id ?? ''}`, headers: await t.adminHeaders() });
    expect(revoke.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}`, headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(json(after)).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
  });

  it('narrows a token to its scopes', async () => {
    const org = await t.org({ kind: 'platform' });
    const readOnly = await t.token(org.id, ['org:read']);
    const denied = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/users`, headers: readOnly });
    expect(denied.statusCode).toBe(403);
    expect(json(denied)).toMatchObject({ error: { code: 'SCOPE_MISSING' } });
    const writer = await t.token(org.id, ['users:write', 'users:read']);
    const made = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/users`, headers: writer, payload: { email: 'r@example.vn', displayName: 'Responder', role: 'responder' } });
    expect(made.statusCode).toBe(201);
    // Scopes never widen what the organisation may do: no organisation creation for a platform token.
    const orgWrite = await t.token(org.id, ['org:write']);
    const escalate = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: orgWrite, payload: { slug: 'evil', name: 'Evil', kind: 'authority', scope: 'national' } });
    expect(escalate.statusCode).toBe(403);
  });

  it('refuses a role that does not exist for the organisation kind, storing nothing', async () => {
    const org = await t.org({ kind: 'bank' });
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/users`, headers: await t.adminHeaders(), payload: { email: 'x@example.vn', displayName: 'X', role: 'analyst' } });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ error: { code: 'ROLE_NOT_ALLOWED' } });
    const members = json<{ items: unknown[] }>(await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/users`, headers: await t.adminHeaders() }));
    expect(members.items).toHaveLength(0);
  });

  it('answers 409 for a duplicate slug and keeps the first', async () => {
    const headers = await t.adminHeaders();
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers, payload: { slug: 'viettel-x', name: 'Viettel X', kind: 'telecom' } });
    expect(first.statusCode).toBe(201);
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers, payload: { slug: 'viettel-x', name: 'Other', kind: 'telecom' } });
    expect(second.statusCode).toBe(409);
    expect(json(second)).toMatchObject({ error: { code: 'ORG_SLUG_TAKEN', details: [{ field: 'slug' }] } });
  });
});
