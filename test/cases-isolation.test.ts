// Who may see and act on which case, as a table: every kind of caller × the
// cases API × a case in Huế, one in Hà Nội and one without a province. Each
// refused cell reads the database before and after to prove nothing changed,
// and compares its 404 with the answer for a case that does not exist; each
// allowed write shows the same snapshot does move.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, type Role, type Scope } from '../src/modules/identity/index.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { call, newCase, person, rows, type ErrorBody, type Headers } from './helpers/cases.ts';

type Province = 'hue' | 'ha-noi' | 'none';
type Home = 'national' | 'hue' | 'ha-noi' | 'platform' | 'telecom' | 'agency' | 'assessor' | 'bank';
/** `sees`: the cases an authority caller's scope covers (null: not authority staff, or not yet past two-factor). */
type ActorSpec =
  | { name: string; kind: 'member'; home: Home; role: Role; sees: 'all' | Province | null; twoFactor?: false }
  | { name: string; kind: 'token'; home: Home; scopes: Scope[]; sees: 'all' | null }
  | { name: string; kind: 'anonymous' };

const PROVINCES: Province[] = ['hue', 'ha-noi', 'none'];

const ACTORS: ActorSpec[] = [
  { name: 'national admin', kind: 'member', home: 'national', role: 'admin', sees: 'all' },
  { name: 'national supervisor', kind: 'member', home: 'national', role: 'supervisor', sees: 'all' },
  { name: 'national analyst', kind: 'member', home: 'national', role: 'analyst', sees: 'all' },
  { name: 'national analyst before two-factor', kind: 'member', home: 'national', role: 'analyst', sees: null, twoFactor: false },
  { name: 'Huế analyst', kind: 'member', home: 'hue', role: 'analyst', sees: 'hue' },
  { name: 'Huế supervisor', kind: 'member', home: 'hue', role: 'supervisor', sees: 'hue' },
  { name: 'Hà Nội analyst', kind: 'member', home: 'ha-noi', role: 'analyst', sees: 'ha-noi' },
  { name: 'platform org_admin', kind: 'member', home: 'platform', role: 'org_admin', sees: null },
  { name: 'platform responder', kind: 'member', home: 'platform', role: 'responder', sees: null },
  { name: 'telecom responder', kind: 'member', home: 'telecom', role: 'responder', sees: null },
  { name: 'agency responder', kind: 'member', home: 'agency', role: 'responder', sees: null },
  { name: 'assessor', kind: 'member', home: 'assessor', role: 'assessor', sees: null },
  { name: 'bank org_admin', kind: 'member', home: 'bank', role: 'org_admin', sees: null },
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'national token (cases:read)', kind: 'token', home: 'national', scopes: ['cases:read'], sees: 'all' },
  { name: 'national token (cases:write)', kind: 'token', home: 'national', scopes: ['cases:write'], sees: 'all' },
  { name: 'platform token (all scopes)', kind: 'token', home: 'platform', scopes: [...SCOPES], sees: null },
];

/** `personOnly`: a token may hold the permission, but only a person can do this (claim: checked before the case; notes: after). */
type RouteCase = { name: string; scope: Scope; personOnly: 'before_case' | 'after_case' | null; ok: number; mutates: boolean; build(caseId: string): { method: 'GET' | 'POST'; url: string; payload?: object } };

const DETAIL: RouteCase = { name: 'GET /api/v1/cases/:id', scope: 'cases:read', personOnly: null, ok: 200, mutates: false, build: (id) => ({ method: 'GET', url: `/api/v1/cases/${id}` }) };
const ROUTES: RouteCase[] = [
  DETAIL,
  { name: 'POST /api/v1/cases/:id/claim', scope: 'cases:write', personOnly: 'before_case', ok: 200, mutates: true, build: (id) => ({ method: 'POST', url: `/api/v1/cases/${id}/claim` }) },
  {
    name: 'POST /api/v1/cases/:id/decisions',
    scope: 'cases:write',
    personOnly: null,
    ok: 201,
    mutates: true,
    build: (id) => ({ method: 'POST', url: `/api/v1/cases/${id}/decisions`, payload: { outcome: 'rejected', reason: 'Không đủ căn cứ để xác minh.' } }),
  },
  { name: 'POST /api/v1/cases/:id/notes', scope: 'cases:write', personOnly: 'after_case', ok: 201, mutates: true, build: (id) => ({ method: 'POST', url: `/api/v1/cases/${id}/notes`, payload: { body: 'Ghi chú nội bộ' } }) },
];

type Expected = { status: number; code?: string };

/** What a caller must get for a route on a case of a province. */
function expectedFor(actor: ActorSpec, route: RouteCase, province: Province): Expected {
  if (actor.kind === 'anonymous') return { status: 401, code: 'UNAUTHENTICATED' };
  if (actor.kind === 'token' && actor.sees !== null && !actor.scopes.includes(route.scope)) return { status: 403, code: 'SCOPE_MISSING' };
  if (actor.sees === null) return { status: 403, code: 'FORBIDDEN' };
  if (actor.kind === 'token' && route.personOnly === 'before_case') return { status: 403, code: 'FORBIDDEN' };
  if (actor.sees !== 'all' && actor.sees !== province) return { status: 404, code: 'NOT_FOUND' };
  if (actor.kind === 'token' && route.personOnly === 'after_case') return { status: 403, code: 'FORBIDDEN' };
  return { status: route.ok };
}

/** The cases an actor's list shows, or the refusal. */
function expectedList(actor: ActorSpec): Province[] | Expected {
  const refusal = expectedFor(actor, DETAIL, 'none');
  if (refusal.code !== undefined && refusal.code !== 'NOT_FOUND') return refusal;
  return actor.kind === 'anonymous' || actor.sees === null ? [] : actor.sees === 'all' ? PROVINCES : [actor.sees];
}

/** Orgs, and a caller per actor, on a fresh app. */
async function setUp(t: TestApp): Promise<Map<string, Headers>> {
  const [national] = await rows<{ id: string }>(t, "select id from organizations where slug = 'quoc-gia'");
  const homes: Record<Home, string> = {
    national: national?.id ?? 'missing national authority',
    hue: (await t.org({ kind: 'authority', provinceCode: 'hue' })).id,
    'ha-noi': (await t.org({ kind: 'authority', provinceCode: 'ha-noi' })).id,
    platform: (await t.org({ kind: 'platform' })).id,
    telecom: (await t.org({ kind: 'telecom' })).id,
    agency: (await t.org({ kind: 'agency' })).id,
    assessor: (await t.org({ kind: 'assessor' })).id,
    bank: (await t.org({ kind: 'bank' })).id,
  };
  const callers = new Map<string, Headers>();
  for (const actor of ACTORS) {
    if (actor.kind === 'member') callers.set(actor.name, (await person(t, homes[actor.home], actor.role, actor.twoFactor ?? true)).headers);
    if (actor.kind === 'token') callers.set(actor.name, await t.token(homes[actor.home], actor.scopes));
    if (actor.kind === 'anonymous') callers.set(actor.name, {});
  }
  return callers;
}

function actorNamed(name: string): ActorSpec {
  const actor = ACTORS.find((a) => a.name === name);
  if (actor === undefined) throw new Error(`no actor ${name}`);
  return actor;
}

function headersOf(callers: Map<string, Headers>, actor: ActorSpec): Headers {
  const headers = callers.get(actor.name);
  if (headers === undefined) throw new Error(`no caller for ${actor.name}`);
  return headers;
}

const reportOf = (province: Province) => (province === 'none' ? {} : { province });

function expectAnswer(response: LightMyRequestResponse, expected: Expected): void {
  expect(response.statusCode).toBe(expected.status);
  if (expected.code !== undefined) expect(json<ErrorBody>(response).error.code).toBe(expected.code);
}

describe('reading cases', () => {
  let t: TestApp;
  let callers: Map<string, Headers>;
  const cases = {} as Record<Province, string>;
  beforeAll(async () => {
    t = await createTestApp();
    callers = await setUp(t);
    for (const province of PROVINCES) cases[province] = (await newCase(t, reportOf(province))).id;
  });
  afterAll(() => t.close());

  it.each(ACTORS)('GET /api/v1/cases lists exactly what $name may see', async (actor) => {
    const response = await call(t, headersOf(callers, actor), 'GET', '/api/v1/cases?status=all');
    const expected = expectedList(actor);
    if (!Array.isArray(expected)) {
      expectAnswer(response, expected);
      expect(response.body).not.toContain('"items"');
      for (const id of Object.values(cases)) expect(response.body).not.toContain(id);
      return;
    }
    expect(response.statusCode).toBe(200);
    const list = json<{ items: { id: string }[]; total: number }>(response);
    expect(list.items.map((c) => c.id).sort()).toEqual(expected.map((p) => cases[p]).sort());
    expect(list.total).toBe(expected.length);
  });

  it('a province filter cannot widen a provincial scope', async () => {
    const response = await call(t, headersOf(callers, actorNamed('Huế analyst')), 'GET', '/api/v1/cases?status=all&province=ha-noi');
    expect(json(response)).toEqual({ items: [], total: 0 });
  });

    describe.each(ACTORS)('$name', (actor) => {
    it.each(PROVINCES.flatMap((province) => [DETAIL].map((route) => ({ province, route, label: `${route.name} (${province})` }))))('$label', async ({ province, route }) => {
      const expected = expectedFor(actor, route, province);
      const built = route.build(cases[province]);
      const response = await call(t, headersOf(callers, actor), built.method, built.url);
      expectAnswer(response, expected);
      if (expected.status === 200) expect(json<{ id: string }>(response).id).toBe(cases[province]);
      else expect(response.body).not.toContain(cases[province]);
      if (expected.status === 404) {
        const ghost = await call(t, headersOf(callers, actor), 'GET', `/api/v1/cases/${randomUUID()}`);
        expectAnswer(ghost, expected);
      }
    });
  });
});

describe('acting on cases', () => {
  let t: TestApp;
  let callers: Map<string, Headers>;
  beforeAll(async () => {
    t = await createTestApp();
    callers = await setUp(t);
  });
  afterAll(() => t.close());

  /** Everything a refused request could have changed, read from the tables. */
  async function snapshot(caseId: string) {
    return {
      case: await rows(t, 'select status, assignee_id, assigned_at, first_reviewed_at, decided_at, has_new_information, updated_at from cases where id = $1', [caseId]),
      decisions: await rows(t, 'select id, state from case_decisions where case_id = $1 order by id', [caseId]),
      notes: await rows(t, 'select id from case_notes where case_id = $1 order by id', [caseId]),
      events: await rows(t, 'select kind from case_events where case_id = $1 order by seq', [caseId]),
      domainEvents: await rows(t, 'select type from domain_events where aggregate_id = $1 order by serial', [caseId]),
      audit: await rows(t, 'select action from audit_log where subject_id = $1 order by seq', [caseId]),
    };
  }

  const WRITES = ROUTES.filter((r) => r.mutates);
  describe.each(ACTORS)('$name', (actor) => {
    it.each(PROVINCES.flatMap((province) => WRITES.map((route) => ({ province, route, label: `${route.name} (${province})` }))))('$label', async ({ province, route }) => {
      const { id } = await newCase(t, reportOf(province));
      const expected = expectedFor(actor, route, province);
      const before = await snapshot(id);
      const built = route.build(id);
      const response = await call(t, headersOf(callers, actor), built.method, built.url, built.payload);
      expectAnswer(response, expected);
      if (expected.status === route.ok) {
        expect(await snapshot(id)).not.toEqual(before);
        return;
      }
      expect(await snapshot(id)).toEqual(before);
      expect(response.body).not.toContain(id);
      if (expected.status === 404) {
        const ghost = route.build(randomUUID());
        expectAnswer(await call(t, headersOf(callers, actor), ghost.method, ghost.url, ghost.payload), expected);
      }
    });
  });

  it('tells a token with cases:write that only a person can claim', async () => {
    const { id } = await newCase(t, { province: 'hue' });
    const response = await call(t, headersOf(callers, actorNamed('national token (cases:write)')), 'POST', `/api/v1/cases/${id}/claim`);
    expect(json<ErrorBody>(response).error).toMatchObject({ code: 'FORBIDDEN', message: 'Only a person can claim a case.' });
  });
});
