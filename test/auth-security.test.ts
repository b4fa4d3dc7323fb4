// Login, lockout, rate limits, CSRF, sessions and two-factor, driven through the
// real pages the way a browser drives them: open the form, keep its cookie and
// hidden `_csrf`, post it back.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/core/crypto.ts';
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from '../src/modules/identity/auth.ts';
import { m } from '../src/modules/identity/messages.ts';
import { totpCode, totpStep } from '../src/modules/identity/totp.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { anonymousForm, formBody, FORM_CONTENT_TYPE, hiddenCsrf, setCookieValue, type FormFields } from './helpers/form-posts.ts';

let t: TestApp;
let platformId: string;
let provincialId: string;
let nationalId: string;

beforeAll(async () => {
  t = await createTestApp({ config: { loginRateLimit: { max: 1000, windowSeconds: 60 } } });
  platformId = (await t.org({ kind: 'platform' })).id;
  provincialId = (await t.org({ kind: 'authority', scope: 'provincial' })).id;
  nationalId = ((await sql("select id from organizations where slug = 'quoc-gia'"))[0] as { id: string }).id;
});
afterAll(async () => {
  await t?.close();
});

async function sql(text: string, values: unknown[] = []): Promise<unknown[]> {
  return (await t.database.sql.executeSql(text, values)).rows;
}
const count = async (text: string, values: unknown[] = []) => ((await sql(text, values))[0] as { n: number }).n;

/** A browser posting a form with whatever cookie it holds. */
function postForm(app: TestApp['app'], url: string, cookie: string, fields: FormFields, accept = 'text/html') {
  return app.inject({ method: 'POST', url, headers: { cookie, accept, 'content-type': FORM_CONTENT_TYPE }, payload: formBody(fields) });
}

/** Open /login, then post the credentials with the page's own CSRF material. */
async function logIn(email: string, password: string, app: TestApp['app'] = t.app) {
  const form = await anonymousForm(app);
  return postForm(app, '/login', form.cookie, { _csrf: form.csrf, email, password });
}

/** The session cookie a response set, as a Cookie header. */
function sessionCookie(response: LightMyRequestResponse): string {
  const value = setCookieValue(response, 'antoan_session');
  if (value === null) throw new Error(`no session cookie (status ${response.statusCode})`);
  return `antoan_session=${value}`;
}

const me = async (cookie: string) => json<{ type: string; memberships: { orgId: string }[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }));

describe('login', () => {
  it('refuses a wrong password with a 401 page and audits the failure', async () => {
    const user = await t.user(platformId, 'responder');
    const before = await count("select count(*)::int as n from audit_log where action = 'auth.login_failed' and subject_id = $1", [user.id]);
    const response = await logIn(user.email, 'not the password at all');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain(m('vi', 'loginFailed'));
    expect(setCookieValue(response, 'antoan_session')).toBeNull();
    expect(await count("select count(*)::int as n from audit_log where action = 'auth.login_failed' and subject_id = $1", [user.id])).toBe(before + 1);
  });

  it('answers an unknown email exactly like a wrong password (no user enumeration)', async () => {
    const user = await t.user(platformId, 'responder');
    const form = await anonymousForm(t.app);
    const known = await postForm(t.app, '/login', form.cookie, { _csrf: form.csrf, email: user.email, password: 'wrong-password-123' });
    const unknownEmail = user.email.replace(/^u-/, 'nobody-');
    const unknown = await postForm(t.app, '/login', form.cookie, { _csrf: form.csrf, email: unknownEmail, password: 'wrong-password-123' });
    expect(unknown.statusCode).toBe(known.statusCode);
    // Same page apart from the address typed back into the field.
    expect(unknown.body.replaceAll(unknownEmail, 'EMAIL')).toBe(known.body.replaceAll(user.email, 'EMAIL'));
  });

  it(`locks the account after ${MAX_FAILED_LOGINS} failures, even for the right password, for ${LOCK_MINUTES} minutes`, async () => {
    const user = await t.user(platformId, 'responder');
    for (let attempt = 1; attempt <= MAX_FAILED_LOGINS; attempt += 1) {
      const lockedBefore = ((await sql('select locked_until from users where id = $1', [user.id]))[0] as { locked_until: Date | null }).locked_until;
      expect(lockedBefore).toBeNull();
      expect((await logIn(user.email, `wrong guess ${attempt}`)).statusCode).toBe(401);
    }
    const locked = await logIn(user.email, user.password);
    expect(locked.statusCode).toBe(423);
    expect(locked.body).toContain(m('vi', 'accountLocked'));
    expect(setCookieValue(locked, 'antoan_session')).toBeNull();

    t.clock.advance((LOCK_MINUTES - 1) * 60_000);
    expect((await logIn(user.email, user.password)).statusCode).toBe(423);
    t.clock.advance(60_000 + 1000);
    const open = await logIn(user.email, user.password);
    expect(open.statusCode).toBe(303);
    expect((await me(sessionCookie(open))).type).toBe('user');
  });

  it('stores passwords as argon2id', async () => {
    const user = await t.user(platformId, 'responder');
    const [row] = (await sql('select password_hash from users where id = $1', [user.id])) as { password_hash: string }[];
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain(user.password);
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ config: { loginRateLimit: { max: 3, windowSeconds: 60 } } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answers 429 on POST /login after the configured number of attempts, and logs no one in', async () => {
    const user = await limited.user((await limited.org({ kind: 'bank' })).id, 'responder');
    const form = await anonymousForm(limited.app);
    const attempt = (password: string, accept = 'text/html') => postForm(limited.app, '/login', form.cookie, { _csrf: form.csrf, email: user.email, password }, accept);
    for (let i = 0; i < limited.config.loginRateLimit.max; i += 1) expect((await attempt('wrong password!')).statusCode).toBe(401);
    const sessions = async () => ((await limited.database.sql.executeSql('select count(*)::int as n from sessions')).rows[0] as { n: number }).n;
    const before = await sessions();

    const asJson = await attempt(user.password, 'application/json');
    expect(asJson.statusCode).toBe(429);
    expect(json(asJson)).toMatchObject({ error: { code: 'RATE_LIMITED', requestId: asJson.headers['x-request-id'] } });
    const asPage = await attempt(user.password);
    expect(asPage.statusCode).toBe(429);
    expect(asPage.headers['content-type']).toMatch(/^text\/html/);
    expect(await sessions()).toBe(before);

    // Counted per client address: someone else can still try.
    const elsewhere = await limited.app.inject({ method: 'POST', url: '/login', remoteAddress: '10.1.2.3', headers: { cookie: form.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: form.csrf, email: user.email, password: 'wrong password!' }) });
    expect(elsewhere.statusCode).toBe(401);
  });

  it('answers 429 on POST /api/v1/orgs/:id/tokens and creates no token past the limit', async () => {
    const org = await limited.org({ kind: 'telecom' });
    const headers = await limited.adminHeaders();
    const create = () => limited.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/tokens`, headers, payload: { name: 'sync', scopes: ['org:read'] } });
    for (let i = 0; i < limited.config.loginRateLimit.max; i += 1) expect((await create()).statusCode).toBe(201);
    const refused = await create();
    expect(refused.statusCode).toBe(429);
    expect(json(refused)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    const tokens = (await limited.database.sql.executeSql('select count(*)::int as n from api_tokens where org_id = $1', [org.id])).rows[0] as { n: number };
    expect(tokens.n).toBe(limited.config.loginRateLimit.max);
  });
});

describe('CSRF', () => {
  const orgName = async (id: string) => ((await sql('select name from organizations where id = $1', [id]))[0] as { name: string }).name;

  it('refuses a settings form without a valid _csrf, changing nothing; the right one works', async () => {
    const org = await t.org({ kind: 'agency', name: 'Agency before' });
    const adminUser = await t.user(org.id, 'org_admin');
    const session = await t.session(adminUser.id);
    const other = await t.session((await t.user(org.id, 'org_admin')).id);
    const anonymous = await anonymousForm(t.app);
    const cases: [string, FormFields][] = [
      ['missing', { name: 'Changed' }],
      ['wrong', { name: 'Changed', _csrf: 'A'.repeat(43) }],
      ['bound to another session', { name: 'Changed', _csrf: other.csrf }],
      ['bound to the anonymous cookie', { name: 'Changed', _csrf: anonymous.csrf }],
      ['sent twice', { name: 'Changed', _csrf: [session.csrf, other.csrf] }],
    ];
    for (const [label, fields] of cases) {
      const response = await postForm(t.app, `/admin/orgs/${org.id}`, `${session.cookie}; ${anonymous.cookie}`, fields, 'application/json');
      expect(response.statusCode, label).toBe(403);
      expect(json(response), label).toMatchObject({ error: { code: 'CSRF_INVALID' } });
      expect(await orgName(org.id)).toBe('Agency before');
    }
    const accepted = await postForm(t.app, `/admin/orgs/${org.id}`, session.cookie, { name: 'Agency after', _csrf: session.csrf });
    expect(accepted.statusCode).toBe(303);
    expect(await orgName(org.id)).toBe('Agency after');
  });

  it('refuses a login form without the token from the login page', async () => {
    const user = await t.user(platformId, 'responder');
    const form = await anonymousForm(t.app);
    const forged = await postForm(t.app, '/login', form.cookie, { email: user.email, password: user.password });
    expect(forged.statusCode).toBe(403);
    expect(setCookieValue(forged, 'antoan_session')).toBeNull();
  });

  it('needs x-csrf-token on a cookie-authenticated API call, but not with a bearer token', async () => {
    const headers = await t.adminHeaders();
    const orgs = () => count('select count(*)::int as n from organizations');
    const before = await orgs();
    const payload = (slug: string) => ({ slug, name: 'CSRF test', kind: 'bank' });
    for (const csrf of [undefined, 'forged-token']) {
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: { cookie: headers.cookie, ...(csrf !== undefined && { 'x-csrf-token': csrf }) }, payload: payload('csrf-refused') });
      expect(refused.statusCode).toBe(403);
      expect(json(refused)).toMatchObject({ error: { code: 'CSRF_INVALID' } });
    }
    expect(await orgs()).toBe(before);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers, payload: payload('csrf-with-header') })).statusCode).toBe(201);
    const bearer = await t.token(nationalId, ['org:write']);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: bearer, payload: payload('csrf-bearer') })).statusCode).toBe(201);
    expect(await orgs()).toBe(before + 2);
  });

  it('binds a visitor to a CSRF cookie only where a page has a form: API calls and feeds set no cookie', async () => {
    for (const url of ['/api/v1/check?value=example.com', '/healthz', '/feeds/domains.txt', '/api/v1/stats']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['set-cookie'], url).toBeUndefined();
    }
    const form = await anonymousForm(t.app);
    // The token the page carries is bound to the cookie it set: a form post with both is let through to validation.
    const user = await t.user(platformId, 'responder');
    const login = await postForm(t.app, '/login', form.cookie, { email: user.email, password: user.password, _csrf: form.csrf });
    expect(login.statusCode).toBe(303);
    expect(setCookieValue(login, 'antoan_session')).not.toBeNull();
  });
});

describe('sessions', () => {
  it('logout deletes the session: the old cookie no longer works', async () => {
    const user = await t.user(platformId, 'org_admin');
    const cookie = sessionCookie(await logIn(user.email, user.password));
    expect((await me(cookie)).type).toBe('user');
    const page = await t.app.inject({ method: 'GET', url: '/admin/orgs', headers: { cookie } });
    const csrf = hiddenCsrf(page.body);
    expect(csrf).not.toBeNull();
    const out = await postForm(t.app, '/logout', cookie, { _csrf: csrf ?? '' });
    expect(out.statusCode).toBe(303);
    expect(setCookieValue(out, 'antoan_session')).toBe('');
    expect(await count('select count(*)::int as n from sessions where id_hash = $1', [sha256Hex(cookie.replace('antoan_session=', ''))])).toBe(0);
    expect((await me(cookie)).type).toBe('anonymous');
    const admin = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
    expect(admin.statusCode).toBe(303);
    expect(admin.headers.location).toMatch(/^\/login/);
  });

  it('treats a session past its lifetime as anonymous and clears the cookie', async () => {
    const user = await t.user(platformId, 'org_admin');
    const cookie = sessionCookie(await logIn(user.email, user.password));
    t.clock.advance(t.config.sessionTtlHours * 3_600_000 - 60_000);
    expect((await me(cookie)).type).toBe('user');
    t.clock.advance(2 * 60_000);
    const expired = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(json(expired)).toMatchObject({ type: 'anonymous', user: null });
    expect(setCookieValue(expired, 'antoan_session')).toBe('');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${platformId}`, headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('two-factor for authority staff', () => {
  it('sends them to enrol, verifies a TOTP code, and refuses the same code again', async () => {
    const user = await t.user(provincialId, 'analyst');
    const first = await logIn(user.email, user.password);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/account/two-factor?next=%2Fadmin');
    const cookie = sessionCookie(first);
    expect((await me(cookie)).memberships).toEqual([]);

    const enrol = await t.app.inject({ method: 'GET', url: '/account/two-factor', headers: { cookie } });
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrol.body)?.[1] ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const code = totpCode(secret, totpStep(t.clock.now()));
    const verified = await postForm(t.app, '/account/two-factor', cookie, { _csrf: hiddenCsrf(enrol.body) ?? '', code, next: '/admin' });
    expect(verified.statusCode).toBe(303);
    expect(verified.headers.location).toBe('/admin');
    expect((await me(cookie)).memberships.map((mb) => mb.orgId)).toEqual([provincialId]);

    // A new login must pass the code page; the code just used is spent.
    const second = await logIn(user.email, user.password);
    expect(second.headers.location).toMatch(/^\/login\/two-factor/);
    const secondCookie = sessionCookie(second);
    const codePage = await t.app.inject({ method: 'GET', url: '/login/two-factor', headers: { cookie: secondCookie } });
    const csrf = hiddenCsrf(codePage.body) ?? '';
    const replay = await postForm(t.app, '/login/two-factor', secondCookie, { _csrf: csrf, code });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain(m('vi', 'codeInvalid'));
    expect((await me(secondCookie)).memberships).toEqual([]);

    t.clock.advance(30_000);
    const fresh = await postForm(t.app, '/login/two-factor', secondCookie, { _csrf: csrf, code: totpCode(secret, totpStep(t.clock.now())) });
    expect(fresh.statusCode).toBe(303);
    expect((await me(secondCookie)).memberships.map((mb) => mb.orgId)).toEqual([provincialId]);
  });
});
