// Telecoms report which blocking list they run; the national authority sees how far behind each
// one is (API and the /admin/feeds page), including telecoms that never reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { person, rows, type Person } from './helpers/cases.ts';
import { list } from './helpers/reputation.ts';

let t: TestApp;
let viettel: { id: string; token: Record<string, string> };
let mobi: { id: string; token: Record<string, string> };
let quiet: { id: string };
let analyst: Person;
const HOUR = 3_600_000;

type LagList = {
  currentSerial: number;
  generatedAt: string;
  telecoms: { orgId: string; name: string; deployedSerial: number | null; reportedAt: string | null; lagSerials: number; behindSince: string | null; lagSeconds: number }[];
};

const post = (headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/feeds/deployments', headers, payload });
const lagList = async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/feeds/deployments', headers: await analystHeaders() });
  expect(response.statusCode).toBe(200);
  return response.json<LagList>();
};
// Sessions last an hour of the test clock, which these tests move by hours: a fresh one each time.
const analystHeaders = async () => (await t.session(analyst.id)).headers;
const serialNow = async () => Number((await rows<{ value: string }>(t, 'select value from reputation_serial where id = 1'))[0]?.value ?? 0);

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-06-01T02:00:00Z') });
  const a = await t.org({ kind: 'telecom', name: 'Viettel Test' });
  const b = await t.org({ kind: 'telecom', name: 'MobiFone Test' });
  const c = await t.org({ kind: 'telecom', name: 'Quiet Telecom' });
  viettel = { id: a.id, token: await t.token(a.id, ['feeds:read']) };
  mobi = { id: b.id, token: await t.token(b.id, ['feeds:read']) };
  quiet = { id: c.id };
  const national = await t.org({ kind: 'authority', scope: 'national' });
  analyst = await person(t, national.id, 'analyst');
  await list(t, [{ value: 'lua-dao-1.example.com', type: 'domain' }]); // serial 1, at 02:00
  t.clock.advance(HOUR);
  await list(t, [{ value: 'lua-dao-2.example.com', type: 'domain' }]); // serial 2, at 03:00
});
afterAll(() => t.close());

describe('deployment reports', () => {
  it('a telecom reports the serial it runs; the report is stored and audited', async () => {
    const response = await post(viettel.token, { feed: 'rpz', serial: 2 });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ orgId: viettel.id, feed: 'rpz', serial: 2, currentSerial: 2, lagSerials: 0, reportedAt: '2026-06-01T03:00:00.000Z' });
    const stored = await rows<{ org_id: string; serial: string | number }>(t, 'select org_id, serial from feed_deployments');
    expect(stored.map((row) => [row.org_id, Number(row.serial)])).toEqual([[viettel.id, 2]]);
    const audit = await rows<{ action: string; org_id: string; summary: Record<string, unknown> }>(t, "select action, org_id, summary from audit_log where action = 'feed.deployment_reported'");
    expect(audit).toEqual([{ action: 'feed.deployment_reported', org_id: viettel.id, summary: { feed: 'rpz', serial: 2, currentSerial: 2 } }]);
    expect((await post(mobi.token, { feed: 'rpz', serial: 1, orgId: mobi.id })).statusCode).toBe(201);
  });

  it('refuses a serial ahead of the current one, another organisation, a non-telecom and a token without feeds:read', async () => {
    const ahead = await post(viettel.token, { feed: 'rpz', serial: (await serialNow()) + 1 });
    expect(ahead.statusCode).toBe(422);
    expect(ahead.json()).toMatchObject({ error: { code: 'SERIAL_AHEAD', details: [{ field: 'serial' }] } });
    const other = await post(viettel.token, { feed: 'rpz', serial: 1, orgId: quiet.id });
    expect(other.statusCode).toBe(404);
    const platform = await t.org({ kind: 'platform' });
    expect((await post(await t.token(platform.id, ['feeds:read']), { feed: 'rpz', serial: 1 })).statusCode).toBe(403);
    const unscoped = await post(await t.token(viettel.id, ['org:read']), { feed: 'rpz', serial: 1 });
    expect(unscoped.statusCode).toBe(403);
    expect(unscoped.json()).toMatchObject({ error: { code: 'SCOPE_MISSING' } });
    expect((await post({}, { feed: 'rpz', serial: 1 })).statusCode).toBe(401);
    expect((await post(viettel.token, { feed: 'hosts', serial: 1 })).statusCode).toBe(400);
    expect((await post(viettel.token, { feed: 'rpz', serial: -1 })).statusCode).toBe(400);
    expect((await post(viettel.token, { feed: 'rpz', serial: '2' })).statusCode).toBe(400);
    expect(await rows(t, 'select 1 from feed_deployments where org_id = $1', [quiet.id])).toEqual([]);
  });
});

describe('the lag list', () => {
  it('lists every telecom, the one that never reported first, with changes and time behind', async () => {
    t.clock.advance(2 * HOUR); // 05:00
    const lag = await lagList();
    expect(lag.currentSerial).toBe(2);
    expect(lag.telecoms.map((row) => row.name)).toEqual(['Quiet Telecom', 'MobiFone Test', 'Viettel Test']);
    const [never, behind, current] = lag.telecoms;
    // Never reported: behind by every change, since the first one (02:00).
    expect(never).toMatchObject({ orgId: quiet.id, deployedSerial: null, reportedAt: null, lagSerials: 2, behindSince: '2026-06-01T02:00:00.000Z', lagSeconds: 3 * 3600 });
    // Runs serial 1: behind since serial 2 was made (03:00).
    expect(behind).toMatchObject({ orgId: mobi.id, deployedSerial: 1, lagSerials: 1, behindSince: '2026-06-01T03:00:00.000Z', lagSeconds: 2 * 3600 });
    expect(current).toMatchObject({ orgId: viettel.id, deployedSerial: 2, lagSerials: 0, behindSince: null, lagSeconds: 0 });
  });

  it('follows new changes and new reports', async () => {
    await list(t, [{ value: 'lua-dao-3.example.com', type: 'domain' }]); // serial 3, at 05:00
    t.clock.advance(HOUR);
    expect((await post(mobi.token, { feed: 'rpz', serial: 3 })).statusCode).toBe(201);
    const lag = await lagList();
    expect(lag.telecoms.find((row) => row.orgId === viettel.id)).toMatchObject({ deployedSerial: 2, lagSerials: 1, behindSince: '2026-06-01T05:00:00.000Z', lagSeconds: 3600 });
    expect(lag.telecoms.find((row) => row.orgId === mobi.id)).toMatchObject({ deployedSerial: 3, lagSerials: 0, reportedAt: '2026-06-01T06:00:00.000Z' });
  });

  it('is for the national authority only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/feeds/deployments', headers: viettel.token })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/feeds/deployments' })).statusCode).toBe(401);
    const province = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
    const provincial = await person(t, province.id, 'admin');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/feeds/deployments', headers: provincial.headers })).statusCode).toBe(403);
    const national = await t.org({ kind: 'authority', scope: 'national' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/feeds/deployments', headers: await t.token(national.id, ['feeds:read']) })).statusCode).toBe(200);
  });
});

describe('the staff page /admin/feeds', () => {
  it('shows the lag table worst first, flags telecoms behind more than 24 h, and links every feed', async () => {
    t.clock.advance(30 * HOUR);
    const { cookie } = await t.session(analyst.id);
    const page = await t.app.inject({ method: 'GET', url: '/admin/feeds', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = page.body;
    expect(html).toContain('Danh sách chặn và nhà mạng');
    expect(html.indexOf('Quiet Telecom')).toBeLessThan(html.indexOf('Viettel Test'));
    expect(html.indexOf('Viettel Test')).toBeLessThan(html.indexOf('MobiFone Test'));
    expect(html).toContain('Chưa báo cáo');
    expect(html).toContain('<strong class="feed-lagging">Viettel Test</strong>');
    expect(html).toContain('1 ngày 7 giờ');
    expect(html).not.toContain('<strong class="feed-lagging">MobiFone Test</strong>');
    for (const href of ['/feeds/rpz', '/feeds/hosts', '/feeds/domains.txt', '/feeds/adblock.txt', '/feeds/indicators.csv', '/feeds/indicators.json']) expect(html).toContain(`href="${href}"`);
    const english = await t.app.inject({ method: 'GET', url: '/admin/feeds?lang=en&serials=0', headers: { cookie } });
    expect(english.body).toContain('Blocking lists and telecoms');
    expect(english.body).toContain('Never reported');
    expect(english.body).toContain('1 d 7 h');
  });

  it('sends people without a session to log in, and refuses other staff', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/feeds' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Ffeeds');
    const telecomUser = await person(t, viettel.id, 'org_admin');
    const refused = await t.app.inject({ method: 'GET', url: '/admin/feeds', headers: { cookie: telecomUser.headers.cookie ?? '' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('text/html');
  });
});
