// Tenant isolation as a table: every route that names an organisation (API and
// pages) × every kind of caller from organisation A, aimed at organisation B.
// Each cell checks the answer and then reads the database to prove nothing in
// B changed. The positive rows (A's org_admin on A, the national admin on both)
// use the same requests and the same snapshot, so the matrix can fail.
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, type Role } from '../src/modules/identity/index.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { anonymousForm, formBody, FORM_CONTENT_TYPE, type FormFields } from './helpers/form-posts.ts';

type Target = { orgId: string; userId: string; tokenId: string; memberEmail: string; tokenName: string };
type Built = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: Record<string, unknown>; form?: FormFields };
/** `read` routes are the ones national staff may use on any organisation; `manage` needs an admin of it. */
type RouteCase = { name: string; surface: 'api' | 'page'; access: 'read' | 'manage'; mutates: boolean; ok: number; build(to: Target): Built };

let unique = 0;
const next = () => `${++unique}-${randomUUID().slice(0, 8)}`;

const ROUTES: RouteCase[] = [
  { name: 'GET /api/v1/orgs/:orgId', surface: 'api', access: 'read', mutates: false, ok: 200, build: (to) => ({ method: 'GET', url: `/api/v1/orgs/${to.orgId}` }) },
  { name: 'PATCH /api/v1/orgs/:orgId', surface: 'api', access: 'manage', mutates: true, ok: 200, build: (to) => ({ method: 'PATCH', url: `/api/v1/orgs/${to.orgId}`, payload: { name: `Taken over ${next()}` } }) },
  { name: 'GET /api/v1/orgs/:orgId/users', surface: 'api', access: 'manage', mutates: false, ok: 200, build: (to) => ({ method: 'GET', url: `/api/v1/orgs/${to.orgId}/users` }) },
  { name: 'POST /api/v1/orgs/:orgId/users', surface: 'api', access: 'manage', mutates: true, ok: 201, build: (to) => ({ method: 'POST', url: `/api/v1/orgs/${to.orgId}/users`, payload: { email: `planted-${next()}@example.vn`, displayName: 'Planted', role: 'org_admin' } }) },
  { name: 'DELETE /api/v1/orgs/:orgId/users/:userId', surface: 'api', access: 'manage', mutates: true, ok: 204, build: (to) => ({ method: 'DELETE', url: `/api/v1/orgs/${to.orgId}/users/${to.userId}` }) },
  { name: 'GET /api/v1/orgs/:orgId/tokens', surface: 'api', access: 'manage', mutates: false, ok: 200, build: (to) => ({ method: 'GET', url: `/api/v1/orgs/${to.orgId}/tokens` }) },
  { name: 'POST /api/v1/orgs/:orgId/tokens', surface: 'api', access: 'manage', mutates: true, ok: 201, build: (to) => ({ method: 'POST', url: `/api/v1/orgs/${to.orgId}/tokens`, payload: { name: `stolen ${next()}`, scopes: ['org:read'] } }) },
  { name: 'DELETE /api/v1/orgs/:orgId/tokens/:tokenId', surface: 'api', access: 'manage', mutates: true, ok: 200, build: (to) => ({ method: 'DELETE', url: `/api/v1/orgs/${to.orgId}/tokens/${to.tokenId}` }) },
  { name: 'GET /admin/orgs/:orgId', surface: 'page', access: 'read', mutates: false, ok: 200, build: (to) => ({ method: 'GET', url: `/admin/orgs/${to.orgId}` }) },
  { name: 'POST /admin/orgs/:orgId', surface: 'page', access: 'manage', mutates: true, ok: 303, build: (to) => ({ method: 'POST', url: `/admin/orgs/${to.orgId}`, form: { name: `Taken over ${next()}` } }) },
  { name: 'POST /admin/orgs/:orgId/users', surface: 'page', access: 'manage', mutates: true, ok: 200, build: (to) => ({ method: 'POST', url: `/admin/orgs/${to.orgId}/users`, form: { displayName: 'Planted', email: `planted-${next()}@example.vn`, role: 'org_admin' } }) },
  { name: 'POST /admin/orgs/:orgId/users/:userId/remove', surface: 'page', access: 'manage', mutates: true, ok: 303, build: (to) => ({ method: 'POST', url: `/admin/orgs/${to.orgId}/users/${to.userId}/remove`, form: {} }) },
  { name: 'POST /admin/orgs/:orgId/tokens', surface: 'page', access: 'manage', mutates: true, ok: 200, build: (to) => ({ method: 'POST', url: `/admin/orgs/${to.orgId}/tokens`, form: { name: `stolen ${next()}`, scopes: ['org:read', 'users:read'] } }) },
  { name: 'POST /admin/orgs/:orgId/tokens/:tokenId/revoke', surface: 'page', access: 'manage', mutates: true, ok: 303, build: (to) => ({ method: 'POST', url: `/admin/orgs/${to.orgId}/tokens/${to.tokenId}/revoke`, form: {} }) },
];

type Home = 'platform' | 'assessor' | 'provincial' | 'national';
type ActorSpec = { name: string; kind: 'member'; home: Home; role: Role } | { name: string; kind: 'token'; home: Home } | { name: string; kind: 'anonymous' };

/** Everyone who might try to reach across: each role of each kind of organisation, tokens with every scope, and nobody. */
const ACTORS: ActorSpec[] = [
  { name: 'platform org_admin', kind: 'member', home: 'platform', role: 'org_admin' },
  { name: 'platform responder', kind: 'member', home: 'platform', role: 'responder' },
  { name: 'assessor-org org_admin', kind: 'member', home: 'assessor', role: 'org_admin' },
  { name: 'assessor-org assessor', kind: 'member', home: 'assessor', role: 'assessor' },
  { name: 'provincial analyst', kind: 'member', home: 'provincial', role: 'analyst' },
  { name: 'provincial supervisor', kind: 'member', home: 'provincial', role: 'supervisor' },
  { name: 'provincial admin', kind: 'member', home: 'provincial', role: 'admin' },
  { name: 'national analyst', kind: 'member', home: 'national', role: 'analyst' },
  { name: 'national supervisor', kind: 'member', home: 'national', role: 'supervisor' },
  { name: 'platform token (all scopes)', kind: 'token', home: 'platform' },
  { name: 'provincial token (all scopes)', kind: 'token', home: 'provincial' },
  { name: 'anonymous', kind: 'anonymous' },
];

type Outcome = 'allowed' | 'not_found' | 'forbidden' | 'unauthenticated' | 'to_login';

/**
 * What a caller from another organisation must get. National staff oversee
 * every organisation, so they may read B's settings but change nothing; every
 * other caller gets the same 404 as for an organisation that does not exist.
 * Tokens and anonymous visitors have no session, so pages send them to log in.
 */
function expectedAcross(actor: ActorSpec, route: RouteCase): Outcome {
  if (actor.kind === 'anonymous') return route.surface === 'api' ? 'unauthenticated' : 'to_login';
  if (actor.kind === 'token') return route.surface === 'api' ? 'not_found' : 'to_login';
  if (actor.home === 'national') return route.access === 'read' ? 'allowed' : 'forbidden';
  return 'not_found';
}

type Caller = { headers: Record<string, string>; csrf: string | null };

let t: TestApp;
const homes = {} as Record<Home, string>;
const callers = new Map<string, Caller>();
let victim: Target;
let nationalAdmin: Caller;
let platformAdmin: Caller;

function callerOf(name: string): Caller {
  const caller = callers.get(name);
  if (caller === undefined) throw new Error(`no caller for ${name}`);
  return caller;
}

async function memberCaller(orgId: string, role: Role): Promise<Caller> {
  const user = await t.user(orgId, role);
  const session = await t.session(user.id);
  return { headers: session.headers, csrf: session.csrf };
}

/** A member and a token in an organisation, to be the objects of user and token routes. */
async function targetIn(orgId: string, role: Role = 'responder'): Promise<Target> {
  const member = await t.user(orgId, role);
  const tokenName = `target ${next()}`;
  const created = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${orgId}/tokens`, headers: await t.adminHeaders(), payload: { name: tokenName, scopes: ['org:read'] } });
  const tokenId = json<{ record: { id: string } }>(created).record.id;
  return { orgId, userId: member.id, tokenId, memberEmail: member.email, tokenName };
}

async function send(route: RouteCase, to: Target, caller: Caller): Promise<LightMyRequestResponse> {
  const built = route.build(to);
  const options: InjectOptions = { method: built.method, url: built.url, headers: { ...caller.headers } };
  if (built.payload !== undefined) options.payload = built.payload;
  if (built.form !== undefined) {
    options.headers = { ...caller.headers, 'content-type': FORM_CONTENT_TYPE };
    options.payload = formBody(caller.csrf === null ? built.form : { ...built.form, _csrf: caller.csrf });
  }
  return t.app.inject(options);
}

async function rows(text: string, values: unknown[] = []): Promise<unknown[]> {
  return (await t.database.sql.executeSql(text, values)).rows;
}

/** Everything about an organisation a cross-tenant request could change, read straight from the tables. */
async function snapshot(orgId: string) {
  return {
    org: await rows('select name, contact_email, status, updated_at from organizations where id = $1', [orgId]),
    members: await rows('select user_id, role from memberships where org_id = $1 order by user_id', [orgId]),
    tokens: await rows('select id, name, revoked_at from api_tokens where org_id = $1 order by id', [orgId]),
    audit: await rows('select count(*)::int as n from audit_log where org_id = $1', [orgId]),
    users: await rows('select count(*)::int as n from users'),
  };
}

function expectOutcome(response: LightMyRequestResponse, route: RouteCase, outcome: Outcome): void {
  const codes = { not_found: [404, 'NOT_FOUND'], forbidden: [403, 'FORBIDDEN'], unauthenticated: [401, 'UNAUTHENTICATED'] } as const;
  if (outcome === 'allowed') {
    expect(response.statusCode).toBe(route.ok);
  } else if (outcome === 'to_login') {
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/login(\?|$)/);
  } else {
    const [status, code] = codes[outcome];
    expect(response.statusCode).toBe(status);
    if (route.surface === 'api') expect(json(response)).toMatchObject({ error: { code } });
    else expect(response.headers['content-type']).toMatch(/^text\/html/);
  }
}

beforeAll(async () => {
  t = await createTestApp({ config: { loginRateLimit: { max: 100_000, windowSeconds: 60 } } });
  homes.platform = (await t.org({ kind: 'platform' })).id;
  homes.assessor = (await t.org({ kind: 'assessor' })).id;
  homes.provincial = (await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' })).id;
  const [national] = (await rows("select id from organizations where slug = 'quoc-gia'")) as { id: string }[];
  homes.national = national?.id ?? 'missing national authority';
  for (const actor of ACTORS) {
    if (actor.kind === 'member') callers.set(actor.name, await memberCaller(homes[actor.home], actor.role));
    if (actor.kind === 'token') callers.set(actor.name, { headers: await t.token(homes[actor.home], [...SCOPES]), csrf: null });
    if (actor.kind === 'anonymous') {
      const form = await anonymousForm(t.app);
      callers.set(actor.name, { headers: { cookie: form.cookie }, csrf: form.csrf });
    }
  }
  const victimOrg = await t.org({ kind: 'platform', name: 'Victim platform B' });
  victim = await targetIn(victimOrg.id);
  nationalAdmin = await memberCaller(homes.national, 'admin');
  platformAdmin = callerOf('platform org_admin');
});
afterAll(async () => {
  await t?.close();
});

describe.each(ACTORS)('$name → organisation B', (actor) => {
  it.each(ROUTES)('$name', async (route) => {
    const caller = callerOf(actor.name);
    const outcome = expectedAcross(actor, route);
    const before = await snapshot(victim.orgId);
    const response = await send(route, victim, caller);
    expectOutcome(response, route, outcome);
    expect(await snapshot(victim.orgId)).toEqual(before);
    // Whatever they may see, B's people and tokens never show.
    expect(response.body).not.toContain(victim.memberEmail);
    expect(response.body).not.toContain(victim.tokenName);
    if (outcome === 'not_found') {
      // Fail closed: B answers exactly like an organisation that does not exist.
      const ghost = await send(route, { ...victim, orgId: randomUUID() }, caller);
      expect(ghost.statusCode).toBe(response.statusCode);
      if (route.surface === 'api') expect(json(ghost)).toMatchObject({ error: { code: json<{ error: { code: string } }>(response).error.code } });
    }
  });
});

// Own organisation in the path, another tenant's member or token as the child id.
const CHILD_ROUTES = ROUTES.filter((route) => route.name.includes(':userId') || route.name.includes(':tokenId'));
const MANAGERS = ['platform org_admin', 'provincial admin', 'platform token (all scopes)'];
describe.each(MANAGERS)('%s → own organisation, B’s member or token', (name) => {
  it.each(CHILD_ROUTES)('$name', async (route) => {
    const caller = callerOf(name);
    const actor = ACTORS.find((a) => a.name === name);
    if (actor === undefined || actor.kind === 'anonymous') throw new Error(`no home for ${name}`);
    const before = await snapshot(victim.orgId);
    const response = await send(route, { ...victim, orgId: homes[actor.home] }, caller);
    expectOutcome(response, route, actor.kind === 'token' && route.surface === 'page' ? 'to_login' : 'not_found');
    expect(await snapshot(victim.orgId)).toEqual(before);
  });
});

describe('the same routes succeed for those who may manage the organisation', () => {
  const cases = [
    { who: 'org A’s org_admin', on: 'org A', caller: () => platformAdmin, org: () => homes.platform },
    { who: 'the national admin', on: 'org A', caller: () => nationalAdmin, org: () => homes.platform },
    { who: 'the national admin', on: 'org B', caller: () => nationalAdmin, org: () => victim.orgId },
  ];
  describe.each(cases)('$who on $on', ({ caller, org }) => {
    it.each(ROUTES)('$name', async (route) => {
      const target = await targetIn(org());
      const before = await snapshot(target.orgId);
      const response = await send(route, target, caller());
      expectOutcome(response, route, 'allowed');
      // The snapshot that stays equal above does move when a permitted change happens.
      if (route.mutates) expect(await snapshot(target.orgId)).not.toEqual(before);
      else expect(await snapshot(target.orgId)).toEqual(before);
      if (route.name.startsWith('GET /api/v1/orgs/:orgId/users')) expect(response.body).toContain(target.memberEmail);
      if (route.name.startsWith('GET /api/v1/orgs/:orgId/tokens')) expect(response.body).toContain(target.tokenName);
    });
  });
});

describe('authority staff whose session has not passed two-factor', () => {
  const unverified = [
    { name: 'provincial admin', home: 'provincial' as const, role: 'admin' as const },
    { name: 'national analyst', home: 'national' as const, role: 'analyst' as const },
    { name: 'national admin', home: 'national' as const, role: 'admin' as const },
  ];
  const ownApi = ROUTES.filter((route) => route.surface === 'api');
  const ownPages = ROUTES.filter((route) => route.surface === 'page');

  describe.each(unverified)('$name', ({ home, role }) => {
    let session: Caller;
    let enrolled: Caller;
    let target: Target;
    beforeAll(async () => {
      target = await targetIn(homes[home], 'analyst');
      const user = await t.user(homes[home], role);
      const fresh = await t.session(user.id, false);
      session = { headers: fresh.headers, csrf: fresh.csrf };
      const enrolledUser = await t.user(homes[home], role);
      await t.database.sql.executeSql('update users set totp_enabled_at = now() where id = $1', [enrolledUser.id]);
      const pending = await t.session(enrolledUser.id, false);
      enrolled = { headers: pending.headers, csrf: pending.csrf };
    });

    it('holds no memberships and cannot list or create organisations', async () => {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
      expect(json(me)).toMatchObject({ type: 'user', memberships: [] });
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: session.headers });
      expect(json(list)).toEqual({ items: [] });
      const create = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: session.headers, payload: { slug: `x-${next()}`, name: 'Sneaky', kind: 'bank' } });
      expect([403, 404]).toContain(create.statusCode);
    });

    it.each(ownApi)('gets no authority powers on its own organisation: $name', async (route) => {
      const before = await snapshot(target.orgId);
      const response = await send(route, target, session);
      expectOutcome(response, route, 'not_found');
      expect(await snapshot(target.orgId)).toEqual(before);
    });

    it.each(ownPages)('is sent to two-factor by $name', async (route) => {
      for (const [caller, where] of [[session, '/account/two-factor'], [enrolled, '/login/two-factor']] as const) {
        const before = await snapshot(target.orgId);
        const response = await send(route, target, caller);
        expect(response.statusCode).toBe(303);
        expect(response.headers.location?.split('?')[0]).toBe(where);
        expect(await snapshot(target.orgId)).toEqual(before);
      }
    });
  });
});
