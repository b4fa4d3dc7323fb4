// The logs see every request; they must never see a credential or a person's
// contact details. The app logs through the real logger (createLogger, with its
// redaction) into memory, at the most verbose level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logging.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { anonymousForm, formBody, FORM_CONTENT_TYPE, setCookieValue } from './helpers/form-posts.ts';

/** A pino destination that keeps each JSON line. */
function memoryLog() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ logLevel: 'trace' }, { write: (line: string) => void lines.push(line) }) };
}

type Secrets = Record<string, string>;

/** Fail naming which secret leaked into which line. */
function expectNoSecrets(lines: string[], secrets: Secrets) {
  for (const [name, value] of Object.entries(secrets)) {
    expect(value.length, name).toBeGreaterThanOrEqual(8);
    const leaks = lines.filter((line) => line.toLowerCase().includes(value.toLowerCase()));
    expect(leaks, `${name} appears in the log`).toEqual([]);
  }
}

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as { msg?: string; reqId?: string; req?: { path?: string }; res?: { statusCode?: number } });

describe('a working session: login, token creation, bearer calls', () => {
  const log = memoryLog();
  let t: TestApp;
  const secrets: Secrets = {};
  const requestIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ logger: log.logger });
    const org = await t.org({ kind: 'platform' });
    const person = await t.user(org.id, 'org_admin', 'my very secret passphrase');
    secrets.password = person.password;
    secrets.email = person.email;

    const form = await anonymousForm(t.app);
    const post = (password: string) =>
      t.app.inject({ method: 'POST', url: '/login?next=/admin', headers: { cookie: form.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: form.csrf, email: person.email, password, next: '/admin' }) });
    const failed = await post('a wrong passphrase entirely');
    const login = await post(person.password);
    expect([failed.statusCode, login.statusCode]).toEqual([401, 303]);
    const sessionValue = setCookieValue(login, 'antoan_session') ?? '';
    secrets.sessionCookie = sessionValue;
    secrets.csrfForm = form.csrf;
    requestIds.push(String(login.headers['x-request-id']));

    // The logged-in person creates a token, then a script uses it, well and badly.
    const cookie = `antoan_session=${sessionValue}`;
    const page = await t.app.inject({ method: 'GET', url: `/admin/orgs/${org.id}`, headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    secrets.csrfSession = csrf;
    const created = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/tokens`, headers: { cookie, 'x-csrf-token': csrf }, payload: { name: 'sync', scopes: ['org:read', 'users:write', 'users:read'] } });
    expect(created.statusCode).toBe(201);
    const token = json<{ token: string }>(created).token;
    secrets.token = token;
    secrets.tokenSecretPart = token.replace(/^antoan_/, '');
    requestIds.push(String(created.headers['x-request-id']));

    const bearer = { authorization: `Bearer ${token}` };
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}?contact=x`, headers: bearer });
    expect(read.statusCode).toBe(200);
    requestIds.push(String(read.headers['x-request-id']));
    const newcomer = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/users`, headers: bearer, payload: { email: 'newcomer.private@example.vn', displayName: 'Newcomer', role: 'responder' } });
    expect(newcomer.statusCode).toBe(201);
    secrets.newcomerEmail = 'newcomer.private@example.vn';
    secrets.oneTimePassword = json<{ oneTimePassword: string }>(newcomer).oneTimePassword;
    const duplicate = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/users`, headers: bearer, payload: { email: 'newcomer.private@example.vn', displayName: 'Again', role: 'responder' } });
    expect(duplicate.statusCode).toBe(409);
    const forged = `antoan_${'Z'.repeat(43)}`;
    secrets.forgedToken = forged;
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}`, headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logged those requests, with their ids and paths', () => {
    const entries = parsed(log.lines);
    for (const id of requestIds) expect(entries.some((entry) => entry.reqId === id)).toBe(true);
    expect(entries.some((entry) => entry.req?.path === '/login')).toBe(true);
    expect(entries.some((entry) => entry.msg === 'request refused')).toBe(true);
  });

  it('never wrote a password, token, session cookie, CSRF token or email address', () => {
    expectNoSecrets(log.lines, secrets);
  });

  it('redacts credentials even when code logs them directly', () => {
    const before = log.lines.length;
    log.logger.info({ user: { email: secrets.email, password: secrets.password }, auth: { token: secrets.token } }, 'careless');
    const added = log.lines.slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('[redacted]');
    expectNoSecrets(added, { email: secrets.email ?? '', password: secrets.password ?? '', token: secrets.token ?? '' });
  });
});

describe('a failure while credentials are in flight', () => {
  const log = memoryLog();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ logger: log.logger });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs the 500 at error level without the email, password or token of the request', async () => {
    const org = await t.org({ kind: 'bank' });
    const person = await t.user(org.id, 'org_admin', 'passphrase during outage');
    const token = (await t.token(org.id, ['org:read'])).authorization;
    const form = await anonymousForm(t.app);
    await t.database.close();

    const login = await t.app.inject({ method: 'POST', url: '/login', headers: { cookie: form.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: form.csrf, email: person.email, password: person.password }) });
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}`, headers: { authorization: token } });
    expect([login.statusCode, api.statusCode]).toEqual([500, 500]);

    const errors = parsed(log.lines).filter((entry) => (entry as { level?: number }).level === 50);
    expect(errors.map((entry) => entry.reqId)).toEqual(expect.arrayContaining([login.headers['x-request-id'], api.headers['x-request-id']]));
    expectNoSecrets(log.lines, { email: person.email, password: person.password, token: token.replace('Bearer ', '') });
  });
});

describe('a database error on a query that carries personal data', () => {
  const log = memoryLog();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ logger: log.logger });
    // Stand-in for any fault inside the database (a full disk, a broken constraint): every insert into users fails.
    await t.database.sql.executeSql(`
      create function refuse_users() returns trigger language plpgsql as $$ begin raise exception 'simulated storage fault'; end $$;
      create trigger refuse_users before insert on users for each row execute function refuse_users();
    `);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs the failed query and its cause, not its parameters', async () => {
    const org = await t.org({ kind: 'telecom' });
    const email = 'query.param.private@example.vn';
    const password = 'chosen password in the body';
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/users`, headers: await t.adminHeaders(), payload: { email, displayName: 'Private Person', role: 'responder', password } });
    expect(response.statusCode).toBe(500);
    const failure = log.lines.find((line) => line.includes(String(response.headers['x-request-id'])) && line.includes('"level":50'));
    expect(failure).toBeDefined();
    // Useful for whoever is on call: which statement and why.
    expect(failure).toContain('insert into');
    expect(failure).toContain('simulated storage fault');
    expectNoSecrets(log.lines, { email, password, displayName: 'Private Person' });
    expect(failure).not.toMatch(/\$argon2id\$/);
  });
});
