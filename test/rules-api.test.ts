import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { seedRules } from '../src/modules/rules/service.ts';
import { listAuditEntries } from '../src/modules/audit/index.ts';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminHeaders();
});
afterAll(async () => {
  await t.close();
});

type Version = { key: string; value: unknown; unit: string; validFrom: string; validTo: string | null; citation: string };
const get = async (url: string, headers = admin) => t.app.inject({ method: 'GET', url, headers });

describe('legal rules as data', () => {
  it('is seeded with the table of the brief, once', async () => {
    const { items } = json<{ items: Version[] }>(await get('/api/v1/rules'));
    expect(items.length).toBe(32);
    expect(items.filter((v) => v.key === 'takedown.authority_request').map((v) => [v.value, v.unit, v.citation])).toEqual([
      [3, 'hours', expect.stringMatching(/^Decree 27\/2018/)],
      [24, 'hours', expect.stringMatching(/^Decree 147\/2024/)],
    ]);
    const again = await t.database.transaction((tx) => seedRules(tx.db, { actor: { type: 'system', label: 'test' }, requestId: null, now: new Date() }));
    expect(again).toBe(0);
  });

  it('gives the version in force at an instant, across the 2024-12-25 change', async () => {
    const before = json<Version>(await get('/api/v1/rules/takedown.authority_request?at=2024-12-24T23:59:59%2B07:00'));
    const after = json<Version>(await get('/api/v1/rules/takedown.authority_request?at=2024-12-25T00:00:00%2B07:00'));
    expect([before.value, before.citation]).toEqual([3, expect.stringMatching(/^Decree 27\/2018/)]);
    expect([after.value, after.citation]).toEqual([24, expect.stringMatching(/^Decree 147\/2024/)]);
    const tooEarly = await get('/api/v1/rules/takedown.authority_request?at=2010-01-01T00:00:00Z');
    expect(tooEarly.statusCode).toBe(404);
    expect(json(tooEarly)).toMatchObject({ error: { code: 'RULE_NOT_FOUND' } });
  });

  it('computes deadlines with the version valid when the clock started', async () => {
    const on24 = json<{ dueAt: string; version: Version }>(await get('/api/v1/rules/takedown.authority_request/deadline?start=2024-12-24T10:00:00%2B07:00'));
    expect(on24.dueAt).toBe('2024-12-24T06:00:00.000Z');
    expect(on24.version.citation).toMatch(/^Decree 27\/2018/);
    const on26 = json<{ dueAt: string; version: Version }>(await get('/api/v1/rules/takedown.authority_request/deadline?start=2024-12-26T10:00:00%2B07:00'));
    expect(on26.dueAt).toBe('2024-12-27T03:00:00.000Z');
    const urgentEarly = await get('/api/v1/rules/takedown.authority_request_urgent/deadline?start=2026-08-18T10:00:00%2B07:00');
    expect(urgentEarly.statusCode).toBe(404);
    const urgent = json<{ dueAt: string }>(await get('/api/v1/rules/takedown.authority_request_urgent/deadline?start=2026-08-19T10:00:00%2B07:00'));
    expect(urgent.dueAt).toBe('2026-08-19T09:00:00.000Z');
  });

  it('counts working days across Tết 2026 and Tết 2027', async () => {
    // Friday 13 Feb 2026 is the last working day before the 14–22 Feb break: day 1 is Mon 23, day 2 Tue 24.
    const tet2026 = json<{ dueAt: string }>(await get('/api/v1/rules/dsr.acknowledge/deadline?start=2026-02-13T09:00:00%2B07:00'));
    expect(tet2026.dueAt).toBe('2026-02-24T16:59:59.999Z');
    // Thursday 4 Feb 2027; 5–11 Feb 2027 are off: day 1 is Fri 12 Feb, day 2 Mon 15 Feb.
    const tet2027 = json<{ dueAt: string }>(await get('/api/v1/rules/dsr.acknowledge/deadline?start=2027-02-04T09:00:00%2B07:00'));
    expect(tet2027.dueAt).toBe('2027-02-15T16:59:59.999Z');
    const beyond = await get('/api/v1/rules/dsr.acknowledge/deadline?start=2031-06-01T09:00:00%2B07:00');
    expect(beyond.statusCode).toBe(422);
    expect(json(beyond)).toMatchObject({ error: { code: 'DEADLINE_UNCOMPUTABLE' } });
  });

  it('adds a version without a deploy, audited, and applies it from its start', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/rules',
      headers: admin,
      payload: { key: 'takedown.user_complaint', value: 36, unit: 'hours', validFrom: '2027-03-01T00:00:00+07:00', citation: 'Decree 999/2027 (test)' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = json<{ id: string }>(created);
    expect(json<Version>(await get('/api/v1/rules/takedown.user_complaint?at=2027-02-28T12:00:00%2B07:00')).value).toBe(48);
    expect(json<Version>(await get('/api/v1/rules/takedown.user_complaint?at=2027-03-01T12:00:00%2B07:00')).value).toBe(36);
    const audit = await listAuditEntries(t.database.db, { action: 'rule.add' }, 10);
    expect(audit.map((e) => e.subjectId)).toContain(id);
  });

  it('refuses an invalid version and stores nothing', async () => {
    const count = async () => (await t.database.sql.executeSql('select count(*)::int as n from rule_versions')).rows[0];
    const before = await count();
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/rules',
      headers: admin,
      payload: { key: 'takedown.user_complaint', value: 12, unit: 'hours', validFrom: '2028-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', citation: 'Backwards' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(json(invalid)).toMatchObject({ error: { code: 'RULE_VERSION_INVALID', details: [expect.objectContaining({ field: 'validTo' })] } });
    expect(await count()).toEqual(before);
  });

  it('keeps rule changes to national admins and supervisors', async () => {
    const platform = await t.org({ kind: 'platform' });
    const orgAdmin = await t.user(platform.id, 'org_admin');
    const headers = (await t.session(orgAdmin.id)).headers;
    expect((await get('/api/v1/rules', headers)).statusCode).toBe(403);
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/rules', headers, payload: { key: 'a.b', value: 1, unit: 'hours', validFrom: '2030-01-01T00:00:00Z', citation: 'None' } });
    expect(post.statusCode).toBe(403);
    const province = await t.org({ kind: 'authority', scope: 'provincial' });
    const analyst = await t.user(province.id, 'analyst');
    const analystHeaders = (await t.session(analyst.id)).headers;
    expect((await get('/api/v1/rules', analystHeaders)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/rules', headers: analystHeaders, payload: { key: 'a.b', value: 1, unit: 'hours', validFrom: '2030-01-01T00:00:00Z', citation: 'None' } })).statusCode).toBe(403);
  });
});
