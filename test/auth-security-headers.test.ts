// What every response carries (security headers, a request id), what a crash
// shows (nothing internal), and what the database keeps of secrets (only hashes).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/core/crypto.ts';
import { ERROR_CATALOGUE } from '../src/core/errors.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { anonymousForm, formBody, FORM_CONTENT_TYPE, setCookieValue } from './helpers/form-posts.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\bat .*:\d+:\d+/);
  expect(text).not.toMatch(/\.(ts|tsx|js|mjs):\d+/);
  expect(text).not.toContain('node_modules');
  expect(text).not.toContain(process.cwd());
}

describe('security headers', () => {
  const RESPONSES = [
    { name: 'an HTML page', method: 'GET', url: '/login', accept: 'text/html', type: /^text\/html/ },
    { name: 'the home page', method: 'GET', url: '/', accept: 'text/html', type: /^text\/html/ },
    { name: 'an HTML error page', method: 'GET', url: '/no-such-page', accept: 'text/html', type: /^text\/html/ },
    { name: 'a JSON answer', method: 'GET', url: '/api/v1/me', accept: 'application/json', type: /^application\/json/ },
    { name: 'a JSON error', method: 'POST', url: '/api/v1/orgs', accept: 'application/json', type: /^application\/json/ },
    { name: 'a probe', method: 'GET', url: '/healthz', accept: '*/*', type: /^application\/json/ },
  ] as const;

  it.each(RESPONSES)('are on $name ($method $url)', async ({ method, url, accept, type }) => {
    const response = await t.app.inject({ method, url, headers: { accept } });
    expect(response.headers['content-type']).toMatch(type);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(response.headers['referrer-policy']);
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('keeps a well-formed incoming X-Request-Id, in the header and in the error envelope', async () => {
    const id = 'proxy-trace-0123456789';
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { 'x-request-id': id } });
    expect(response.headers['x-request-id']).toBe(id);
    expect(json(response)).toMatchObject({ error: { code: 'UNAUTHENTICATED', requestId: id } });
  });

  it.each(['short', 'has spaces in it ok', 'x'.repeat(65), '<script>alert(1)</script>', 'new\\nline-0123456'])('replaces a malformed X-Request-Id (%s) with its own', async (incoming) => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': incoming } });
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('gives every request its own id', async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await t.app.inject({ method: 'GET', url: '/healthz' })).headers['x-request-id']));
    expect(new Set(ids).size).toBe(3);
  });
});

describe('a failure inside the server', () => {
  let broken: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    broken = await createTestApp();
    admin = await broken.adminHeaders();
    await broken.database.close();
  });
  afterAll(async () => {
    await broken?.close();
  });

  const expectInternal = (response: LightMyRequestResponse) => {
    expect(response.statusCode).toBe(500);
    const body = json<{ error: { code: string; message: string; details: unknown[]; requestId: string } }>(response);
    expect(body).toEqual({ error: { code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message, details: [], requestId: response.headers['x-request-id'] } });
    expectNoInternals(response.body);
  };

  it('answers an API call with the INTERNAL envelope and a request id, no stack', async () => {
    expectInternal(await broken.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: admin }));
    expectInternal(await broken.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: admin, payload: { slug: 'after-crash', name: 'After crash', kind: 'bank' } }));
  });

  it('keeps the caller’s request id on a 500, for support', async () => {
    const response = await broken.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { ...admin, 'x-request-id': 'support-ticket-42424242' } });
    expectInternal(response);
    expect(json(response)).toMatchObject({ error: { requestId: 'support-ticket-42424242' } });
  });

  it('answers a page with a 500 page that shows only the request id', async () => {
    const response = await broken.app.inject({ method: 'GET', url: '/admin', headers: { cookie: admin.cookie ?? '', accept: 'text/html' } });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain(response.headers['x-request-id']);
    expect(response.body).not.toMatch(/PGlite|pool|closed|Error:/i);
    expectNoInternals(response.body);
  });

  it('reports not ready on the readiness probe, without details of the failure', async () => {
    const response = await broken.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(json(response)).toEqual({ status: 'not_ready', checks: { database: 'unreachable', migrations: 'unknown' } });
  });
});

describe('secrets at rest', () => {
  const everything = async (table: string) => JSON.stringify((await t.database.sql.executeSql(`select * from ${table}`)).rows);

  it('stores API tokens only as a SHA-256 hash; the secret is in no table', async () => {
    const org = await t.org({ kind: 'platform' });
    const created = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/tokens`, headers: await t.adminHeaders(), payload: { name: 'stored', scopes: ['org:read'] } });
    const { token, record } = json<{ token: string; record: { id: string; prefix: string } }>(created);
    const secretPart = token.replace(/^antoan_/, '');
    expect(secretPart.length).toBeGreaterThanOrEqual(32);
    for (const table of ['api_tokens', 'audit_log', 'organizations', 'users']) {
      const dump = await everything(table);
      expect(dump, table).not.toContain(secretPart);
    }
    const [row] = (await t.database.sql.executeSql('select token_hash, prefix from api_tokens where id = $1', [record.id])).rows as { token_hash: string; prefix: string }[];
    expect(row?.token_hash).toBe(sha256Hex(token));
    expect(token.startsWith(`antoan_${row?.prefix ?? 'missing'}`)).toBe(true);
  });

  it('stores a one-time password only as an argon2id hash', async () => {
    const org = await t.org({ kind: 'bank' });
    const created = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/users`, headers: await t.adminHeaders(), payload: { email: 'otp-holder@example.vn', displayName: 'OTP', role: 'responder' } });
    const { oneTimePassword } = json<{ oneTimePassword: string }>(created);
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    for (const table of ['users', 'audit_log']) expect(await everything(table), table).not.toContain(oneTimePassword);
    const [row] = (await t.database.sql.executeSql("select password_hash from users where email = 'otp-holder@example.vn'")).rows as { password_hash: string }[];
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$/);
  });

  it('stores a login session only as a hash of the cookie', async () => {
    const user = await t.user((await t.org({ kind: 'agency' })).id, 'org_admin');
    const form = await anonymousForm(t.app);
    const login = await t.app.inject({ method: 'POST', url: '/login', headers: { cookie: form.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: form.csrf, email: user.email, password: user.password }) });
    const cookieValue = setCookieValue(login, 'antoan_session') ?? '';
    expect(cookieValue.length).toBeGreaterThanOrEqual(32);
    expect(await everything('sessions')).not.toContain(cookieValue);
    const rows = (await t.database.sql.executeSql('select user_id from sessions where id_hash = $1', [sha256Hex(cookieValue)])).rows as { user_id: string }[];
    expect(rows).toEqual([{ user_id: user.id }]);
  });
});
