// Hostile and broken input at every endpoint that takes a body, listed from the
// app's own /openapi.json so a new endpoint is covered the day it is added.
// Every refusal must be the error envelope (or an error page for browsers),
// never a stack trace, and must leave every table exactly as it was.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_KINDS, ROLES } from '../src/modules/identity/index.ts';
import { ADMIN_EMAIL, createTestApp, json } from './helpers/app.ts';
import { formBody, FORM_CONTENT_TYPE, type FormFields } from './helpers/form-posts.ts';

const BODY_LIMIT = 2048;
const t = await createTestApp({ config: { bodyLimitBytes: BODY_LIMIT, loginRateLimit: { max: 100_000, windowSeconds: 60 } } });
afterAll(async () => {
  await t.close();
});

type JsonSchema = { type?: string; format?: string; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };
type Operation = { requestBody?: { content: Record<string, { schema: JsonSchema }> }; parameters?: { in: string; name: string; schema: JsonSchema }[] };
type OpenApi = { paths: Record<string, Record<string, Operation>> };
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Endpoint = { label: string; method: Method; path: string; operation: Operation; schema: JsonSchema | null; form: boolean };

const spec = json<OpenApi>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
const ENDPOINTS: Endpoint[] = Object.entries(spec.paths).flatMap(([path, operations]) =>
  Object.entries(operations).map(([method, operation]) => {
    const schema = operation.requestBody?.content['application/json']?.schema ?? null;
    const upper = method.toUpperCase() as Method;
    return { label: `${upper} ${path}`, method: upper, path, operation, schema, form: schema?.properties?._csrf !== undefined };
  }),
);
// File uploads take the file itself as the body (CSV, text or JSON of any shape, up to their own
// limit); their tests cover bad files (test/reputation-imports.test.ts).
const FILE_UPLOADS = ['POST /api/v1/indicators/import'];
const WITH_BODY = ENDPOINTS.filter((e) => e.schema !== null);
const FORMS = WITH_BODY.filter((e) => e.form);

// Real ids for path parameters, so only the body is wrong.
const admin = (await t.database.sql.executeSql('select id from users where email = $1', [ADMIN_EMAIL])).rows[0] as { id: string };
const session = await t.session(admin.id);
const org = await t.org({ kind: 'platform' });
const member = await t.user(org.id, 'responder');
const tokenId = json<{ record: { id: string } }>(
  await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/tokens`, headers: session.headers, payload: { name: 'fixture', scopes: ['org:read'] } }),
).record.id;
// Validation comes before any lookup, so a well-formed id that names nothing is enough for the rest.
const IDS: Record<string, string> = { orgId: org.id, userId: member.id, tokenId, requestId: crypto.randomUUID(), domainId: crypto.randomUUID(), endpointId: crypto.randomUUID(), noticeId: crypto.randomUUID(), advisoryId: crypto.randomUUID(), subscriptionId: crypto.randomUUID(), notificationId: crypto.randomUUID() };
const urlOf = (path: string, ids: Record<string, string> = IDS) => path.replace(/\{(\w+)\}/g, (_match, name: string) => ids[name] ?? 'unknown-param');

/** The first field a client could get the type of wrong (a string, or a list such as the check's items), skipping the CSRF token. */
function stringField(schema: JsonSchema | null): string | null {
  const entries = Object.entries(schema?.properties ?? {}).filter(([name]) => name !== '_csrf');
  const isString = (s: JsonSchema): boolean => s.type === 'string' || s.type === 'array' || (s.anyOf ?? []).some(isString);
  return entries.find(([, s]) => isString(s))?.[0] ?? null;
}

const TABLES = ['organizations', 'users', 'memberships', 'api_tokens', 'sessions', 'rule_versions', 'audit_log'];
async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) result[table] = ((await t.database.sql.executeSql(`select count(*)::int as n from ${table}`)).rows[0] as { n: number }).n;
  return result;
}

/** The envelope, exactly; the request id also in the response header. */
function expectEnvelope(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = json<{ error: { code: string; message: string; details: { field?: string }[]; requestId: string } }>(response);
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message', 'requestId']);
  expect(body.error).toMatchObject({ code, message: expect.any(String) as string, details: expect.any(Array) as unknown[] });
  expect(body.error.requestId).toBe(response.headers['x-request-id']);
  expectNoInternals(response.body);
  return body.error;
}

function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\bat .*\(?\/.*:\d+:\d+\)?/);
  expect(text).not.toMatch(/\.(ts|tsx|js|mjs):\d+/);
  expect(text).not.toContain('node_modules');
  expect(text).not.toContain(process.cwd());
}

/** As a script would call it: the admin's session, asking for JSON; form endpoints get their `_csrf`. */
function jsonRequest(endpoint: Endpoint, payload: string, contentType = 'application/json'): InjectOptions {
  return { method: endpoint.method, url: urlOf(endpoint.path), headers: { ...session.headers, accept: 'application/json', 'content-type': contentType }, payload };
}
const withCsrf = (endpoint: Endpoint, body: Record<string, unknown>) => JSON.stringify(endpoint.form ? { _csrf: session.csrf, ...body } : body);

describe('the endpoints with a body, from /openapi.json', () => {
  it('lists every known one and gives every POST, PUT and PATCH a body schema', () => {
    const labels = WITH_BODY.map((e) => e.label);
    expect(labels.length).toBeGreaterThan(0);
    for (const known of ['POST /api/v1/orgs', 'PATCH /api/v1/orgs/{orgId}', 'POST /api/v1/orgs/{orgId}/users', 'POST /api/v1/orgs/{orgId}/tokens', 'POST /api/v1/rules', 'POST /login', 'POST /admin/orgs', 'POST /admin/orgs/{orgId}/tokens']) {
      expect(labels).toContain(known);
    }
    const unsafe = ENDPOINTS.filter((e) => ['POST', 'PUT', 'PATCH'].includes(e.method));
    expect(unsafe.filter((e) => e.schema === null && !FILE_UPLOADS.includes(e.label)).map((e) => e.label)).toEqual([]);
  });
});

type BadCase = { name: string; status: number; code: string; applies(e: Endpoint): boolean; request(e: Endpoint): InjectOptions; field?(e: Endpoint): string };
const BAD_JSON: BadCase[] = [
  { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', applies: () => true, request: (e) => jsonRequest(e, '{"a":') },
  {
    name: 'a number where a string belongs',
    status: 400,
    code: 'VALIDATION_FAILED',
    applies: (e) => stringField(e.schema) !== null,
    request: (e) => jsonRequest(e, withCsrf(e, { [stringField(e.schema) ?? '']: 12345 })),
    field: (e) => `body.${stringField(e.schema) ?? ''}`,
  },
  { name: 'an unknown field', status: 400, code: 'UNKNOWN_FIELD', applies: () => true, request: (e) => jsonRequest(e, withCsrf(e, { isAdmin: true })), field: () => 'body.isAdmin' },
  { name: `a body over ${BODY_LIMIT} bytes`, status: 413, code: 'PAYLOAD_TOO_LARGE', applies: () => true, request: (e) => jsonRequest(e, withCsrf(e, { name: 'x'.repeat(BODY_LIMIT * 2) })) },
  { name: 'text/plain', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', applies: () => true, request: (e) => jsonRequest(e, 'name=x', 'text/plain') },
];

describe.each(BAD_JSON)('$name', (bad) => {
  it.each(WITH_BODY.filter((e) => bad.applies(e)))('is refused by $label, storing nothing', async (endpoint) => {
    const before = await counts();
    const response = await t.app.inject(bad.request(endpoint));
    const error = expectEnvelope(response, bad.status, bad.code);
    if (bad.field !== undefined) expect(error.details.map((d) => d.field)).toContain(bad.field(endpoint));
    expect(await counts()).toEqual(before);
  });
});

// Found by the property tests below: PostgreSQL stores no U+0000, and jsonb (audit summaries) no lone surrogate.
describe('text the database cannot store', () => {
  const UNSTORABLE = [
    { label: 'a NUL character', value: 'Tên\u0000ẩn' },
    { label: 'a lone surrogate', value: 'Tên\ud800' },
  ];
  const TARGETS = [
    { url: () => '/api/v1/orgs', body: (v: string) => ({ slug: 'unstorable', name: v, kind: 'bank' }), field: 'body.name' },
    { url: () => `/api/v1/orgs/${org.id}`, body: (v: string) => ({ contactEmail: null, name: v }), field: 'body.name', method: 'PATCH' as const },
    { url: () => `/api/v1/orgs/${org.id}/users`, body: (v: string) => ({ email: 'unstorable@example.vn', displayName: v, role: 'responder' }), field: 'body.displayName' },
    { url: () => `/api/v1/orgs/${org.id}/tokens`, body: (v: string) => ({ name: v, scopes: ['org:read'] }), field: 'body.name' },
  ];
  const CASES = UNSTORABLE.flatMap((bad) => TARGETS.map((target) => ({ ...bad, ...target, name: `${target.method ?? 'POST'} ${target.url()}` })));
  it.each(CASES)('$name refuses $label with a 400 naming the field', async ({ value, url, body, field, method }) => {
    const before = await counts();
    const response = await t.app.inject({ method: method ?? 'POST', url: url(), headers: session.headers, payload: body(value) });
    const error = expectEnvelope(response, 400, 'VALIDATION_FAILED');
    expect(error.details.map((d) => d.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses a NUL character in a form field', async () => {
    const before = await counts();
    const response = await t.app.inject({ method: 'POST', url: `/admin/orgs/${org.id}`, headers: { cookie: session.cookie, accept: 'application/json', 'content-type': FORM_CONTENT_TYPE }, payload: `${formBody({ _csrf: session.csrf })}&name=Bad%00name` });
    expect(expectEnvelope(response, 400, 'VALIDATION_FAILED').details.map((d) => d.field)).toContain('body.name');
    expect(await counts()).toEqual(before);
  });
});

// Bare actions (a logout form, claiming a case) take no input: nothing but the CSRF token is left for a
// wrong type, and a bad token is a CSRF refusal (tested in auth-security). Unknown fields are refused above.
it('has a string field to get wrong on every body endpoint except the bare actions', () => {
  const bare = WITH_BODY.filter((e) => stringField(e.schema) === null);
  expect(bare.every((e) => Object.keys(e.schema?.properties ?? {}).filter((name) => name !== '_csrf').length === 0)).toBe(true);
});

describe('form posts from a browser (urlencoded)', () => {
  const FORM_CASES: { name: string; status: number; fields: FormFields }[] = [
    { name: 'an unknown form field', status: 400, fields: { isAdmin: 'yes' } },
    { name: `a form over ${BODY_LIMIT} bytes`, status: 413, fields: { padding: 'x'.repeat(BODY_LIMIT * 2) } },
  ];
  describe.each(FORM_CASES)('$name', ({ status, fields }) => {
    it.each(FORMS)('is refused by $label with an error page, storing nothing', async (endpoint) => {
      const before = await counts();
      const response = await t.app.inject({
        method: endpoint.method,
        url: urlOf(endpoint.path),
        headers: { cookie: session.cookie, accept: 'text/html', 'content-type': FORM_CONTENT_TYPE },
        payload: formBody({ _csrf: session.csrf, ...fields }),
      });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('<!doctype html>');
      expect(response.body).toContain(response.headers['x-request-id']);
      expectNoInternals(response.body);
      expect(await counts()).toEqual(before);
    });
  });
});

describe('unknown routes', () => {
  const CASES = [
    { method: 'GET', url: '/api/v1/nothing-here', accept: 'application/json', json: true },
    { method: 'POST', url: '/api/v1/orgs/extra/deep/path', accept: 'text/html', json: true },
    { method: 'GET', url: '/no/such/page', accept: 'text/html', json: false },
    { method: 'GET', url: '/admin/nothing', accept: 'text/html,application/xhtml+xml', json: false },
  ] as const;
  it.each(CASES)('$method $url (accept $accept) is a 404 in the right form', async ({ method, url, accept, json: wantsJson }) => {
    const response = await t.app.inject({ method, url, headers: { accept } });
    if (wantsJson) {
      expectEnvelope(response, 404, 'NOT_FOUND');
    } else {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toMatch(/^<!doctype html>/i);
      expectNoInternals(response.body);
    }
  });
});

describe('path parameters that are not UUIDs', () => {
  const uuidParams = (e: Endpoint) => (e.operation.parameters ?? []).filter((p) => p.in === 'path' && p.schema.format === 'uuid').map((p) => p.name);
  const WITH_IDS = ENDPOINTS.filter((e) => uuidParams(e).length > 0);

  it('exist on the organisation, member and token routes', () => {
    expect(WITH_IDS.map((e) => e.label)).toEqual(expect.arrayContaining(['GET /api/v1/orgs/{orgId}', 'DELETE /api/v1/orgs/{orgId}/tokens/{tokenId}', 'POST /admin/orgs/{orgId}/users/{userId}/remove']));
  });

  it.each(WITH_IDS)('$label answers 400 naming each parameter', async (endpoint) => {
    const bad = Object.fromEntries(uuidParams(endpoint).map((name) => [name, `not-a-uuid-${name}`]));
    const before = await counts();
    const options: InjectOptions = { method: endpoint.method, url: urlOf(endpoint.path, bad), headers: { ...session.headers, accept: 'application/json' } };
    if (endpoint.schema !== null) options.payload = endpoint.form ? { _csrf: session.csrf } : {};
    const error = expectEnvelope(await t.app.inject(options), 400, 'VALIDATION_FAILED');
    for (const name of uuidParams(endpoint)) expect(error.details.map((d) => d.field)).toContain(`params.${name}`);
    expect(await counts()).toEqual(before);
  });
});

describe('query strings', () => {
  let key: string;
  beforeAll(async () => {
    const rules = json<{ items: { key: string }[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/rules', headers: session.headers }));
    key = rules.items[0]?.key ?? 'missing';
  });

  it('answers a known rule, and refuses an unknown query key on it', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/rules/${key}`, headers: session.headers })).statusCode).toBe(200);
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/rules/${key}?at=2025-01-01T00:00:00Z&debug=1`, headers: session.headers });
    const error = expectEnvelope(refused, 400, 'UNKNOWN_FIELD');
    expect(error.details.map((d) => d.field)).toContain('querystring.debug');
  });

  it('refuses a query value of the wrong shape', async () => {
    const error = expectEnvelope(await t.app.inject({ method: 'GET', url: `/api/v1/rules/${key}?at=yesterday`, headers: session.headers }), 400, 'VALIDATION_FAILED');
    expect(error.details.map((d) => d.field)).toContain('querystring.at');
  });
});

describe('random input never breaks the server (fast-check)', () => {
  // Characters that break naive code: NUL and other controls, lone surrogates, bidi overrides, quotes, SQL and HTML metacharacters.
  const nastyUnit = fc.oneof(fc.constantFrom('\u0000', '\u0007', '\ud800', '\udfff', '\u202e', '\ufeff', "'", '"', '\\', '%', ';', '<', ' '), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
  const text = fc.oneof(fc.string({ unit: nastyUnit, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }));
  const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 });
  const often = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: bad, weight: 1 });
  /** Bodies near the real shape, so many get past the schema into the services and the database. */
  const orgLike = fc.record(
    {
      slug: often(fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}[a-z0-9]$/), text),
      name: fc.oneof(text, fc.string({ minLength: 2, maxLength: 60 })),
      kind: often(fc.constantFrom(...ORG_KINDS.filter((kind) => kind !== 'authority')), fc.oneof(fc.constant('authority'), text)),
      scope: often(fc.constant(null), fc.oneof(fc.constantFrom('national', 'provincial'), anyJson)),
      provinceCode: often(fc.stringMatching(/^[a-z0-9-]{2,10}$/), text),
      contactEmail: often(fc.emailAddress(), text),
    },
    { requiredKeys: [] },
  );
  const userLike = fc.record(
    {
      email: often(fc.emailAddress(), text),
      displayName: fc.oneof(text, fc.string({ minLength: 1, maxLength: 60 })),
      role: often(fc.constantFrom('org_admin', 'responder'), fc.oneof(fc.constantFrom(...ROLES), text)),
      locale: often(fc.constantFrom('vi', 'en'), text),
    },
    { requiredKeys: [] },
  );
  const TARGETS = [
    { name: 'POST /api/v1/orgs', url: () => '/api/v1/orgs', shaped: orgLike as fc.Arbitrary<unknown> },
    { name: 'POST /api/v1/orgs/:id/users', url: () => `/api/v1/orgs/${org.id}/users`, shaped: userLike as fc.Arbitrary<unknown> },
  ];
  const BODIES = [
    { kind: 'random JSON values', creates: true, arbitrary: (shaped: fc.Arbitrary<unknown>) => fc.oneof(anyJson, shaped, shaped).map((value) => JSON.stringify(value)) },
    { kind: 'random strings', creates: false, arbitrary: () => fc.oneof(text, fc.string({ unit: 'binary', maxLength: 200 })) },
  ];

  describe.each(TARGETS)('$name', (target) => {
    it.each(BODIES)('answers $kind with 201 or a 4xx envelope', async ({ arbitrary, creates }) => {
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(arbitrary(target.shaped), async (payload) => {
          const response = await t.app.inject({ method: 'POST', url: target.url(), headers: { ...session.headers, 'content-type': 'application/json' }, payload });
          statuses.add(response.statusCode);
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode !== 201) {
            expect(response.statusCode).toBeGreaterThanOrEqual(400);
            expect(json<{ error: { code: string } }>(response).error.code).toMatch(/^[A-Z_]+$/);
            expectNoInternals(response.body);
          }
        }),
        { numRuns: 100 },
      );
      // The generators reach both sides: refusals, and (for shaped bodies) rows written through the services.
      expect([...statuses].some((status) => status >= 400)).toBe(true);
      if (creates) expect(statuses).toContain(201);
    });
  });
});
